import Foundation
import PledgerKit
import Testing

/// A fixed clock: 2026-11-23T12:00:00Z.
let fixedClock: @Sendable () -> Date = { Date(timeIntervalSince1970: 1_795_435_200) }

func date(_ text: String) throws -> CalendarDate {
    try CalendarDate(validating: text)
}

func slug(_ text: String) throws -> ActorSlug {
    try ActorSlug(validating: text)
}

/// Runs `action`, expects it to throw a `PledgerError`, and checks that the ledger's size and root did not change.
@discardableResult
func expectRefusedWithoutWriting(
    _ store: LedgerStore, sourceLocation: SourceLocation = #_sourceLocation, _ action: () throws -> Void
) throws -> PledgerError? {
    let before = try store.head()
    var refusal: PledgerError?
    do {
        try action()
        Issue.record("expected the action to be refused", sourceLocation: sourceLocation)
    } catch let error as PledgerError {
        refusal = error
    }
    let after = try store.head()
    #expect(after.size == before.size, "entry count changed", sourceLocation: sourceLocation)
    #expect(after.rootHash == before.rootHash, "root changed", sourceLocation: sourceLocation)
    return refusal
}

/// A small ledger: one source, two actors, nothing else.
func smallLedger(text: String = "Alice promised to fix the bridge by June. Later, the bridge was fixed.") throws
    -> (LedgerStore, SourceRef)
{
    let store = try LedgerStore.inMemory(author: "tester", clock: fixedClock)
    let source = try store.addSource(
        bytes: Array(text.utf8),
        metadata: SourceMetadata(title: "Town news", publisher: "Gazette", publishedOn: try date("2024-01-10"))
    ).source.ref
    _ = try store.addActor(slug: slug("alice"), name: "Alice", kind: .person)
    _ = try store.addActor(slug: slug("town"), name: "Town", kind: .government)
    return (store, source)
}

/// A ledger holding one source, `text`, published on `published`, and the mayor's commitment quoting `quote`
/// in it, made on that day and due on `due`.
func mayorsCommitment(text: String, published: String, quote: String, due: String) throws
    -> (store: LedgerStore, source: SourceRef, commitment: CommitmentRef)
{
    let store = try LedgerStore.inMemory(author: "tester", clock: fixedClock)
    let source = try store.addSource(
        bytes: Array(text.utf8), metadata: SourceMetadata(title: "News", publisher: "Gazette", publishedOn: try date(published))
    ).source.ref
    _ = try store.addActor(slug: slug("mayor"), name: "Mayor", kind: .person)
    let commitment = try store.logCommitment(CommitmentDraft(
        promisors: [slug("mayor")], source: source, quote: quote, madeOn: date(published), due: .on(date(due)))).ref
    return (store, source, commitment)
}
