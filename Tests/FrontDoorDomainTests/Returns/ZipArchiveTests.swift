import Foundation
import FrontDoorDomain
import PropertyBased
import Testing

@Suite("ZIP archives and CRC-32")
struct ZipArchiveTests {
    @Test("CRC-32 of known inputs", arguments: [
        ("", UInt32(0)),
        ("123456789", 0xCBF4_3926),
        ("a", 0xE8B7_BE43),
        ("The quick brown fox jumps over the lazy dog", 0x414F_A339),
    ])
    func knownCRCs(pair: (String, UInt32)) {
        #expect(ZipArchiveWriter.crc32(Data(pair.0.utf8)) == pair.1)
    }

    @Test("the table-driven CRC-32 agrees with the bit-by-bit definition on any bytes")
    func crcMatchesDefinition() async {
        await propertyCheck(count: 200, input: Gen.uint8().array(of: 0...300)) { bytes in
            var crc: UInt32 = 0xFFFF_FFFF
            for byte in bytes {
                crc ^= UInt32(byte)
                for _ in 0..<8 { crc = crc & 1 == 1 ? (crc >> 1) ^ 0xEDB8_8320 : crc >> 1 }
            }
            #expect(ZipArchiveWriter.crc32(bytes) == crc ^ 0xFFFF_FFFF)
        }
    }

    @Test("an archive reads back entry by entry: names, stored data, CRCs, central directory")
    func roundTrip() throws {
        var zip = ZipArchiveWriter()
        try zip.add(path: "[Content_Types].xml", text: "<Types/>")
        try zip.add(path: "xl/worksheets/sheet1.xml", text: "<worksheet>Siobhán &amp; Zoë</worksheet>")
        try zip.add(path: "empty.txt", data: Data())
        let archive = try zip.finish()
        let reader = try ReturnsZipReader(archive)
        #expect(reader.entries.map(\.name) == ["[Content_Types].xml", "xl/worksheets/sheet1.xml", "empty.txt"])
        #expect(reader.text("xl/worksheets/sheet1.xml") == "<worksheet>Siobhán &amp; Zoë</worksheet>")
        #expect(reader["empty.txt"] == Data())
        #expect(reader.entries.allSatisfy { $0.method == 0 })
        #expect(reader.entries[0].crc == ZipArchiveWriter.crc32(Data("<Types/>".utf8)))
    }

    @Test("any files, any contents: the archive reads back exactly")
    func anyFilesRoundTrip() async {
        let file = Gen.uint8().array(of: 0...200)
        await propertyCheck(count: 60, input: file.array(of: 0...8)) { files in
            var zip = ZipArchiveWriter()
            for (index, bytes) in files.enumerated() { try zip.add(path: "dir/file\(index).bin", data: Data(bytes)) }
            let reader = try ReturnsZipReader(try zip.finish())
            #expect(reader.entries.map { [UInt8]($0.data) } == files)
        }
    }

    @Test("the same files always make the same bytes")
    func deterministic() throws {
        func make() throws -> Data {
            var zip = ZipArchiveWriter()
            try zip.add(path: "a.txt", text: "same")
            return try zip.finish()
        }
        #expect(try make() == make())
    }

    @Test("duplicate, absolute and climbing paths are refused")
    func badPaths() throws {
        var zip = ZipArchiveWriter()
        try zip.add(path: "a.xml", text: "")
        #expect(throws: ZipArchiveWriter.Failure.duplicatePath("a.xml")) { try zip.add(path: "a.xml", text: "") }
        #expect(throws: ZipArchiveWriter.Failure.invalidPath("/etc/passwd")) { try zip.add(path: "/etc/passwd", text: "") }
        #expect(throws: ZipArchiveWriter.Failure.invalidPath("../up.xml")) { try zip.add(path: "../up.xml", text: "") }
        #expect(throws: ZipArchiveWriter.Failure.invalidPath("")) { try zip.add(path: "", text: "") }
    }
}

@Suite("CSV (RFC 4180)")
struct ReturnsCSVTests {
    @Test("fields are quoted only when they hold a comma, quote or line break", arguments: [
        ("plain", "plain"),
        ("", ""),
        ("Assessment Team, North", "\"Assessment Team, North\""),
        ("Siobhán \"Shiv\" O'Brien", "\"Siobhán \"\"Shiv\"\" O'Brien\""),
        ("two\nlines", "\"two\nlines\""),
        ("cr\rhere", "\"cr\rhere\""),
        ("  spaced  ", "  spaced  "),
        ("=1+1", "=1+1"),
    ])
    func quoting(pair: (String, String)) {
        #expect(ReturnsCSV.field(pair.0) == pair.1)
    }

    @Test("records end with CRLF, the header first")
    func document() {
        let text = ReturnsCSV.document(header: ["a", "b"], rows: [["1", "x,y"], ["", "\""]])
        #expect(text == "a,b\r\n1,\"x,y\"\r\n,\"\"\"\"\r\n")
    }

    @Test("any fields parse back to themselves")
    func roundTrip() async {
        let alphabet = Gen.element(of: Array("ab ,\"\r\né'=")).map { $0 ?? "a" }
        let field = alphabet.string(of: 0...6)
        await propertyCheck(count: 300, input: field.array(of: 1...5).array(of: 0...4)) { rows in
            let text = ReturnsCSV.document(header: ["h"], rows: rows)
            #expect(Self.parse(text) == [["h"]] + rows)
        }
    }

    /// A strict RFC 4180 reader for the round trip.
    static func parse(_ text: String) -> [[String]] {
        var records: [[String]] = []
        var record: [String] = []
        var field = ""
        var quoted = false
        var chars = Array(text.unicodeScalars)[...]
        while let c = chars.popFirst() {
            if quoted {
                if c == "\"" {
                    if chars.first == "\"" {
                        field.unicodeScalars.append("\"")
                        chars.removeFirst()
                    } else {
                        quoted = false
                    }
                } else {
                    field.unicodeScalars.append(c)
                }
            } else if c == "\"" {
                quoted = true
            } else if c == "," {
                record.append(field)
                field = ""
            } else if c == "\r", chars.first == "\n" {
                chars.removeFirst()
                record.append(field)
                records.append(record)
                record = []
                field = ""
            } else {
                field.unicodeScalars.append(c)
            }
        }
        return records
    }
}
