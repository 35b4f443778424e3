import Foundation
import FrontDoorDomain
import Testing

@Suite("Reading interchange lines in chunks")
struct InterchangeReaderTests {
    static func lines(_ text: String, chunkSize: Int, maximumLineLength: Int = InterchangeReader.maximumLineLength) throws -> [InterchangeLine] {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("lines-\(UUID().uuidString).jsonl")
        try Data(text.utf8).write(to: url)
        defer { try? FileManager.default.removeItem(at: url) }
        let handle = try FileHandle(forReadingFrom: url)
        defer { try? handle.close() }
        var reader = InterchangeReader(fileHandle: handle, chunkSize: chunkSize, maximumLineLength: maximumLineLength)
        var result: [InterchangeLine] = []
        try reader.forEach { result.append($0) }
        return result
    }

    static func texts(_ lines: [InterchangeLine]) -> [String] {
        lines.map { String(decoding: $0.bytes, as: UTF8.self) }
    }

    @Test("lines split at every chunk size, blank lines skipped but counted", arguments: [1, 2, 3, 5, 7, 64, 1 << 16])
    func chunking(chunkSize: Int) throws {
        let text = "{\"a\":1}\n\n  \n{\"b\":\"é\"}\r\n\t\n{\"c\":3}"
        let lines = try Self.lines(text, chunkSize: chunkSize)
        #expect(lines.map(\.number) == [1, 4, 6])
        #expect(Self.texts(lines) == ["{\"a\":1}", "{\"b\":\"é\"}", "{\"c\":3}"])
    }

    @Test("a final line break, or none, reads the same")
    func finalLineBreak() throws {
        #expect(Self.texts(try Self.lines("{}\n{}\n", chunkSize: 3)) == ["{}", "{}"])
        #expect(Self.texts(try Self.lines("{}\n{}", chunkSize: 3)) == ["{}", "{}"])
        #expect(try Self.lines("", chunkSize: 3).isEmpty)
        #expect(try Self.lines("\n\n", chunkSize: 3).isEmpty)
    }

    @Test("a byte order mark at the start of the file is ignored")
    func byteOrderMark() throws {
        let lines = try Self.lines("\u{FEFF}{\"a\":1}\n\u{FEFF}{}", chunkSize: 2)
        #expect(Self.texts(lines) == ["{\"a\":1}", "\u{FEFF}{}"])
    }

    @Test("a line longer than the limit is reported, not buffered, and the lines after it are still read")
    func tooLong() throws {
        let text = "{}\n" + String(repeating: "x", count: 100) + "\n{\"after\":1}\n" + String(repeating: "y", count: 100)
        let lines = try Self.lines(text, chunkSize: 7, maximumLineLength: 50)
        #expect(lines.map(\.number) == [1, 2, 3, 4])
        #expect(lines.map(\.isTooLong) == [false, true, false, true])
        #expect(lines[1].bytes.isEmpty)
        var validator = InterchangeValidator()
        for line in lines { validator.check(line) }
        let problems = validator.finish().problems
        #expect(problems.filter { $0.field == "json" }.map(\.line) == [2, 4])
        // The line after the long one was read as a line of its own: it lacks only its kind.
        #expect(problems.filter { $0.line == 3 }.map(\.field) == ["kind"])
    }

    @Test("in-memory data reads like a file, in chunks of any size", arguments: [1, 2, 3, 1 << 16])
    func data(chunkSize: Int) throws {
        var reader = InterchangeReader(data: Data("{}\r\n\r\n{\"é\":1}\n".utf8), chunkSize: chunkSize)
        var lines: [InterchangeLine] = []
        try reader.forEach { lines.append($0) }
        #expect(lines.map(\.number) == [1, 3])
        #expect(Self.texts(lines) == ["{}", "{\"é\":1}"])
        // A slice of a larger buffer, whose indices do not start at zero.
        let whole = Data("xx{}\n{}".utf8)
        var sliced = InterchangeReader(data: whole[2...], chunkSize: chunkSize)
        var count = 0
        try sliced.forEach { _ in count += 1 }
        #expect(count == 2)
    }
}
