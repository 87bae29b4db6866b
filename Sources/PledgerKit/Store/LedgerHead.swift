import Foundation
import GRDB

/// The state of the log's Merkle tree after its last entry: size, root, and the compact frontier that makes
/// the next append O(log n).
public struct LedgerHead: Hashable, Sendable {
    /// The number of entries.
    public var size: Int
    /// The RFC 9162 Merkle tree head over all leaf hashes.
    public var rootHash: SHA256Hash
    var frontier: MerkleFrontier

    static let empty = LedgerHead(size: 0, rootHash: MerkleFrontier().root, frontier: MerkleFrontier())
}

// MARK: - Database

extension LedgerHead {
    /// The stored head, which every action appends after and every report is stamped with; refused when it
    /// does not decode or does not end where the log ends (see ``requireEndsWithLog(in:)``).
    static func fetch(_ db: Database) throws -> LedgerHead {
        let head: LedgerHead
        do {
            head = try fetchChecked(db)
        } catch let damage as Damage {
            throw PledgerError.ledgerUnavailable("the ledger head is damaged (\(damage.reason)); run `pledger verify` for details")
        }
        try head.requireEndsWithLog(in: db)
        return head
    }

    /// Refuses a head whose size is not one past the log's last entry: entries were cut from the end of the
    /// log, added after it, or the head was removed. A cheap check — one lookup of the largest `seq`, the
    /// rowid — not the full one `verify` makes; it keeps an append from leaving a gap or colliding with a
    /// forged entry, and a report from being stamped with a head that is not its log's.
    func requireEndsWithLog(in db: Database) throws {
        let lastSeq = try Int.fetchOne(db, sql: "SELECT max(seq) FROM entry")
        guard size != (lastSeq ?? -1) + 1 else { return }
        let says = size == 0 ? "records no entries" : "says \(Wording.entries(size))"
        let ends = lastSeq.map { "ends at entry \($0)" } ?? "holds no entries"
        throw PledgerError.ledgerUnavailable("the ledger's head \(says) but its log \(ends); run `pledger verify`")
    }

    /// What is wrong with a stored head that does not decode.
    struct Damage: Error {
        var reason: String
        /// Its root, when that column is intact: a rebuild from a log with this root restores the rest.
        var root: SHA256Hash?
    }

    /// The stored head, or ``Damage`` saying why it does not decode: what `verify` reports as a problem.
    static func fetchChecked(_ db: Database) throws -> LedgerHead {
        guard let row = try Row.fetchOne(db, sql: "SELECT size, root_hash, frontier FROM ledger_head WHERE id = 1") else {
            return .empty
        }
        let size: Int64 = try row.stored("size", of: "ledger head")
        let rootBytes: [UInt8] = Array(try row.stored("root_hash", of: "ledger head", as: Data.self))
        let frontierBytes: [UInt8] = Array(try row.stored("frontier", of: "ledger head", as: Data.self))
        let rootHash = SHA256Hash(bytes: rootBytes)
        guard let rootHash, size >= 0 else {
            throw Damage(reason: "bad root hash", root: rootHash)
        }
        let frontier: MerkleFrontier
        do {
            frontier = try MerkleFrontier(size: UInt64(size), serialized: frontierBytes)
        } catch {
            throw Damage(reason: "\(error)", root: rootHash)
        }
        return LedgerHead(size: Int(size), rootHash: rootHash, frontier: frontier)
    }

    func save(_ db: Database) throws {
        try db.cachedStatement(sql: "INSERT OR REPLACE INTO ledger_head (id, size, root_hash, frontier) VALUES (1, ?, ?, ?)").execute(arguments: [size, Data(rootHash.bytes), Data(frontier.serialized)])
    }
}
