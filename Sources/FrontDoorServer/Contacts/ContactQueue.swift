import Fluent
import FluentSQL
import FluentSQLiteDriver
import FrontDoorDomain
import SQLKit
import Vapor

/// The contact queue behind the API list, the work queue page and the dashboard: every undecided
/// contact is put in order of the time left to decide it, and only the rows shown are built.
///
/// A queue reads the few columns its order, clocks and rows need (`Entry`), not whole records:
/// building a Fluent model per undecided contact (narrative, referrer and all) was three quarters
/// of a queue's time in a release profile. The children are loaded for the rows shown only.
enum ContactQueue {
    /// More undecided contacts than any hub holds at once (Hampshire's backlog is in the hundreds).
    static let backlogLimit = 20_000

    /// A contact as a queue sees it.
    struct Entry: Sendable, Equatable {
        var id: UUID
        var laID: UUID
        var receivedAt: Date
        var source: String
        var type: String
        var state: String
        var rag: String?
        var openCaseAtReceipt: Bool
        var workerID: UUID?
        var decidedAt: Date?
        var version: Int

        static let keys: [FieldKey] = [
            .id, "la_id", "received_at", "source", "type", "state", "rag", "open_case_at_receipt", "worker_id", "decided_at", "version",
        ]

        init(_ row: any DatabaseOutput) throws {
            id = try row.decode(.id, as: UUID.self)
            laID = try row.decode("la_id", as: UUID.self)
            receivedAt = try row.decode("received_at", as: Date.self)
            source = try row.decode("source", as: String.self)
            type = try row.decode("type", as: String.self)
            state = try row.decode("state", as: String.self)
            rag = try row.optional("rag", as: String.self)
            openCaseAtReceipt = try row.decode("open_case_at_receipt", as: Bool.self)
            workerID = try row.optional("worker_id", as: UUID.self)
            decidedAt = try row.optional("decided_at", as: Date.self)
            version = try row.decode("version", as: Int.self)
        }
    }

    /// An entry with its authority and its clocks at the time of the request.
    struct Timed: Sendable {
        var entry: Entry
        var la: LocalAuthorityModel
        var clocks: ContactClocks
    }

    /// Entries with their clocks, soonest due first when asked (otherwise in the order given).
    struct Ordered: Sendable {
        var rows: [Timed]
        /// How many are past their decision time and still undecided.
        var breached: Int
    }

    /// A child named in a queue's row: what the row shows of them.
    struct Child: Sendable {
        var id: UUID
        /// "Restricted record" for a record closed to the reader.
        var name: String
        var dateOfBirth: LocalDate?
        /// An expected date of birth is recorded.
        var unborn: Bool
        var restricted: Bool
    }

    /// A queue's rows, with the children of each (the pages show their ages too).
    struct Page {
        var items: [ContactListItem]
        var children: [UUID: [Child]]
    }

    /// Works out every entry's clocks (in its authority's calendar) and orders them.
    static func order(_ entries: [Entry], soonestDueFirst: Bool, req: Request) async throws -> Ordered {
        let las = try await LocalAuthorityModel.query(on: req.db).filter(\.$id ~~ Array(Set(entries.map(\.laID)))).all()
        let laByID = Dictionary(las.compactMap { la in la.id.map { ($0, la) } }, uniquingKeysWith: { a, _ in a })
        let now = req.now
        // Each authority's calendar with the queue's days worked out once (from the day before the
        // oldest contact to two months after the newest or now, whichever is later): thousands of
        // clocks then ask Foundation's calendar and time zone about each day once, not once per
        // clock — the same answers (`WorkingCalendar.tabulated`), a quarter of the queue's time.
        let oldest = entries.lazy.map(\.receivedAt).min(), newest = entries.lazy.map(\.receivedAt).max()
        let calendars = laByID.mapValues { la -> WorkingCalendar in
            let calendar = la.calendar(holidays: req.frontDoor.holidays)
            guard let oldest, let newest,
                  let first = calendar.date(byAddingDays: -1, to: calendar.localDate(of: oldest)),
                  let last = calendar.date(byAddingDays: 62, to: calendar.localDate(of: max(newest, now)))
            else { return calendar }
            return calendar.tabulated(from: first, through: last)
        }
        var rows: [Timed] = []
        rows.reserveCapacity(entries.count)
        for entry in entries {
            guard let la = laByID[entry.laID], let calendar = calendars[entry.laID] else { continue }
            let clocks = ContactClocks(
                receivedAt: entry.receivedAt, rag: entry.rag.flatMap(RAG.init(rawValue:)), decidedAt: entry.decidedAt, now: now,
                policy: la.clockPolicy, calendar: calendar
            )
            rows.append(Timed(entry: entry, la: la, clocks: clocks))
        }
        if soonestDueFirst { rows.sort { $0.clocks.decision.dueAt < $1.clocks.decision.dueAt } }
        let breached = rows.filter { $0.clocks.decision.breached && $0.entry.decidedAt == nil }.count
        return Ordered(rows: rows, breached: breached)
    }

    /// The first `limit` entries in queue order, as API rows.
    static func items(_ entries: [Entry], limit: Int, soonestDueFirst: Bool, teams: Teams.Loaded, req: Request) async throws -> [ContactListItem] {
        let ordered = try await order(entries, soonestDueFirst: soonestDueFirst, req: req)
        return try await page(Array(ordered.rows.prefix(limit)), teams: teams, req: req).items
    }

    /// The rows shown, built whole: children's names (restricted records named as such), the
    /// worker, the teams whose work each is. The listing is audited.
    static func page(_ shown: [Timed], teams: Teams.Loaded, req: Request) async throws -> Page {
        let children = try await children(of: shown.map(\.entry.id), req: req)
        let users = try await ContactStore.userRefs(Array(Set(shown.compactMap(\.entry.workerID))), on: req.db)
        let items = shown.map { row in
            let contact = row.entry
            return ContactListItem(
                id: contact.id, la: row.la.code, receivedAt: contact.receivedAt, source: contact.source, type: contact.type,
                state: contact.state, rag: contact.rag, openCaseAtReceipt: contact.openCaseAtReceipt,
                children: (children[contact.id] ?? []).map(\.name), assignedTo: contact.workerID.flatMap { users[$0] },
                teams: teams.refs(of: WorkItem(kind: .contact, la: contact.laID, worker: contact.workerID)),
                decisionDueAt: row.clocks.decision.dueAt, workingMinutesRemaining: row.clocks.decision.remainingWorkingMinutes,
                breached: row.clocks.decision.breached
            )
        }
        try await req.audit("list", "contact", nil)
        return Page(items: items, children: children)
    }

    /// The children named in some contacts, in the order they were named, read by the few
    /// columns a row shows; restricted records closed to the reader are named as such.
    static func children(of contacts: [UUID], req: Request) async throws -> [UUID: [Child]] {
        guard !contacts.isEmpty else { return [:] }
        let links = try await ContactPersonModel.query(on: req.db).filter(\.$contactID ~~ contacts).filter(\.$role == "child").sort(\.$position)
            .read(["contact_id", "person_id"]) { row in (contact: try row.decode("contact_id", as: UUID.self), person: try row.decode("person_id", as: UUID.self)) }
        guard !links.isEmpty else { return [:] }
        let people = try await PersonModel.query(on: req.db).filter(\.$id ~~ Array(Set(links.map(\.person))))
            .read([.id, "given_name", "family_name", "date_of_birth", "expected_date_of_birth"]) { row in
                Child(
                    id: try row.decode(.id, as: UUID.self),
                    name: "\(try row.decode("given_name", as: String.self)) \(try row.decode("family_name", as: String.self))",
                    dateOfBirth: try row.optional("date_of_birth", as: String.self).flatMap(LocalDate.init(iso:)),
                    unborn: try row.optional("expected_date_of_birth", as: String.self) != nil, restricted: false
                )
            }
        var byID = Dictionary(people.map { ($0.id, $0) }, uniquingKeysWith: { a, _ in a })
        let hidden = try await Restrictions.hidden(Array(byID.keys), from: try req.actor(), on: req.db)
        for id in hidden.keys {
            byID[id] = Child(id: id, name: "Restricted record", dateOfBirth: nil, unborn: false, restricted: true)
        }
        var result: [UUID: [Child]] = [:]
        for link in links {
            if let child = byID[link.person] { result[link.contact, default: []].append(child) }
        }
        return result
    }
}

extension QueryBuilder {
    /// Reads only `keys` of the rows this query finds, each made into a `Row` without building a
    /// model (Fluent's model decoding walks every property of the model for every row).
    ///
    /// On SQLite the rows are collected on the connection's thread (`rowsOnConnection`): Fluent's
    /// own path hands each row to the event loop as a task of its own, which cost as much as the
    /// rest of reading a queue of 600 contacts.
    /// `throughFluent` reads them Fluent's way on SQLite too (a test compares the two).
    func read<Row>(_ keys: [FieldKey], throughFluent: Bool = false, as make: @escaping @Sendable (any DatabaseOutput) throws -> Row) async throws -> [Row] {
        let query = copy()
        query.query.fields = keys.map { .extendedPath([$0], schema: Model.schema, space: nil) }
        if !throughFluent, let sqlite = database as? any SQLiteDatabase, let sql = database as? any SQLDatabase {
            // The SQL Fluent would run (`SQLiteConverterDelegate` only differs for schemas), its
            // values bound as Fluent binds them.
            let (text, binds) = sql.serialize(SQLQueryConverter(delegate: SelectConverter()).convert(query.query))
            let encoder = SQLiteDataEncoder()
            let data = try binds.map { try encoder.encode($0) }
            return try await sqlite.rowsOnConnection(text, data).map { row in
                try make(SQLiteOutput(row: row.sql(), schema: Model.schema))
            }
        }
        nonisolated(unsafe) var rows: [Row] = []
        nonisolated(unsafe) var failure: (any Error)?
        try await query.run { output in
            do {
                rows.append(try make(output.qualifiedSchema(space: nil, Model.schema)))
            } catch {
                failure = failure ?? error
            }
        }
        if let failure { throw failure }
        return rows
    }
}

/// Converting a query (not a schema) to SQL as the SQLite driver does.
private struct SelectConverter: SQLConverterDelegate {
    func customDataType(_ dataType: DatabaseSchema.DataType) -> (any SQLExpression)? { nil }
}

/// A SQLite row read as Fluent reads it: a field of a schema is the column `schema_field`.
private struct SQLiteOutput: DatabaseOutput {
    let row: any SQLRow
    let schema: String?

    var description: String { "a row of \(schema ?? "a query")" }

    private func column(_ key: FieldKey) -> String {
        (schema.map { FieldKey.prefix(.prefix(.string($0), "_"), key) } ?? key).description
    }

    func schema(_ schema: String) -> any DatabaseOutput { SQLiteOutput(row: row, schema: schema) }
    func contains(_ key: FieldKey) -> Bool { row.contains(column: column(key)) }
    func decodeNil(_ key: FieldKey) throws -> Bool { try row.decodeNil(column: column(key)) }
    func decode<T: Decodable>(_ key: FieldKey, as type: T.Type) throws -> T { try row.decode(column: column(key), as: T.self) }
}

extension DatabaseOutput {
    /// A column that may be null.
    func optional<T: Decodable>(_ key: FieldKey, as type: T.Type) throws -> T? {
        try decodeNil(key) ? nil : try decode(key, as: T.self)
    }
}

extension QueryBuilder where Model == ContactModel {
    /// The contacts this query finds, as queue entries: only `Entry.keys` are read.
    func queueEntries() async throws -> [ContactQueue.Entry] {
        try await read(ContactQueue.Entry.keys, as: ContactQueue.Entry.init)
    }
}
