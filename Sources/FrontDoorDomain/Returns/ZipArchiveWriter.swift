import Foundation

/// A minimal ZIP writer (PKWARE APPNOTE 6.3): entries are stored without compression, each with its
/// CRC-32, then the central directory and its end record. Enough for an Office Open XML workbook,
/// and small enough to read in one sitting. No ZIP64: at most 65,535 entries and 4 GiB in all,
/// far beyond any statutory return.
///
/// Every entry carries the same fixed modification time, so the same content always makes the
/// same bytes (a return can be checked by hash, and tests can compare archives).
public struct ZipArchiveWriter: Sendable {
    public enum Failure: Error, Equatable, CustomStringConvertible {
        case tooManyEntries
        case tooLarge
        case duplicatePath(String)
        case invalidPath(String)

        public var description: String {
            switch self {
            case .tooManyEntries: "a ZIP archive without ZIP64 holds at most 65,535 entries"
            case .tooLarge: "a ZIP archive without ZIP64 holds at most 4 GiB"
            case .duplicatePath(let path): "the archive already has an entry named \(path)"
            case .invalidPath(let path): "'\(path)' is not a relative path with '/' separators"
            }
        }
    }

    private struct Entry {
        let name: [UInt8]
        let crc: UInt32
        let size: UInt32
        let offset: UInt32
    }

    private var bytes = Data()
    private var entries: [Entry] = []
    private var names: Set<String> = []
    /// MS-DOS time and date fields (1980-01-01 00:00 by default).
    private let dosTime: UInt16
    private let dosDate: UInt16

    public init(modified: LocalDate = LocalDate(year: 1980, month: 1, day: 1)!) {
        let year = min(max(modified.year, 1980), 2107)
        dosDate = UInt16((year - 1980) << 9 | modified.month << 5 | modified.day)
        dosTime = 0
    }

    /// Adds a file. Paths use '/' and are relative ("xl/workbook.xml").
    public mutating func add(path: String, data: Data) throws(Failure) {
        guard !path.isEmpty, !path.hasPrefix("/"), !path.contains("\\"), !path.split(separator: "/").contains("..") else {
            throw .invalidPath(path)
        }
        guard !names.contains(path) else { throw .duplicatePath(path) }
        guard entries.count < 0xFFFF else { throw .tooManyEntries }
        let name = Array(path.utf8)
        let offset = bytes.count
        guard offset + 30 + name.count + data.count < Int(UInt32.max) else { throw .tooLarge }
        let crc = Self.crc32(data)
        let size = UInt32(data.count)

        bytes.zipAppend32(0x0403_4B50)  // local file header
        bytes.zipAppend16(20)  // version needed: 2.0
        bytes.zipAppend16(Self.flags)
        bytes.zipAppend16(0)  // method: stored
        bytes.zipAppend16(dosTime)
        bytes.zipAppend16(dosDate)
        bytes.zipAppend32(crc)
        bytes.zipAppend32(size)  // compressed size
        bytes.zipAppend32(size)  // uncompressed size
        bytes.zipAppend16(UInt16(name.count))
        bytes.zipAppend16(0)  // extra field length
        bytes.append(contentsOf: name)
        bytes.append(data)

        entries.append(Entry(name: name, crc: crc, size: size, offset: UInt32(offset)))
        names.insert(path)
    }

    public mutating func add(path: String, text: String) throws(Failure) {
        try add(path: path, data: Data(text.utf8))
    }

    /// The archive: every entry, then the central directory and its end record.
    public func finish() throws(Failure) -> Data {
        var out = bytes
        let directoryStart = out.count
        for entry in entries {
            out.zipAppend32(0x0201_4B50)  // central directory header
            out.zipAppend16(20)  // version made by: 2.0, MS-DOS attributes
            out.zipAppend16(20)  // version needed
            out.zipAppend16(Self.flags)
            out.zipAppend16(0)  // stored
            out.zipAppend16(dosTime)
            out.zipAppend16(dosDate)
            out.zipAppend32(entry.crc)
            out.zipAppend32(entry.size)
            out.zipAppend32(entry.size)
            out.zipAppend16(UInt16(entry.name.count))
            out.zipAppend16(0)  // extra field length
            out.zipAppend16(0)  // comment length
            out.zipAppend16(0)  // disk number start
            out.zipAppend16(0)  // internal attributes
            out.zipAppend32(0)  // external attributes
            out.zipAppend32(entry.offset)
            out.append(contentsOf: entry.name)
        }
        let directorySize = out.count - directoryStart
        guard out.count + 22 < Int(UInt32.max) else { throw .tooLarge }
        out.zipAppend32(0x0605_4B50)  // end of central directory
        out.zipAppend16(0)  // this disk
        out.zipAppend16(0)  // disk with the directory
        out.zipAppend16(UInt16(entries.count))
        out.zipAppend16(UInt16(entries.count))
        out.zipAppend32(UInt32(directorySize))
        out.zipAppend32(UInt32(directoryStart))
        out.zipAppend16(0)  // comment length
        return out
    }

    /// General purpose flags: bit 11, names are UTF-8.
    private static let flags: UInt16 = 1 << 11

    // MARK: CRC-32

    /// CRC-32 as ZIP uses it (ISO-HDLC: reflected polynomial 0xEDB88320, initial and final XOR
    /// 0xFFFFFFFF). The CRC of "123456789" is 0xCBF43926.
    public static func crc32(_ data: some Sequence<UInt8>) -> UInt32 {
        var crc: UInt32 = 0xFFFF_FFFF
        for byte in data {
            crc = crcTable[Int((crc ^ UInt32(byte)) & 0xFF)] ^ (crc >> 8)
        }
        return crc ^ 0xFFFF_FFFF
    }

    private static let crcTable: [UInt32] = (0..<256).map { n in
        var c = UInt32(n)
        for _ in 0..<8 {
            c = c & 1 == 1 ? 0xEDB8_8320 ^ (c >> 1) : c >> 1
        }
        return c
    }
}

extension Data {
    fileprivate mutating func zipAppend16(_ value: UInt16) {
        append(UInt8(value & 0xFF))
        append(UInt8(value >> 8))
    }

    fileprivate mutating func zipAppend32(_ value: UInt32) {
        zipAppend16(UInt16(value & 0xFFFF))
        zipAppend16(UInt16(value >> 16))
    }
}
