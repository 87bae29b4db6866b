import Foundation
import PledgerKit
import PledgerTestSupport
import Testing

/// Property-based fuzzing with a seeded generator, so any failure replays exactly. The long runs multiply
/// the counts by ten (`PLEDGER_LONG_TESTS=1`, set by `.ci/run`).
@Suite struct HostileInputTests {
    private static let scale = ProcessInfo.processInfo.environment["PLEDGER_LONG_TESTS"] == "1" ? 10 : 1

    /// Pieces that stress offsets, folding and grapheme boundaries.
    private static let alphabet: [String] = [
        "a", "b", "e", "Z", "7", " ", " ", "\n", "\u{00A0}", "\t", "“", "”", "\"", "'", "’", "—", "–", "-", "--",
        "…", "...", "e\u{301}", "👩‍👩‍👧", "🇫🇷", "漢", "字", "한", ".", ",", "<", ">", "&", "\\", "\u{202F}",
    ]

    private func randomText(_ generator: inout SeededGenerator, length: Int) -> String {
        (0..<length).map { _ in Self.alphabet[Int.random(in: 0..<Self.alphabet.count, using: &generator)] }.joined()
    }

    @Test func quoteLocatorNeverCrashesSplitsAGraphemeOrAnchorsOutsideTheText() throws {
        var generator = SeededGenerator(seed: 0x5EED_0001)
        var executions = 0
        var anchored = 0
        for _ in 0..<(1_500 * Self.scale) {
            let source = randomText(&generator, length: Int.random(in: 1...120, using: &generator))
            guard let text = try? CanonicalText(decoding: Array(source.utf8)) else { continue }
            let scalars = Array(text.string.unicodeScalars)
            let typed: String
            if Bool.random(using: &generator) {
                let start = Int.random(in: 0..<scalars.count, using: &generator)
                let end = Int.random(in: start...min(scalars.count, start + 30), using: &generator)
                var view = String.UnicodeScalarView()
                view.append(contentsOf: scalars[start..<end])
                typed = String(view)
                    .replacingOccurrences(of: "“", with: "\"")
                    .replacingOccurrences(of: "—", with: "--")
                    .replacingOccurrences(of: "\u{00A0}", with: " ")
            } else {
                typed = randomText(&generator, length: Int.random(in: 0...8, using: &generator))
            }
            executions += 1
            let locator = QuoteLocator(text: text)
            let occurrence: Int? = Bool.random(using: &generator) ? Int.random(in: 1...3, using: &generator) : nil
            guard let anchor = try? locator.locate(typed, occurrence: occurrence) else { continue }
            anchored += 1
            #expect(0 <= anchor.start && anchor.start <= anchor.end && anchor.end <= text.scalarCount, "\(typed.debugDescription) in \(source.debugDescription)")
            #expect(text.isGraphemeBoundary(atScalarOffset: anchor.start) && text.isGraphemeBoundary(atScalarOffset: anchor.end))
            #expect(anchor.exact == text.slice(anchor.start..<anchor.end))
            #expect(anchor.check(against: text).isEmpty)
        }
        #expect(executions >= 1_000 * Self.scale)
        #expect(anchored > executions / 10, "the generator should produce many locatable quotes")
    }

    private func randomJSON(_ generator: inout SeededGenerator, depth: Int) -> JSONValue {
        switch Int.random(in: 0..<(depth > 3 ? 4 : 6), using: &generator) {
        case 0: return .null
        case 1: return .bool(Bool.random(using: &generator))
        case 2:
            let choices: [Double] = [0, -0.0, 1, -1, 1e21, 1e-7, 0.1, 333333333.33333329, 5e-324, 1.7976931348623157e308]
            return .number(Bool.random(using: &generator)
                ? choices[Int.random(in: 0..<choices.count, using: &generator)]
                : Double.random(in: -1e12...1e12, using: &generator))
        case 3: return .string(randomText(&generator, length: Int.random(in: 0...6, using: &generator)) + "\u{1}\u{1F}")
        case 4:
            return .array((0..<Int.random(in: 0...4, using: &generator)).map { _ in randomJSON(&generator, depth: depth + 1) })
        default:
            var object: [String: JSONValue] = [:]
            for _ in 0..<Int.random(in: 0...4, using: &generator) {
                object[randomText(&generator, length: Int.random(in: 0...4, using: &generator))] = randomJSON(&generator, depth: depth + 1)
            }
            return .object(object)
        }
    }

    @Test func canonicalJSONRoundTripsAndMutatedBytesNeverCrashTheParser() throws {
        var generator = SeededGenerator(seed: 0x5EED_0002)
        var executions = 0
        for _ in 0..<(1_500 * Self.scale) {
            let value = randomJSON(&generator, depth: 0)
            let canonical = value.canonicalBytes
            let reparsed = try JSONValue(parsing: canonical)
            #expect(reparsed.canonicalBytes == canonical)
            #expect(try CanonicalJSON.canonicalize(canonical) == canonical)
            var mutated = canonical
            for _ in 0..<Int.random(in: 1...3, using: &generator) where !mutated.isEmpty {
                let index = Int.random(in: 0..<mutated.count, using: &generator)
                switch Int.random(in: 0..<3, using: &generator) {
                case 0: mutated[index] = UInt8.random(in: 0...255, using: &generator)
                case 1: mutated.remove(at: index)
                default: mutated.insert(UInt8.random(in: 0...255, using: &generator), at: index)
                }
            }
            if let canonicalized = try? CanonicalJSON.canonicalize(mutated) {
                #expect(try CanonicalJSON.canonicalize(canonicalized) == canonicalized)
            }
            executions += 2
        }
        #expect(executions == 3_000 * Self.scale)
    }

    @Test func corruptedExportLinesAreRefusedOrImportIntoAVerifiableLedger() throws {
        let original = try Fixtures.seedLedger(clock: fixedClock)
        let lines = try original.entries().map(\.body)
        let directory = try TemporaryDirectory()
        var generator = SeededGenerator(seed: 0x5EED_0003)
        var refused = 0
        var imported = 0
        for run in 0..<(60 * Self.scale) {
            var corrupted = lines
            let line = Int.random(in: 0..<corrupted.count, using: &generator)
            switch Int.random(in: 0..<4, using: &generator) {
            case 0:
                let index = Int.random(in: 0..<corrupted[line].count, using: &generator)
                corrupted[line][index] = UInt8.random(in: 0x20...0x7E, using: &generator)
            case 1:
                corrupted[line] = Array(corrupted[line].prefix(Int.random(in: 0..<corrupted[line].count, using: &generator)))
            case 2:
                corrupted.swapAt(line, Int.random(in: 0..<corrupted.count, using: &generator))
            default:
                corrupted.remove(at: line)
            }
            let path = directory.path("run-\(run).jsonl")
            try Data(corrupted.joined(separator: [UInt8(ascii: "\n")])).write(to: URL(filePath: path))
            let store = try LedgerStore.emptyInMemory()
            let handle = try FileHandle(forReadingFrom: URL(filePath: path))
            var reader = LineReader(handle: handle, chunkSize: 97)
            do {
                _ = try store.importJSONLines(&reader, resume: false)
                imported += 1
                #expect(try store.verify().isEmpty)
            } catch let error where error is PledgerError || error is ImportStopped {
                refused += 1
                #expect(try store.verify().isEmpty, "a refused import must leave a valid ledger")
            }
            try handle.close()
        }
        #expect(refused > 0)
        #expect(refused + imported == 60 * Self.scale)
    }
}

/// SplitMix64: small, fast and reproducible from its seed.
struct SeededGenerator: RandomNumberGenerator {
    private var state: UInt64

    init(seed: UInt64) {
        state = seed
    }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var mixed = state
        mixed = (mixed ^ (mixed >> 30)) &* 0xBF58_476D_1CE4_E5B9
        mixed = (mixed ^ (mixed >> 27)) &* 0x94D0_49BB_1331_11EB
        return mixed ^ (mixed >> 31)
    }
}
