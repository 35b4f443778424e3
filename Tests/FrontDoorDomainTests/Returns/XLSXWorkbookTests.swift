import Foundation
import FrontDoorDomain
import Testing

@Suite("XLSX workbooks")
struct XLSXWorkbookTests {
    static let d = CINFixture.d

    static let workbook = XLSXWorkbook(sheets: [
        XLSXWorkbook.Sheet(
            name: "List 1", headings: ["Child Unique ID", "Date of Contact", "Count"],
            rows: [
                [.text("C1 & <2>"), .date(d("2026-03-31")), .number(3)],
                [.text("Siobhán \"Shiv\" O'Brien"), .empty, .number(0)],
                [.text("=SUM(A1:A2)"), .date(d("1900-03-01")), .empty],
            ]),
        XLSXWorkbook.Sheet(name: "List 3", headings: ["Only"], rows: []),
    ])

    func open(_ workbook: XLSXWorkbook = Self.workbook) throws -> ReturnsZipReader {
        try ReturnsZipReader(try workbook.data())
    }

    func part(_ zip: ReturnsZipReader, _ name: String) throws -> ReturnsXMLNode {
        try ReturnsXMLNode.parse(try #require(zip[name], "missing part \(name)"))
    }

    @Test("the package holds exactly the parts Office Open XML needs, content types first")
    func parts() throws {
        let zip = try open()
        #expect(zip.entries.map(\.name) == [
            "[Content_Types].xml", "_rels/.rels", "xl/workbook.xml", "xl/_rels/workbook.xml.rels", "xl/styles.xml",
            "xl/worksheets/sheet1.xml", "xl/worksheets/sheet2.xml",
        ])
        let types = try part(zip, "[Content_Types].xml")
        let overrides = Dictionary(uniqueKeysWithValues: types.all("Override").map { ($0.attributes["PartName"]!, $0.attributes["ContentType"]!) })
        #expect(overrides["/xl/workbook.xml"] == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml")
        #expect(overrides["/xl/worksheets/sheet2.xml"] == "application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml")
        #expect(overrides["/xl/styles.xml"] == "application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml")
        let rels = try part(zip, "_rels/.rels")
        #expect(rels.first("Relationship")?.attributes["Target"] == "xl/workbook.xml")
    }

    @Test("the workbook names its sheets in order and each relationship points at its sheet")
    func workbookAndRelationships() throws {
        let zip = try open()
        let sheets = try part(zip, "xl/workbook.xml").descendants("sheet")
        #expect(sheets.map { $0.attributes["name"] } == ["List 1", "List 3"])
        let rels = try part(zip, "xl/_rels/workbook.xml.rels").all("Relationship")
        let targets = Dictionary(uniqueKeysWithValues: rels.map { ($0.attributes["Id"]!, $0.attributes["Target"]!) })
        #expect(sheets.map { targets[$0.attributes["r:id"]!] } == ["worksheets/sheet1.xml", "worksheets/sheet2.xml"])
        #expect(targets.values.contains("styles.xml"))
        let formats = try part(zip, "xl/styles.xml").descendants("numFmt")
        #expect(formats.first?.attributes["formatCode"] == "dd/mm/yyyy")
        #expect(formats.first?.attributes["numFmtId"] == "164")
    }

    @Test("cells: headings bold in row 1, text inline (never a formula), whole numbers, dates as serials styled dd/mm/yyyy, blanks absent")
    func cells() throws {
        let sheet = try part(try open(), "xl/worksheets/sheet1.xml")
        let rows = sheet.descendants("row")
        #expect(rows.map { $0.attributes["r"] } == ["1", "2", "3", "4"])
        #expect(rows[0].all("c").map { $0.attributes["s"] } == ["2", "2", "2"])
        #expect(rows[0].descendants("t").map(\.text) == ["Child Unique ID", "Date of Contact", "Count"])

        let first = rows[1].all("c")
        #expect(first.map { $0.attributes["r"] } == ["A2", "B2", "C2"])
        #expect(first[0].attributes["t"] == "inlineStr")
        #expect(first[0].descendants("t").first?.text == "C1 & <2>")
        #expect(first[1].attributes["s"] == "1")
        #expect(first[1].first("v")?.text == "46112")  // 31 March 2026
        #expect(first[2].first("v")?.text == "3")
        #expect(first[2].attributes["t"] == nil)

        #expect(rows[2].all("c").map { $0.attributes["r"] } == ["A3", "C3"])
        #expect(rows[2].descendants("t").first?.text == "Siobhán \"Shiv\" O'Brien")
        let formula = rows[3].all("c")[0]
        #expect(formula.attributes["t"] == "inlineStr" && formula.first("f") == nil)
        #expect(rows[3].all("c")[1].first("v")?.text == "61")  // 1 March 1900
        #expect(sheet.first("dimension")?.attributes["ref"] == "A1:C4")
        #expect(sheet.descendants("pane").first?.attributes["state"] == "frozen")
    }

    @Test("columns past Z are AA, AB …")
    func wideSheet() throws {
        let headings = (1...28).map { "H\($0)" }
        let zip = try open(XLSXWorkbook(sheets: [XLSXWorkbook.Sheet(name: "Wide", headings: headings, rows: [])]))
        let refs = try part(zip, "xl/worksheets/sheet1.xml").descendants("c").map { $0.attributes["r"]! }
        #expect(refs.suffix(3) == ["Z1", "AA1", "AB1"])
    }

    @Test("sheet names Excel would refuse are refused here", arguments: ["", "A/B", "Sheet[1]", "What?", String(repeating: "x", count: 32)])
    func badNames(name: String) {
        #expect(throws: XLSXWorkbook.Failure.badSheetName(name)) {
            try XLSXWorkbook(sheets: [XLSXWorkbook.Sheet(name: name, headings: [], rows: [])]).data()
        }
    }

    @Test("two sheets may not share a name, whatever the case; a workbook needs a sheet")
    func duplicateNames() {
        #expect(throws: XLSXWorkbook.Failure.badSheetName("list 1")) {
            try XLSXWorkbook(sheets: [
                XLSXWorkbook.Sheet(name: "List 1", headings: [], rows: []), XLSXWorkbook.Sheet(name: "list 1", headings: [], rows: []),
            ]).data()
        }
        #expect(throws: XLSXWorkbook.Failure.noSheets) { try XLSXWorkbook(sheets: []).data() }
    }
}
