// pledger-matcher-bench: Pledger's approximate matcher (Myers' bit-parallel algorithm) against Python
// diff-match-patch's match_main (Bitap) on the same quotes and texts, in one run.
//
//   pip install diff-match-patch
//   swift run -c release pledger-matcher-bench [--rounds N]
//
// The texts are the seed case's articles. Each quote is a stretch of one of them with a few characters
// changed (as a corrected typo would be), in two sizes: 32 code points (diff-match-patch's default limit) and
// 200. Both sides search the whole text for the quote (hint: its true start) and report the start they found;
// the ratio is diff-match-patch's time over Pledger's.
import Foundation
import PledgerKit

struct Case: Codable {
    var text: Int
    var quote: String
    var hint: Int
}

struct Workload: Codable {
    var texts: [String]
    var cases: [Case]
    var rounds: Int
}

struct PythonResult: Codable {
    var seconds: Double
    var starts: [Int]
}

/// A small deterministic generator (64-bit LCG), so every run measures the same workload.
struct Generator {
    var state: UInt64
    mutating func next(_ bound: Int) -> Int {
        state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
        return Int((state >> 33) % UInt64(bound))
    }
}

let arguments = CommandLine.arguments
let rounds = arguments.firstIndex(of: "--rounds").flatMap { Int(arguments[$0 + 1]) } ?? 3
let packageRoot = URL(filePath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
    .deletingLastPathComponent().deletingLastPathComponent()
let fixtures = packageRoot.appending(path: "fixtures/seed-case")
let texts = try ["dailycaller-2024-04-16-no-evidence.txt", "thehill-2023-08-04-lawmakers-letter.txt"].map { file in
    try CanonicalText(decoding: Array(Data(contentsOf: fixtures.appending(path: file)))).string
}
let scalarsOf = texts.map { Array($0.unicodeScalars) }

var generator = Generator(state: 2_024)
var cases: [Case] = []
var truth: [Int] = []
for length in [32, 200] {
    for _ in 0..<100 {
        let textIndex = generator.next(texts.count)
        let scalars = scalarsOf[textIndex]
        let start = generator.next(scalars.count - length)
        var quote = Array(scalars[start..<(start + length)])
        for _ in 0..<(length / 32 + 1) {
            quote[generator.next(length)] = Unicode.Scalar(UInt8(ascii: "a") + UInt8(generator.next(26)))
        }
        cases.append(Case(text: textIndex, quote: String(String.UnicodeScalarView(quote)), hint: start))
        truth.append(start)
    }
}

// Pledger: the best match of each quote anywhere in its text (fewest errors, then nearest the hint).
var swiftStarts: [Int] = []
let clock = ContinuousClock()
let swiftDuration = clock.measure {
    for _ in 0..<rounds {
        swiftStarts = cases.map { item in
            let pattern = Array(item.quote.unicodeScalars)
            let matches = ApproximateMatcher(pattern: pattern).matches(in: scalarsOf[item.text], maxErrors: pattern.count / 3)
            let best = matches.min { first, second in
                first.errors != second.errors
                    ? first.errors < second.errors
                    : abs(first.range.lowerBound - item.hint) < abs(second.range.lowerBound - item.hint)
            }
            return best?.range.lowerBound ?? -1
        }
    }
}
let swiftSeconds = Double(swiftDuration.components.seconds) + Double(swiftDuration.components.attoseconds) / 1e18

// diff-match-patch, in Python, on the same workload.
let workloadURL = FileManager.default.temporaryDirectory.appending(path: "pledger-matcher-workload-\(getpid()).json")
try JSONEncoder().encode(Workload(texts: texts, cases: cases, rounds: rounds)).write(to: workloadURL)
defer { try? FileManager.default.removeItem(at: workloadURL) }
let process = Process()
process.executableURL = URL(filePath: "/usr/bin/env")
process.arguments = ["python3", packageRoot.appending(path: "bench/matcher/dmp_bench.py").path, workloadURL.path]
let pipe = Pipe()
process.standardOutput = pipe
try process.run()
let output = pipe.fileHandleForReading.readDataToEndOfFile()
process.waitUntilExit()
guard process.terminationStatus == 0, let python = try? JSONDecoder().decode(PythonResult.self, from: output) else {
    FileHandle.standardError.write(Data("diff-match-patch run failed; install it with `pip install diff-match-patch`\n".utf8))
    exit(1)
}

let expected = truth
func accuracy(_ starts: [Int], _ range: Range<Int>) -> Int {
    range.filter { abs(starts[$0] - expected[$0]) <= 2 }.count
}
let count = cases.count
print("quotes: \(count) (100 of 32 and 100 of 200 code points, 1–7 characters changed), texts: \(texts.map { $0.unicodeScalars.count }) code points, rounds: \(rounds)")
print(String(format: "Pledger ApproximateMatcher (Myers, Swift): %8.2f ms per round, found %d/100 short and %d/100 long",
             swiftSeconds * 1000 / Double(rounds), accuracy(swiftStarts, 0..<100), accuracy(swiftStarts, 100..<200)))
print(String(format: "diff-match-patch match_main (Bitap, Python): %8.2f ms per round, found %d/100 short and %d/100 long",
             python.seconds * 1000 / Double(rounds), accuracy(python.starts, 0..<100), accuracy(python.starts, 100..<200)))
print(String(format: "ratio: Pledger is %.1f× faster than diff-match-patch on the same quotes and texts", python.seconds / swiftSeconds))
