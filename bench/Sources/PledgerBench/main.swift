import Foundation
import GRDB
import PledgerKit

// pledger-bench report [--commitments N] [--evidence-per-commitment K] [--db PATH]
//
// Builds (or reuses) a synthetic ledger of N commitments and K×N evidence, then times the compliance report
// and each renderer against a baseline measured in the same run: reading every row and column of the tables
// the report reads with plain GRDB, with no assembly at all.

struct Options {
    var commitments = 100_000
    var evidencePerCommitment = 10
    var db: String?
    var asOf = "2026-01-01"
    var formats = ["text", "markdown", "html", "csv", "json"]

    init(_ arguments: [String]) throws {
        var rest = arguments[...]
        guard rest.popFirst() == "report" else { throw Usage() }
        while let flag = rest.popFirst() {
            guard let value = rest.popFirst() else { throw Usage() }
            switch flag {
            case "--commitments": commitments = try positive(value)
            case "--evidence-per-commitment": evidencePerCommitment = try positive(value)
            case "--db": db = value
            case "--as-of": asOf = value
            case "--formats": formats = value.split(separator: ",").map(String.init)
            default: throw Usage()
            }
        }
    }

    private func positive(_ text: String) throws -> Int {
        guard let value = Int(text), value > 0 else { throw Usage() }
        return value
    }
}

struct Usage: Error, CustomStringConvertible {
    var description: String {
        "usage: pledger-bench report [--commitments N] [--evidence-per-commitment K] [--db PATH] [--as-of YYYY-MM-DD] [--formats text,markdown,html,csv,json]"
    }
}

func seconds(_ body: () throws -> Void) rethrows -> Double {
    let start = DispatchTime.now().uptimeNanoseconds
    try body()
    return Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
}

func format(_ value: Double, _ digits: Int = 2) -> String {
    String(format: "%.\(digits)f", value)
}

/// Reads every row and column of the tables the report reads, as GRDB database values.
func baselineScan(_ path: String) throws -> Int {
    var configuration = Configuration()
    configuration.readonly = true
    let queue = try DatabaseQueue(path: path, configuration: configuration)
    return try queue.read { db in
        var cells = 0
        for table in ["commitment", "commitment_promisor", "commitment_tag", "quote_anchor", "evidence", "assessment",
                      "assessment_evidence", "actor", "source"] {
            let rows = try Row.fetchCursor(db, sql: "SELECT * FROM \(table)")
            while let row = try rows.next() {
                for index in 0..<row.count {
                    if !row.hasNull(atIndex: index) {
                        let value: DatabaseValue = row[index]
                        if case .string(let text) = value.storage { cells += text.utf8.count > 0 ? 1 : 0 } else { cells += 1 }
                    }
                }
            }
        }
        // Commitments, evidence and assessments keep the fields of their entries that a report shows in their
        // own rows, read above; of the log, the report reads only the leaf hashes of the actors' entries.
        return cells
    }
}

do {
    let options = try Options(Array(CommandLine.arguments.dropFirst()))
    let synthetic = SyntheticLedger(commitments: options.commitments, evidencePerCommitment: options.evidencePerCommitment)
    let path = options.db ?? FileManager.default.temporaryDirectory
        .appending(path: "pledger-bench-\(options.commitments)x\(options.evidencePerCommitment).sqlite").path
    if FileManager.default.fileExists(atPath: path) {
        print("Reusing \(path)")
    } else {
        print("Building \(path): \(options.commitments) commitments, \(options.commitments * options.evidencePerCommitment) evidence, \(synthetic.entryCount) entries")
        let build = try seconds { _ = try synthetic.build(at: path) }
        print("  built in \(format(build, 1)) s")
    }
    // As `pledger report` opens it: a store opened to write has one connection, so its reports read and
    // render on one thread.
    let store = try LedgerStore.openForReading(at: path)
    let asOf = try CalendarDate(validating: options.asOf)

    _ = try baselineScan(path)  // Warm the page cache so that both sides read from memory.
    var cells = 0
    let baseline = try seconds { cells = try baselineScan(path) }
    print("Baseline: GRDB scan of every row and column the report reads (\(cells) cells): \(format(baseline, 3)) s")

    func row(_ name: String, _ time: Double, _ size: Int?) {
        let output = size.map { "\(format(Double($0) / 1_048_576, 1)) MiB" } ?? ""
        print("  " + name.padding(toLength: 26, withPad: " ", startingAt: 0)
            + format(time, 3).padding(toLength: 10, withPad: " ", startingAt: 0)
            + format(time / baseline, 2).padding(toLength: 13, withPad: " ", startingAt: 0) + output)
    }
    let formats = try options.formats.map { name in
        guard let format = ReportFormat(rawValue: name) else { throw Usage() }
        return format
    }
    // Every step writes to a real file, as `pledger report -o FILE` does.
    let outputPath = FileManager.default.temporaryDirectory.appending(path: "pledger-bench-report.out").path
    func timeWriting(_ write: (inout ChunkedFileOutput) throws -> Void) throws -> (seconds: Double, size: Int?) {
        guard FileManager.default.createFile(atPath: outputPath, contents: nil),
            let handle = FileHandle(forWritingAtPath: outputPath)
        else { throw Usage() }
        let time = try seconds {
            var output = ChunkedFileOutput(handle: handle, bypassingPageCache: true)
            try write(&output)
            try output.finish()
            try handle.close()
        }
        return (time, try FileManager.default.attributesOfItem(atPath: outputPath)[.size] as? Int)
    }

    print("Report over \(options.commitments) commitments as of \(asOf):")
    print("  " + "step".padding(toLength: 26, withPad: " ", startingAt: 0) + "seconds   × baseline   output")
    // What `pledger report` does: the whole job, reading evidence batch by batch as it renders.
    for format in formats {
        let streamed = try timeWriting { try store.writeComplianceReport(asOf: asOf, format: format, to: &$0) }
        row("report \(format.rawValue), streamed", streamed.seconds, streamed.size)
    }

    // The steps of the report computed whole, for comparison: fetch, build, then each renderer.
    var report: ComplianceReport?
    let compute = try seconds { report = try store.complianceReport(asOf: asOf) }
    guard let report else { throw Usage() }
    row("compute whole report", compute, nil)
    var dossiers: [CommitmentDossier] = []
    row("  of which fetch", try seconds { dossiers = try store.dossiers() }, nil)
    _ = dossiers.count
    for format in formats {
        let rendered = try timeWriting { format.write(report, to: &$0) }
        row("  render \(format.rawValue)", rendered.seconds, rendered.size)
    }
    try? FileManager.default.removeItem(atPath: outputPath)
    try store.closeAfterReading()  // As `pledger report` does, so that no -wal or -shm file is left beside the ledger.
} catch {
    FileHandle.standardError.write(Data("pledger-bench: \(error)\n".utf8))
    exit(1)
}
