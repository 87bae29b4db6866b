import GRDB

/// The rules an entry keeps beyond its format: what the actions check before they record one. An entry that
/// comes from outside — an import — is held to them before it is recorded, and `verify` holds every entry of
/// the log to them as it replays it, so that a hand-made export cannot build a ledger that verifies but
/// asserts what no action could have recorded (an assessment that relies on another commitment's evidence,
/// say, or a due day before the promise was made).
///
/// Each rule reads only what the entries before it recorded, so it holds for the log in order.
enum EntryRules {
    /// The rule `entry` breaks, in words for a message; `nil` when it keeps them all. `db` holds the
    /// projection of the entries before it.
    static func violation(of entry: LedgerEntry, in db: Database) throws -> String? {
        guard entry.author.contains(where: { !$0.isWhitespace }) else {
            return "its author is empty"
        }
        guard isTimestamp(entry.recordedAt) else {
            return "its recordedAt '\(entry.recordedAt)' is not a UTC time such as 2024-04-16T09:30:00Z"
        }
        switch entry.event {
        case .sourceAdded(let added):
            return try violation(ofNew: added.source, numberedIn: "source", db)
        case .actorAdded(let added):
            return isBlank(added.name) ? "actor '\(added.actor)' has an empty name" : nil
        case .commitmentLogged(let logged):
            return try violation(ofNew: logged.commitment, numberedIn: "commitment", db) ?? violation(of: logged)
        case .evidenceAttached(let attached):
            return try violation(ofNew: attached.evidence, numberedIn: "evidence", db)
        case .statusAssessed(let assessed):
            return try violation(ofNew: assessed.assessment, numberedIn: "assessment", db)
                ?? violation(of: assessed, in: db)
        default:
            return nil
        }
    }

    /// Refuses a new object's ref unless it is the one the actions would give it — the next of `table`, by the
    /// same ``LedgerStore/nextID(in:_:)`` — so refs count 1, 2, 3… (and the search index can key rows by ref).
    private static func violation<Kind: RefKind>(
        ofNew ref: Ref<Kind>, numberedIn table: String, _ db: Database
    ) throws -> String? {
        let next = Ref<Kind>(try LedgerStore.nextID(in: table, db))
        return ref == next ? nil : "it numbers its new \(table) \(ref), but the next one is \(next); refs count up from 1 without gaps"
    }

    private static func violation(of logged: CommitmentLogged) -> String? {
        let ref = logged.commitment
        guard !logged.promisors.isEmpty, Set(logged.promisors).count == logged.promisors.count else {
            return "\(ref) needs at least one promisor, each named once"
        }
        guard !isBlank(logged.summary) else {
            return "\(ref) has an empty summary"
        }
        guard logged.dueOn == logged.due?.resolved(madeOn: logged.madeOn) else {
            return "\(ref)'s due day does not follow from its due date and the day it was made"
        }
        if let dueOn = logged.dueOn, dueOn < logged.madeOn {
            return "\(ref) falls due (\(dueOn)) before it was made (\(logged.madeOn))"
        }
        return nil
    }

    private static func violation(of assessed: StatusAssessed, in db: Database) throws -> String? {
        let ref = assessed.assessment
        guard assessed.status != .notYetRated else {
            return "\(ref) assesses not-yet-rated, which is implicit"
        }
        guard !isBlank(assessed.rationale) else {
            return "\(ref) has an empty rationale"
        }
        guard
            let commitment = try Row.fetchOne(
                db, sql: "SELECT made_on FROM commitment WHERE id = ?", arguments: [assessed.commitment.number])
        else {
            return "\(ref) assesses \(assessed.commitment), which no earlier entry logged"
        }
        if let madeOn = CalendarDate.fromDatabaseValue(commitment["made_on"]), assessed.effectiveOn < madeOn {
            return "\(ref) takes effect (\(assessed.effectiveOn)) before \(assessed.commitment) was made (\(madeOn))"
        }
        if let promisor = assessed.promisor {
            let isPromisor = try Bool.fetchOne(
                db, sql: "SELECT EXISTS (SELECT 1 FROM commitment_promisor WHERE commitment_id = ? AND actor_slug = ?)",
                arguments: [assessed.commitment.number, promisor.rawValue]) ?? false
            guard isPromisor else {
                return "\(ref) judges '\(promisor)', who is not a promisor of \(assessed.commitment)"
            }
        }
        for evidence in assessed.evidence {
            let owner = try Int.fetchOne(db, sql: "SELECT commitment_id FROM evidence WHERE id = ?", arguments: [evidence.number])
            guard owner == assessed.commitment.number else {
                return "\(ref) relies on \(evidence), which is not evidence on \(assessed.commitment)"
            }
        }
        return nil
    }

    private static func isBlank(_ text: String) -> Bool {
        !text.contains { !$0.isWhitespace }
    }

    /// Whether `text` has the form entries record times in, `YYYY-MM-DDTHH:MM:SSZ` in digits. The form only:
    /// Foundation writes the days of its own calendar (Julian before 1582), which an honest ledger may hold.
    static func isTimestamp(_ text: String) -> Bool {
        let bytes = Array(text.utf8)
        let separators: [Int: UInt8] = [4: 0x2D, 7: 0x2D, 10: 0x54, 13: 0x3A, 16: 0x3A, 19: 0x5A]  // - - T : : Z
        guard bytes.count == 20 else { return false }
        return bytes.indices.allSatisfy { index in
            separators[index].map { bytes[index] == $0 } ?? (0x30...0x39).contains(bytes[index])
        }
    }
}
