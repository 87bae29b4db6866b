import Dispatch
import Foundation
import PledgerKit

/// Builds a large, valid ledger quickly: entries are prebuilt in parallel from template payloads and appended
/// with ``LedgerStore/importEntries(_:)`` in batches.
///
/// Shape: 20 sources, 500 actors, then per commitment one `commitment.logged`, `evidencePerCommitment`
/// `evidence.attached` (stances cycling) and one `status.assessed` citing two of that evidence. Every tenth
/// commitment has two promisors; every third has a due date 180 days after it was made.
struct SyntheticLedger {
    var commitments: Int
    var evidencePerCommitment: Int

    static let sourceCount = 20
    static let actorCount = 500
    static let recordedAt = "2025-06-01T00:00:00Z"

    /// Entries per commitment block.
    var blockSize: Int { 2 + evidencePerCommitment }
    var headerSize: Int { 1 + Self.sourceCount + Self.actorCount }
    var entryCount: Int { headerSize + commitments * blockSize }

    /// Writes the ledger to `path`, which must not exist.
    func build(at path: String) throws -> LedgerHead {
        let store = try LedgerStore.createEmpty(at: path, author: "bench")
        let texts = (1...Self.sourceCount).map(Self.sourceText)
        let canonical = try texts.map { try CanonicalText(decoding: Array($0.utf8)) }
        let templates = try Templates()

        var header: [LedgerEntry] = []
        header.append(try entry(0, .ledgerCreated(templates.created)))
        for (offset, text) in canonical.enumerated() {
            var added = templates.source
            added.source = SourceRef(offset + 1)
            added.metadata.title = "Synthetic source \(offset + 1)"
            added.originalSHA256 = SHA256Hash.digest(of: Array(texts[offset].utf8))
            added.textSHA256 = text.sha256
            added.text = text.string
            header.append(try entry(header.count, .sourceAdded(added)))
        }
        for number in 1...Self.actorCount {
            var added = templates.actor
            added.actor = try ActorSlug(validating: "actor-\(number)")
            added.name = "Actor \(number)"
            header.append(try entry(header.count, .actorAdded(added)))
        }
        try store.importEntries(header)

        // Anchors: a few hundred distinct ranges per source, reused across commitments.
        let anchors: [[AnchoredQuote]] = canonical.enumerated().map { offset, text in
            stride(from: 0, to: max(1, text.scalarCount - 200), by: 37).map { start in
                AnchoredQuote(source: SourceRef(offset + 1), version: 1, anchor: QuoteAnchor(text: text, range: start..<(start + 60 + start % 80)))
            }
        }
        let slugs = try (1...Self.actorCount).map { try ActorSlug(validating: "actor-\($0)") }
        let epoch = try CalendarDate(validating: "2020-01-01")
        let statuses = Status.assessable
        let stances = Stance.allCases

        let batch = 10_000
        var next = 0
        while next < commitments {
            let upper = min(commitments, next + batch)
            let count = upper - next
            let chunks = 8
            let perChunk = (count + chunks - 1) / chunks
            let results = UnsafeSendableBox(Array(repeating: [LedgerEntry](), count: chunks))
            let failure = UnsafeSendableBox<(any Error)?>(nil)
            let first = next
            DispatchQueue.concurrentPerform(iterations: chunks) { chunk in
                var built: [LedgerEntry] = []
                built.reserveCapacity(perChunk * blockSize)
                do {
                    for index in (first + chunk * perChunk)..<min(upper, first + (chunk + 1) * perChunk) {
                        let number = index + 1
                        var index0 = headerSize + index * blockSize
                        let made = epoch.adding(days: index % 1500)
                        let sourceAnchors = anchors[index % anchors.count]
                        var logged = templates.commitment
                        logged.commitment = CommitmentRef(number)
                        logged.promisors = index % 10 == 0
                            ? [slugs[index % slugs.count], slugs[(index + 7) % slugs.count]] : [slugs[index % slugs.count]]
                        logged.promisee = slugs[(index + 3) % slugs.count]
                        logged.summary = "Synthetic commitment \(number): deliver item \(index % 97), with care"
                        logged.quote = sourceAnchors[index % sourceAnchors.count]
                        logged.madeOn = made
                        logged.due = index % 3 == 0 ? .afterMade(days: 180) : nil
                        logged.dueOn = index % 3 == 0 ? made.adding(days: 180) : nil
                        logged.tags = ["tag-\(index % 50)"]
                        built.append(try entry(index0, .commitmentLogged(logged)))
                        index0 += 1
                        for k in 0..<evidencePerCommitment {
                            var attached = templates.evidence
                            attached.evidence = EvidenceRef(index * evidencePerCommitment + k + 1)
                            attached.commitment = CommitmentRef(number)
                            attached.quote = sourceAnchors[(index + k * 13) % sourceAnchors.count]
                            attached.observedOn = made.adding(days: 10 + k * 30)
                            attached.stance = stances[(index + k) % stances.count]
                            attached.note = k % 4 == 0 ? "Observed by monitor \(k)" : nil
                            built.append(try entry(index0, .evidenceAttached(attached)))
                            index0 += 1
                        }
                        var assessed = templates.assessment
                        assessed.assessment = AssessmentRef(number)
                        assessed.commitment = CommitmentRef(number)
                        assessed.status = statuses[index % statuses.count]
                        assessed.effectiveOn = made.adding(days: 200)
                        assessed.evidence = evidencePerCommitment >= 2
                            ? [EvidenceRef(index * evidencePerCommitment + 1), EvidenceRef(index * evidencePerCommitment + 2)] : []
                        built.append(try entry(index0, .statusAssessed(assessed)))
                    }
                } catch {
                    failure.update { $0 = error }
                }
                results.update { $0[chunk] = built }
            }
            if let error = failure.value { throw error }
            try store.importEntries(results.value.joined())
            next = upper
            FileHandle.standardError.write(Data("\r  built \(upper) of \(commitments) commitments".utf8))
        }
        FileHandle.standardError.write(Data("\n".utf8))
        return try store.head()
    }

    private func entry(_ index: Int, _ event: LedgerEvent) throws -> LedgerEntry {
        try LedgerEntry(index: index, recordedAt: Self.recordedAt, author: "bench", event: event)
    }

    static func sourceText(_ number: Int) -> String {
        let words = ["policy", "minister", "promised", "funding", "report", "committee", "enforcement", "budget",
                     "schools", "roads", "emissions", "by", "the", "end", "of", "year", "and", "will", "deliver"]
        var text = "Synthetic source \(number).\n"
        var seed = UInt64(number) &* 6_364_136_223_846_793_005 &+ 1
        for index in 0..<900 {
            seed = seed &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            text += words[Int(seed >> 33) % words.count]
            text += index % 17 == 16 ? ".\n" : " "
        }
        return text
    }
}

/// One payload of each kind, decoded from JSON once and then copied and modified: the payload types have
/// public properties but no public memberwise initializers.
private struct Templates {
    var created: LedgerCreated
    var source: SourceAdded
    var actor: ActorAdded
    var commitment: CommitmentLogged
    var evidence: EvidenceAttached
    var assessment: StatusAssessed

    init() throws {
        let hash = String(repeating: "0", count: 64)
        let quote = #"{"source":"S1","version":1,"start":0,"end":1,"exact":"S","prefix":"","suffix":"","textSHA256":"\#(hash)"}"#
        created = try Self.decode(#"{"formatVersion":1,"label":"synthetic benchmark ledger"}"#)
        source = try Self.decode(
            #"{"source":"S1","version":1,"metadata":{"title":"T","publisher":"Bench Press","publishedOn":"2020-01-01"},"originalSHA256":"\#(hash)","textSHA256":"\#(hash)","text":"S"}"#)
        actor = try Self.decode(#"{"actor":"a","name":"A","kind":"government"}"#)
        commitment = try Self.decode(
            #"{"commitment":"C1","promisors":["a"],"summary":"s","quote":\#(quote),"madeOn":"2020-01-01","tags":[],"criteria":"Delivered in full."}"#)
        evidence = try Self.decode(
            #"{"evidence":"E1","commitment":"C1","quote":\#(quote),"observedOn":"2020-01-01","stance":"supports"}"#)
        assessment = try Self.decode(
            #"{"assessment":"A1","commitment":"C1","status":"kept","effectiveOn":"2020-01-01","rationale":"Synthetic rationale: the evidence shows what was delivered, and what was not.","evidence":[]}"#)
    }

    private static func decode<T: Decodable>(_ json: String) throws -> T {
        try JSONDecoder().decode(T.self, from: Data(json.utf8))
    }
}

/// A value shared by the workers of `concurrentPerform`, changed under a lock.
final class UnsafeSendableBox<Value>: @unchecked Sendable {
    private let lock = NSLock()
    private var stored: Value

    init(_ value: Value) { stored = value }

    var value: Value { lock.withLock { stored } }

    func update(_ change: (inout Value) -> Void) {
        lock.withLock { change(&stored) }
    }
}
