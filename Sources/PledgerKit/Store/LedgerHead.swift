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
    static func fetch(_ db: Database) throws -> LedgerHead {
        do {
            return try fetchChecked(db)
        } catch let damage as Damage {
            throw PledgerError.ledgerUnavailable("the ledger head is damaged (\(damage.reason)); run `pledger verify` for details")
        }
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
