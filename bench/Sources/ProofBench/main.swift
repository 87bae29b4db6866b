// pledger-proof-bench: how the cost of `prove` and `verify --checkpoint` grows with the ledger.
//
// Builds ledgers of each size (default 10 000 and 1 000 000 entries) from prebuilt `actor.added` entries with
// `LedgerStore.importEntries`, records a signed checkpoint half-way, then times — opening the ledger each time,
// as the CLI does — an inclusion proof of a random checkpointed entry, and the consistency check of the
// checkpoint against the current tree. Both read O(log n) stored tree nodes, so the 1M / 10k ratio should stay
// near 1 (log2 1M / log2 10k ≈ 1.5 at most).
//
//     swift run -c release pledger-proof-bench [SIZE ...]
import Foundation
import PledgerKit

let sizes = CommandLine.arguments.dropFirst().compactMap { Int($0) }
let benchSizes = sizes.isEmpty ? [10_000, 1_000_000] : sizes
let folder = FileManager.default.temporaryDirectory.appending(path: "pledger-proof-bench")
try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
let signer = try NoteSigner.generate(name: "bench.example/ledger")
let repetitions = 300

/// `count` canonical `actor.added` entries starting at index `start`.
func actorEntries(from start: Int, count: Int) throws -> [LedgerEntry] {
    try (start..<start + count).map { index in
        let body = #"{"author":"bench","index":\#(index),"kind":"actor.added","payload":{"actor":"actor-\#(index)","kind":"person","name":"Actor \#(index)"},"recordedAt":"2026-01-01T00:00:00Z"}"#
        return try LedgerEntry(body: Array(body.utf8))
    }
}

/// Appends entries until the ledger holds `target`, in batches of 50 000 (one transaction each).
func grow(_ store: LedgerStore, to target: Int) throws {
    var size = try store.head().size
    while size < target {
        let count = min(50_000, target - size)
        try store.importEntries(try actorEntries(from: size, count: count))
        size += count
    }
}

func median(_ samples: [Double]) -> Double {
    let sorted = samples.sorted()
    return sorted[sorted.count / 2]
}

func milliseconds(_ body: () throws -> Void) rethrows -> Double {
    let start = DispatchTime.now().uptimeNanoseconds
    try body()
    return Double(DispatchTime.now().uptimeNanoseconds - start) / 1e6
}

var results: [(size: Int, prove: Double, verify: Double, proofHashes: Int)] = []
for size in benchSizes {
    let path = folder.appending(path: "ledger-\(size).sqlite").path
    for suffix in ["", "-wal", "-shm"] {
        try? FileManager.default.removeItem(atPath: path + suffix)
    }
    var note = ""
    let build = try milliseconds {
        let store = try LedgerStore.create(at: path, author: "bench")
        try grow(store, to: size / 2)
        note = try store.recordCheckpoint(signer: signer).serialized
        try grow(store, to: size)
    }
    let checkpointSize = size / 2
    var generator = SystemRandomNumberGenerator()
    var proveTimes: [Double] = []
    var verifyTimes: [Double] = []
    var hashes = 0
    for _ in 0..<repetitions {
        let index = Int.random(in: 0..<checkpointSize, using: &generator)
        proveTimes.append(try milliseconds {
            let store = try LedgerStore.open(at: path, author: "bench")
            let proof = try store.inclusionProof(forEntry: try store.entryIndex(of: String(index)), checkpointNote: note)
            hashes = proof.inclusionProof.count
            _ = proof.serialized
        })
        verifyTimes.append(try milliseconds {
            let store = try LedgerStore.open(at: path, author: "bench")
            _ = try store.verifyExtends(checkpointNote: note, verifier: signer.verifier)
        })
    }
    results.append((size, median(proveTimes), median(verifyTimes), hashes))
    print(String(format: "%9d entries (built in %.1f s): prove %.3f ms (%d hashes), verify --checkpoint %.3f ms (medians of %d)",
                 size, build / 1000, median(proveTimes), hashes, median(verifyTimes), repetitions))
}
if let small = results.first, let large = results.last, results.count > 1 {
    print(String(format: "ratio %d / %d entries: prove %.2f×, verify --checkpoint %.2f×",
                 large.size, small.size, large.prove / small.prove, large.verify / small.verify))
}
