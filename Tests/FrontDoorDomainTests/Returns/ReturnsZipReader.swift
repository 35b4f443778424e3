import Foundation
import FrontDoorDomain

#if canImport(FoundationXML)
    import FoundationXML
#endif

/// Reads a ZIP archive the way an unzip tool does — from the end record, through the central
/// directory, to each local header — and checks every structure on the way, so that tests can
/// prove the writer's archives are well formed, not merely that it wrote some bytes.
struct ReturnsZipReader {
    struct Entry: Equatable {
        let name: String
        let method: UInt16
        let crc: UInt32
        let data: Data
    }

    enum Problem: Error, CustomStringConvertible {
        case malformed(String)
        var description: String {
            switch self {
            case .malformed(let why): why
            }
        }
    }

    let entries: [Entry]

    init(_ archive: Data) throws {
        let bytes = [UInt8](archive)
        func u16(_ at: Int) throws -> Int {
            guard at + 2 <= bytes.count else { throw Problem.malformed("truncated at \(at)") }
            return Int(bytes[at]) | Int(bytes[at + 1]) << 8
        }
        func u32(_ at: Int) throws -> UInt32 {
            UInt32(try u16(at)) | UInt32(try u16(at + 2)) << 16
        }
        // The end record is the last 22 bytes when there is no archive comment.
        let end = bytes.count - 22
        guard end >= 0, try u32(end) == 0x0605_4B50 else { throw Problem.malformed("no end of central directory record") }
        guard try u16(end + 20) == 0 else { throw Problem.malformed("unexpected archive comment") }
        let count = try u16(end + 10)
        guard try u16(end + 8) == count else { throw Problem.malformed("entry counts disagree") }
        let directorySize = Int(try u32(end + 12))
        let directoryStart = Int(try u32(end + 16))
        guard directoryStart + directorySize == end else { throw Problem.malformed("central directory does not end at the end record") }

        var entries: [Entry] = []
        var at = directoryStart
        for _ in 0..<count {
            guard try u32(at) == 0x0201_4B50 else { throw Problem.malformed("bad central directory header at \(at)") }
            let method = UInt16(try u16(at + 10))
            let crc = try u32(at + 16)
            let compressed = Int(try u32(at + 20))
            let size = Int(try u32(at + 24))
            let nameLength = try u16(at + 28)
            let extraLength = try u16(at + 30)
            let commentLength = try u16(at + 32)
            let localOffset = Int(try u32(at + 42))
            let name = String(decoding: bytes[(at + 46)..<(at + 46 + nameLength)], as: UTF8.self)

            guard try u32(localOffset) == 0x0403_4B50 else { throw Problem.malformed("bad local header for \(name)") }
            guard UInt16(try u16(localOffset + 8)) == method, try u32(localOffset + 14) == crc,
                Int(try u32(localOffset + 18)) == compressed, Int(try u32(localOffset + 22)) == size
            else { throw Problem.malformed("local header of \(name) disagrees with the central directory") }
            let localName = try u16(localOffset + 26)
            let localExtra = try u16(localOffset + 28)
            let dataStart = localOffset + 30 + localName + localExtra
            guard String(decoding: bytes[(localOffset + 30)..<(localOffset + 30 + localName)], as: UTF8.self) == name
            else { throw Problem.malformed("local name of \(name) differs") }
            guard method == 0, compressed == size else { throw Problem.malformed("\(name) is not stored") }
            let data = Data(bytes[dataStart..<(dataStart + size)])
            guard ZipArchiveWriter.crc32(data) == crc else { throw Problem.malformed("CRC of \(name) does not match its data") }
            entries.append(Entry(name: name, method: method, crc: crc, data: data))
            at += 46 + nameLength + extraLength + commentLength
        }
        guard at == end else { throw Problem.malformed("central directory has trailing bytes") }
        self.entries = entries
    }

    subscript(name: String) -> Data? { entries.first { $0.name == name }?.data }

    func text(_ name: String) -> String? { self[name].map { String(decoding: $0, as: UTF8.self) } }
}

/// A parsed XML element, enough to walk a workbook part or a census return.
final class ReturnsXMLNode {
    let name: String
    let attributes: [String: String]
    var children: [ReturnsXMLNode] = []
    var text = ""

    init(name: String, attributes: [String: String]) {
        self.name = name
        self.attributes = attributes
    }

    func all(_ name: String) -> [ReturnsXMLNode] { children.filter { $0.name == name } }
    func first(_ name: String) -> ReturnsXMLNode? { children.first { $0.name == name } }

    /// Every descendant with this name, in document order.
    func descendants(_ name: String) -> [ReturnsXMLNode] {
        children.flatMap { ($0.name == name ? [$0] : []) + $0.descendants(name) }
    }

    static func parse(_ data: Data) throws -> ReturnsXMLNode {
        let delegate = Builder()
        let parser = XMLParser(data: data)
        parser.delegate = delegate
        guard parser.parse(), let root = delegate.root else {
            throw ReturnsZipReader.Problem.malformed("XML does not parse: \(parser.parserError.map { "\($0)" } ?? "no root")")
        }
        return root
    }

    private final class Builder: NSObject, XMLParserDelegate {
        var root: ReturnsXMLNode?
        var stack: [ReturnsXMLNode] = []

        func parser(_ parser: XMLParser, didStartElement name: String, namespaceURI: String?, qualifiedName: String?, attributes: [String: String] = [:]) {
            let node = ReturnsXMLNode(name: name, attributes: attributes)
            if let parent = stack.last { parent.children.append(node) } else { root = node }
            stack.append(node)
        }

        func parser(_ parser: XMLParser, didEndElement name: String, namespaceURI: String?, qualifiedName: String?) {
            stack.removeLast()
        }

        func parser(_ parser: XMLParser, foundCharacters string: String) {
            stack.last?.text += string
        }
    }
}
