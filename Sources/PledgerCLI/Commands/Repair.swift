import ArgumentParser
import PledgerKit

extension PledgerCommand {
    struct Repair: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Rebuild the queryable tables from the log.",
            discussion: """
                When `pledger verify` reports differences in the projection (the tables commands read) but none in \
                the log, --rebuild-projection replays every entry into fresh tables, recomputes the tree head and \
                recreates the triggers that keep the log append-only, in one transaction. It refuses when the log itself is damaged — an entry fails its checks, \
                contradicts a signed checkpoint the ledger recorded, or quotes what its source does not say — and \
                when the stored tree head's root is not the log's (entries cut from the end of the log, or the log \
                rewritten whole).
                """)

        @OptionGroup var ledger: LedgerOptions

        @Flag(help: "Replay the log into fresh projection tables.")
        var rebuildProjection = false

        func validate() throws {
            guard rebuildProjection else {
                throw ValidationError("say what to repair: pass --rebuild-projection")
            }
        }

        func run() throws {
            let store = try ledger.openStoreForRepair()
            let replayed = try store.rebuildProjection()
            let head = try store.head()
            Output.print("Rebuilt the projection from \(Wording.entries(replayed)) (root \(head.rootHash.hex))")
        }
    }
}
