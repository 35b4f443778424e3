import Foundation

/// Comma-separated values as RFC 4180 defines them: records end with CRLF; a field that holds a
/// comma, a double quote, a carriage return or a line feed is enclosed in double quotes, and a
/// double quote inside it is doubled. Other fields are written as they are (leading and trailing
/// spaces are data, so they are kept).
public enum ReturnsCSV {
    public static func field(_ text: String) -> String {
        let needsQuotes = text.unicodeScalars.contains { $0 == "," || $0 == "\"" || $0 == "\r" || $0 == "\n" }
        guard needsQuotes else { return text }
        return "\"" + text.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }

    public static func record(_ fields: [String]) -> String {
        fields.map(field).joined(separator: ",") + "\r\n"
    }

    /// A header record and then one record per row.
    public static func document(header: [String], rows: [[String]]) -> String {
        ([header] + rows).map(record).joined()
    }
}
