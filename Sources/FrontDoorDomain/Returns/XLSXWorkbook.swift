import Foundation

/// A spreadsheet written as an Office Open XML workbook (.xlsx): a ZIP of six kinds of XML part —
/// `[Content_Types].xml`, `_rels/.rels`, `xl/workbook.xml`, `xl/_rels/workbook.xml.rels`,
/// `xl/styles.xml` and one `xl/worksheets/sheetN.xml` per sheet.
///
/// Text goes in as inline strings (never formulas: a cell that starts with "=" stays text), whole
/// numbers as numbers, dates as Excel date serials formatted dd/mm/yyyy so that Excel sorts and
/// filters them as dates. The first row of each sheet is a bold heading row, frozen in place.
public struct XLSXWorkbook: Sendable {
    public enum Cell: Equatable, Sendable {
        case text(String)
        case number(Int)
        case date(LocalDate)
        case empty
    }

    public struct Sheet: Equatable, Sendable {
        /// At most 31 characters, none of : \ / ? * [ ] (Excel's rules for sheet names).
        public var name: String
        public var headings: [String]
        public var rows: [[Cell]]

        public init(name: String, headings: [String], rows: [[Cell]]) {
            self.name = name
            self.headings = headings
            self.rows = rows
        }
    }

    public var sheets: [Sheet]

    public init(sheets: [Sheet]) {
        self.sheets = sheets
    }

    public enum Failure: Error, Equatable, CustomStringConvertible {
        case badSheetName(String)
        case noSheets
        case archive(ZipArchiveWriter.Failure)

        public var description: String {
            switch self {
            case .badSheetName(let name): "'\(name)' cannot name a sheet: 1 to 31 characters, none of : \\ / ? * [ ], each name once"
            case .noSheets: "a workbook needs at least one sheet"
            case .archive(let failure): failure.description
            }
        }
    }

    /// The .xlsx file.
    public func data() throws(Failure) -> Data {
        guard !sheets.isEmpty else { throw .noSheets }
        var seen: Set<String> = []
        for sheet in sheets {
            let name = sheet.name
            let lower = name.lowercased()
            guard (1...31).contains(name.count), !name.contains(where: { ":\\/?*[]".contains($0) }),
                !name.hasPrefix("'"), !name.hasSuffix("'"), !seen.contains(lower)
            else { throw .badSheetName(name) }
            seen.insert(lower)
        }
        var zip = ZipArchiveWriter()
        do {
            try zip.add(path: "[Content_Types].xml", text: contentTypes())
            try zip.add(path: "_rels/.rels", text: Self.packageRelationships)
            try zip.add(path: "xl/workbook.xml", text: workbook())
            try zip.add(path: "xl/_rels/workbook.xml.rels", text: workbookRelationships())
            try zip.add(path: "xl/styles.xml", text: Self.styles)
            for (index, sheet) in sheets.enumerated() {
                try zip.add(path: "xl/worksheets/sheet\(index + 1).xml", text: Self.worksheet(sheet))
            }
            return try zip.finish()
        } catch {
            throw .archive(error)
        }
    }

    // MARK: Parts

    static let mainNamespace = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
    static let relationshipNamespace = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"

    func contentTypes() -> String {
        var xml = ReturnsXML.declaration
        xml += "<Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\">"
        xml += "<Default Extension=\"rels\" ContentType=\"application/vnd.openxmlformats-package.relationships+xml\"/>"
        xml += "<Default Extension=\"xml\" ContentType=\"application/xml\"/>"
        xml += "<Override PartName=\"/xl/workbook.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml\"/>"
        for index in sheets.indices {
            xml += "<Override PartName=\"/xl/worksheets/sheet\(index + 1).xml\" ContentType=\"application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml\"/>"
        }
        xml += "<Override PartName=\"/xl/styles.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml\"/>"
        xml += "</Types>"
        return xml
    }

    static let packageRelationships = ReturnsXML.declaration
        + "<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">"
        + "<Relationship Id=\"rId1\" Type=\"\(relationshipNamespace)/officeDocument\" Target=\"xl/workbook.xml\"/>"
        + "</Relationships>"

    func workbook() -> String {
        var xml = ReturnsXML.declaration
        xml += "<workbook xmlns=\"\(Self.mainNamespace)\" xmlns:r=\"\(Self.relationshipNamespace)\"><sheets>"
        for (index, sheet) in sheets.enumerated() {
            xml += "<sheet name=\"\(ReturnsXML.escape(sheet.name))\" sheetId=\"\(index + 1)\" r:id=\"rId\(index + 1)\"/>"
        }
        xml += "</sheets></workbook>"
        return xml
    }

    func workbookRelationships() -> String {
        var xml = ReturnsXML.declaration
        xml += "<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">"
        for index in sheets.indices {
            xml += "<Relationship Id=\"rId\(index + 1)\" Type=\"\(Self.relationshipNamespace)/worksheet\" Target=\"worksheets/sheet\(index + 1).xml\"/>"
        }
        xml += "<Relationship Id=\"rId\(sheets.count + 1)\" Type=\"\(Self.relationshipNamespace)/styles\" Target=\"styles.xml\"/>"
        xml += "</Relationships>"
        return xml
    }

    /// Style 0: plain; 1: a date (dd/mm/yyyy, custom format 164); 2: bold, for headings.
    static let styles = ReturnsXML.declaration
        + "<styleSheet xmlns=\"\(mainNamespace)\">"
        + "<numFmts count=\"1\"><numFmt numFmtId=\"164\" formatCode=\"dd/mm/yyyy\"/></numFmts>"
        + "<fonts count=\"2\"><font><sz val=\"11\"/><name val=\"Calibri\"/><family val=\"2\"/></font>"
        + "<font><b/><sz val=\"11\"/><name val=\"Calibri\"/><family val=\"2\"/></font></fonts>"
        + "<fills count=\"2\"><fill><patternFill patternType=\"none\"/></fill><fill><patternFill patternType=\"gray125\"/></fill></fills>"
        + "<borders count=\"1\"><border><left/><right/><top/><bottom/><diagonal/></border></borders>"
        + "<cellStyleXfs count=\"1\"><xf numFmtId=\"0\" fontId=\"0\" fillId=\"0\" borderId=\"0\"/></cellStyleXfs>"
        + "<cellXfs count=\"3\"><xf numFmtId=\"0\" fontId=\"0\" fillId=\"0\" borderId=\"0\" xfId=\"0\"/>"
        + "<xf numFmtId=\"164\" fontId=\"0\" fillId=\"0\" borderId=\"0\" xfId=\"0\" applyNumberFormat=\"1\"/>"
        + "<xf numFmtId=\"0\" fontId=\"1\" fillId=\"0\" borderId=\"0\" xfId=\"0\" applyFont=\"1\"/></cellXfs>"
        + "<cellStyles count=\"1\"><cellStyle name=\"Normal\" xfId=\"0\" builtinId=\"0\"/></cellStyles>"
        + "</styleSheet>"

    static func worksheet(_ sheet: Sheet) -> String {
        let width = max(sheet.headings.count, sheet.rows.map(\.count).max() ?? 0, 1)
        let height = sheet.rows.count + 1
        var xml = ReturnsXML.declaration
        xml += "<worksheet xmlns=\"\(mainNamespace)\" xmlns:r=\"\(relationshipNamespace)\">"
        xml += "<dimension ref=\"A1:\(columnName(width - 1))\(height)\"/>"
        xml += "<sheetViews><sheetView workbookViewId=\"0\"><pane ySplit=\"1\" topLeftCell=\"A2\" activePane=\"bottomLeft\" state=\"frozen\"/></sheetView></sheetViews>"
        xml += "<sheetFormatPr defaultRowHeight=\"15\"/>"
        xml += "<cols>"
        for column in 0..<width {
            let heading = column < sheet.headings.count ? sheet.headings[column].count : 0
            let chars = min(max(12, heading + 2), 60)
            xml += "<col min=\"\(column + 1)\" max=\"\(column + 1)\" width=\"\(chars)\" customWidth=\"1\"/>"
        }
        xml += "</cols><sheetData>"
        xml += row(1, sheet.headings.map(Cell.text), style: 2)
        for (index, cells) in sheet.rows.enumerated() {
            xml += row(index + 2, cells, style: nil)
        }
        xml += "</sheetData></worksheet>"
        return xml
    }

    static func row(_ number: Int, _ cells: [Cell], style: Int?) -> String {
        var xml = "<row r=\"\(number)\">"
        for (column, cell) in cells.enumerated() {
            let ref = "\(columnName(column))\(number)"
            let s = style.map { " s=\"\($0)\"" } ?? ""
            switch cell {
            case .empty:
                continue
            case .text(let text):
                xml += "<c r=\"\(ref)\" t=\"inlineStr\"\(s)><is><t xml:space=\"preserve\">\(ReturnsXML.escape(text))</t></is></c>"
            case .number(let value):
                xml += "<c r=\"\(ref)\"\(s)><v>\(value)</v></c>"
            case .date(let date):
                xml += "<c r=\"\(ref)\" s=\"1\"><v>\(excelSerial(date))</v></c>"
            }
        }
        return xml + "</row>"
    }

    /// Excel's day count (1900 date system): days since 1899-12-30, right for every date after
    /// 28 February 1900.
    static func excelSerial(_ date: LocalDate) -> Int {
        date.dayNumber + 25_569
    }

    /// 0 → A, 25 → Z, 26 → AA.
    static func columnName(_ index: Int) -> String {
        var n = index + 1
        var name = ""
        while n > 0 {
            let remainder = (n - 1) % 26
            name = String(UnicodeScalar(UInt8(65 + remainder))) + name
            n = (n - 1) / 26
        }
        return name
    }
}
