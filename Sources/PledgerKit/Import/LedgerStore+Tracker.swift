import Foundation
import GRDB

/// What importing a spreadsheet tracker recorded.
public struct TrackerImportOutcome: Sendable, Hashable {
    /// Data rows read.
    public var rows: Int
    /// Sources archived (files already archived are reused).
    public var sourcesAdded: Int
    /// Actors created from names not yet in the ledger.
    public var actorsAdded: Int
    /// The commitments logged, one per row.
    public var commitments: [CommitmentRef]
    /// Assessments recorded from the status column.
    public var assessments: Int
}

extension LedgerStore {
    /// The columns a tracker must have.
    public static let requiredTrackerColumns = ["actor", "promise", "source", "quote"]

    /// Imports a promise tracker kept as a spreadsheet (CSV): one commitment per row, through the same
    /// validation as `commitment add` and `assess`, all in one transaction — a bad row imports nothing.
    ///
    /// Columns (header names, any order, case-insensitive): `actor` (a name or slug; new actors are created as
    /// groups), `promise` (the summary), `source` (a text file, read with `sourceBytes`), `quote` (words in that
    /// file); optional `status` and `date` (an assessment effective that day), `made` (defaults to `date`),
    /// `due` (a date or `+Nd`), `to`, `tags` (separated by `;`), `rationale`, `title`, `publisher`, `published`,
    /// `occurrence` (which of several places a quote occurs in, from 1). A row's error names the row and the
    /// column to fix.
    public func importTracker(_ table: CSVTable, sourceBytes: (String) throws -> [UInt8]) throws -> TrackerImportOutcome {
        try Self.requireAuthor(author)  // The invocation's problem, not the first row's.
        let missing = Self.requiredTrackerColumns.filter { table.column($0) == nil }
        guard missing.isEmpty else {
            throw PledgerError.invalidInput(
                "the CSV has no \(missing.joined(separator: ", ")) column; a tracker needs the columns \(Self.requiredTrackerColumns.joined(separator: ", "))")
        }
        return try write { db in
            var outcome = TrackerImportOutcome(rows: 0, sourcesAdded: 0, actorsAdded: 0, commitments: [], assessments: 0)
            var sources: [String: SourceRef] = [:]
            for (offset, cells) in table.rows.enumerated() {
                let rowNumber = offset + 2
                do {
                    try importTrackerRow(cells, of: table, sources: &sources, outcome: &outcome, sourceBytes: sourceBytes, db)
                } catch let error where PledgerError.isLedgerFailure(error) {
                    throw error  // The ledger file's failure, not the spreadsheet row's.
                } catch let copy as CommitmentCopy {
                    throw PledgerError.invalidInput(
                        "row \(rowNumber): \(copy.earlier) already records this promise (the same actor, quote of \(copy.source), promise and made day); leave out the rows already imported, or word the promise cell apart if it is another promise; nothing was imported")
                } catch {
                    throw PledgerError.invalidInput("row \(rowNumber): \(Self.inTrackerTerms(error)); nothing was imported")
                }
                outcome.rows += 1
            }
            return outcome
        }
    }

    private func importTrackerRow(
        _ cells: [String], of table: CSVTable, sources: inout [String: SourceRef], outcome: inout TrackerImportOutcome,
        sourceBytes: (String) throws -> [UInt8], _ db: Database
    ) throws {
        func cell(_ name: String) -> String? {
            guard let index = table.column(name), index < cells.count else { return nil }
            let value = cells[index].trimmingCharacters(in: .whitespacesAndNewlines)
            return value.isEmpty ? nil : value
        }
        func required(_ name: String) throws -> String {
            guard let value = cell(name) else { throw PledgerError.invalidInput("the \(name) cell is empty") }
            return value
        }
        let file = try required("source")
        let source: SourceRef
        if let known = sources[file] {
            source = known
        } else {
            // Read once, and prepared as `source add` prepares a file: size, HTML, canonical text, metadata.
            let bytes = try sourceBytes(file)
            let metadata = SourceMetadata(
                title: cell("title") ?? file, publisher: cell("publisher") ?? "unknown publisher",
                publishedOn: try cell("published").map { try CalendarDate(validating: $0) })
            let prepared: PreparedSource
            do {
                prepared = try Self.prepareSource(bytes: bytes, metadata: metadata, fileName: file)
            } catch PledgerError.invalidInput(let reason) {
                throw PledgerError.invalidInput("source file \(file): \(reason)")
            }
            let addition = try addSource(prepared, in: db)
            outcome.sourcesAdded += addition.isNew ? 1 : 0
            source = addition.source.ref
            sources[file] = source
        }
        let promisor = try resolveActor(try required("actor"), outcome: &outcome, db)
        let promisee = try cell("to").map { try resolveActor($0, outcome: &outcome, db) }
        let date = try cell("date").map { try CalendarDate(validating: $0) }
        let made = try cell("made").map { try CalendarDate(validating: $0) } ?? date
        let occurrence = try cell("occurrence").map { text in
            guard let number = Int(text), number > 0 else {
                throw PledgerError.invalidInput("occurrence '\(text)' is not a positive whole number")
            }
            return number
        }
        let commitment = try logCommitment(
            CommitmentDraft(
                promisors: [promisor], promisee: promisee, source: source, quote: try required("quote"), occurrence: occurrence,
                summary: try required("promise"), madeOn: made, due: try cell("due").map { try DueDate(validating: $0) },
                tags: cell("tags")?.split(separator: ";").map(String.init) ?? []),
            in: db)
        outcome.commitments.append(commitment.ref)
        if let statusText = cell("status"), statusText.lowercased() != Status.notYetRated.rawValue {
            guard let status = Status(rawValue: statusText.lowercased()) else {
                throw PledgerError.invalidInput(
                    "status '\(statusText)' is not one of \(Status.allCases.listedSpellings)")
            }
            guard let date else {
                throw PledgerError.invalidInput("a status needs the day it holds from in the date column")
            }
            _ = try assess(
                AssessmentDraft(
                    commitment: commitment.ref, status: status,
                    rationale: cell("rationale") ?? "Imported from a tracker spreadsheet.", effectiveOn: date),
                in: db)
            outcome.assessments += 1
        }
    }

    /// The options of `commitment add` and `assess` that a tracker fills from a column, as the actions'
    /// messages name them, with the column each comes from.
    private static let columnsForOptions = [
        ("--occurrence", "occurrence"), ("--made", "made"), ("--due", "due"), ("--effective", "date"), ("--to", "to"),
        ("--rationale", "rationale"), ("--published", "published"), ("--summary", "promise"), ("--tag", "tags"),
        ("--title", "title"), ("--publisher", "publisher"),
    ]

    /// A row's error in the spreadsheet's terms: the actions' messages name the command-line options that
    /// the tracker's columns stand for, and a spreadsheet user fixes a column, not an option.
    private static func inTrackerTerms(_ error: any Error) -> String {
        var message = "\(error)"
        for (option, column) in columnsForOptions {
            // Whole options only: "--to" is not a prefix of "--total".
            let option = NSRegularExpression.escapedPattern(for: option) + "(?![A-Za-z-])"
            message = message
                .replacingOccurrences(of: "pass " + option, with: "fill the \(column) column with", options: .regularExpression)
                .replacingOccurrences(of: option, with: "the \(column) column", options: .regularExpression)
        }
        return message
    }

    /// The actor a tracker cell names: an existing slug, or a name turned into a slug (created when new).
    private func resolveActor(_ name: String, outcome: inout TrackerImportOutcome, _ db: Database) throws -> ActorSlug {
        let slugText = name.lowercased().unicodeScalars
            .map { ("a"..."z").contains($0) || ("0"..."9").contains($0) ? String($0) : "-" }
            .joined()
            .split(separator: "-").joined(separator: "-")
        let slug = try ActorSlug(validating: String(slugText.prefix(64)).trimmingCharacters(in: CharacterSet(charactersIn: "-")))
        if try !Self.actorExists(slug, in: db) {
            _ = try addActor(slug: slug, name: try Self.requireText(name, option: "the actor column"), kind: .group, parent: nil, in: db)
            outcome.actorsAdded += 1
        }
        return slug
    }
}
