import Foundation

/// One non-blank line of an interchange file.
public struct InterchangeLine: Sendable, Equatable {
    /// 1-based, counting blank lines too, so that it matches what an editor shows.
    public let number: Int
    /// The line without its line break (LF or CRLF) and, on line 1, without a UTF-8 byte order mark.
    public let bytes: [UInt8]
    /// The line was longer than the reader's limit; `bytes` is then empty and the line is refused.
    public let isTooLong: Bool

    public init(number: Int, bytes: [UInt8], isTooLong: Bool = false) {
        self.number = number
        self.bytes = bytes
        self.isTooLong = isTooLong
    }
}

/// Reads an interchange file line by line in fixed-size chunks, so that a file of any length is
/// read in constant memory (one chunk and the longest line).
///
/// Blank lines (empty or only spaces and tabs) are skipped but counted.
public struct InterchangeReader {
    /// No interchange object comes near this; a longer line is reported rather than buffered.
    public static let maximumLineLength = 1 << 20

    private enum Source {
        case file(FileHandle)
        case data(Data, offset: Int)
    }

    private var source: Source?
    private let chunkSize: Int
    private let maximumLineLength: Int
    private var chunk: [UInt8] = []
    private var position = 0
    private var carry: [UInt8] = []
    private var discarding = false
    private var lineNumber = 0

    /// Reads `fileHandle` from its current offset; the caller keeps ownership of the handle.
    public init(fileHandle: FileHandle, chunkSize: Int = 1 << 16, maximumLineLength: Int = Self.maximumLineLength) {
        source = .file(fileHandle)
        self.chunkSize = max(1, chunkSize)
        self.maximumLineLength = maximumLineLength
    }

    /// Lines of data already in memory (an API request body).
    public init(data: Data, chunkSize: Int = 1 << 16, maximumLineLength: Int = Self.maximumLineLength) {
        source = .data(data, offset: data.startIndex)
        self.chunkSize = max(1, chunkSize)
        self.maximumLineLength = maximumLineLength
    }

    /// The next non-blank line, or nil at the end of the input.
    public mutating func next() throws -> InterchangeLine? {
        while true {
            if position < chunk.count {
                if let newline = chunk[position...].firstIndex(of: UInt8(ascii: "\n")) {
                    let line = take(upTo: newline)
                    position = newline + 1
                    if let line { return line }
                    continue
                }
                keep(chunk[position...])
                position = chunk.count
            }
            guard try readChunk() else {
                // The last line need not end with a line break.
                guard !carry.isEmpty || discarding else { return nil }
                return take(upTo: nil)
            }
        }
    }

    /// Every remaining line, in order.
    public mutating func forEach(_ body: (InterchangeLine) throws -> Void) throws {
        while let line = try next() { try body(line) }
    }

    private mutating func keep(_ bytes: ArraySlice<UInt8>) {
        guard !discarding else { return }
        if carry.count + bytes.count > maximumLineLength {
            discarding = true
            carry = []
        } else {
            carry.append(contentsOf: bytes)
        }
    }

    /// Ends the current line at `end` of the current chunk (nil: at the end of the input); nil if it is blank.
    private mutating func take(upTo end: Int?) -> InterchangeLine? {
        lineNumber += 1
        if let end { keep(chunk[position..<end]) }
        defer {
            carry.removeAll(keepingCapacity: true)
            discarding = false
        }
        if discarding { return InterchangeLine(number: lineNumber, bytes: [], isTooLong: true) }
        var bytes = carry[...]
        if bytes.last == UInt8(ascii: "\r") { bytes = bytes.dropLast() }
        if lineNumber == 1, bytes.starts(with: [0xEF, 0xBB, 0xBF]) { bytes = bytes.dropFirst(3) }
        if bytes.allSatisfy({ $0 == 0x20 || $0 == 0x09 || $0 == 0x0D }) { return nil }
        return InterchangeLine(number: lineNumber, bytes: Array(bytes))
    }

    private mutating func readChunk() throws -> Bool {
        switch source {
        case .file(let handle):
            guard let data = try handle.read(upToCount: chunkSize), !data.isEmpty else {
                source = nil
                return false
            }
            chunk = [UInt8](data)
        case .data(let data, let offset):
            guard offset < data.endIndex else {
                source = nil
                return false
            }
            let end = min(offset + chunkSize, data.endIndex)
            chunk = [UInt8](data[offset..<end])
            source = .data(data, offset: end)
        case nil:
            return false
        }
        position = 0
        return true
    }
}
