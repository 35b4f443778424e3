/// Writing XML by hand for the returns: escaping, and a builder that indents nested elements.
/// The returns need no XML library: their structure is fixed, and writing it element by element
/// is what keeps the element order exactly the one the schema requires.
enum ReturnsXML {
    /// Escapes text for element content or an attribute value, and drops the characters XML 1.0
    /// cannot carry at all (control characters other than tab, line feed and carriage return).
    static func escape(_ text: String) -> String {
        var out = ""
        out.unicodeScalars.reserveCapacity(text.unicodeScalars.count)
        for scalar in text.unicodeScalars {
            switch scalar {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&apos;"
            case "\t", "\n", "\r": out.unicodeScalars.append(scalar)
            default:
                if scalar.value < 0x20 || scalar.value == 0xFFFE || scalar.value == 0xFFFF { continue }
                out.unicodeScalars.append(scalar)
            }
        }
        return out
    }

    static let declaration = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"

    /// Builds an indented document. Empty optional values produce no element at all: in the CIN
    /// census an absent item is an absent element, never an empty one.
    struct Builder {
        private(set) var text: String
        private var open: [String] = []
        private let indent: String

        init(declaration: Bool = true, indent: String = "  ") {
            text = declaration ? ReturnsXML.declaration : ""
            self.indent = indent
        }

        mutating func start(_ name: String) {
            text += String(repeating: indent, count: open.count) + "<\(name)>\n"
            open.append(name)
        }

        mutating func end() {
            let name = open.removeLast()
            text += String(repeating: indent, count: open.count) + "</\(name)>\n"
        }

        mutating func element(_ name: String, _ value: String?) {
            guard let value else { return }
            text += String(repeating: indent, count: open.count) + "<\(name)>\(ReturnsXML.escape(value))</\(name)>\n"
        }

        mutating func element(_ name: String, _ date: LocalDate?) {
            element(name, date?.iso)
        }

        /// Booleans are written 0/1: the only form every schema and validator version accepts.
        mutating func element(_ name: String, _ flag: Bool) {
            element(name, flag ? "1" : "0")
        }

        mutating func group(_ name: String, _ body: (inout Builder) -> Void) {
            start(name)
            body(&self)
            end()
        }
    }
}
