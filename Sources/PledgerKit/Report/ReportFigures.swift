/// Number and label formatting shared by the report renderers, so that every format shows the same figures.
enum ReportFigures {
    /// A mean score with its sign and two decimals (`+0.33`, `−1.00`), or `—` when nothing was scored.
    static func score(_ score: Double?) -> String {
        guard let score else { return "—" }
        return (score >= 0 ? "+" : "−") + fixed(abs(score), digits: 2)
    }

    /// A compliance percentage with one decimal (`66.7%`), or `—` when nothing was scored.
    static func percent(_ percent: Double?) -> String {
        guard let percent else { return "—" }
        return fixed(percent, digits: 1) + "%"
    }

    /// What a report says in place of the latest assessment when none sets `item`'s overall status on the
    /// as-of day, as a lead (which a renderer may set in bold) and the rest of the sentence: not yet rated —
    /// or, for a multi-party pledge some of whose parties have been judged, that they are not all judged
    /// alike, so that a pledge assessed party by party is not presented as one no one has checked.
    static func withoutOverallStatus(
        _ item: ComplianceReport.Item, asOf: CalendarDate
    ) -> (lead: String, rest: String) {
        guard item.promisors.count > 1, item.promisors.contains(where: { $0.status != .notYetRated }) else {
            return ("Not yet rated", " as of \(asOf).")
        }
        return ("No overall status", " as of \(asOf): its parties are not all judged alike, and no assessment judges the whole commitment.")
    }

    /// A non-negative `value` with exactly `digits` decimals, rounded half away from zero, without
    /// Foundation's locale.
    static func fixed(_ value: Double, digits: Int) -> String {
        var text = ReportBuffer()
        text.append(value, decimals: digits)
        return text.string
    }

    /// The command that regenerates `report` from its ledger: its as-of day, the entry count it read (so that
    /// entries appended since do not change it), its scope and its `--since`.
    static func regenerationCommand(_ report: ComplianceReport) -> String {
        var words = ["pledger", "report", "--as-of", report.asOf.description, "--as-recorded", String(report.stamp.entryCount)]
        if let actor = report.scope.actor { words += ["--actor", actor.rawValue] }
        if let tag = report.scope.tag { words.append("--tag=" + shellQuoted(tag)) }  // "=": a tag may begin with "-".
        if let status = report.scope.status { words += ["--status", status.rawValue] }
        if let changes = report.changes { words += ["--since", changes.since.description] }
        return words.joined(separator: " ")
    }

    /// `word` as a POSIX shell reads it back: as it is when it holds only letters, digits and `._-/:@%+=,`,
    /// else in single quotes.
    static func shellQuoted(_ word: String) -> String {
        let plain = !word.isEmpty && word.unicodeScalars.allSatisfy { scalar in
            scalar.isASCII && (scalar.properties.isAlphabetic || ("0"..."9").contains(scalar) || "._-/:@%+=,".unicodeScalars.contains(scalar))
        }
        return plain ? word : "'" + word.replacingOccurrences(of: "'", with: "'\\''") + "'"
    }

    /// A status as a reader says it: `partially kept`, `not yet rated` — its raw value with spaces for
    /// hyphens. Literals, chosen by a switch: reports show millions, and a dictionary would hash the status's
    /// raw value for each.
    static func label(_ status: Status) -> String {
        switch status {
        case .notYetRated: "not yet rated"
        case .inProgress: "in progress"
        case .stalled: "stalled"
        case .partiallyKept: "partially kept"
        case .kept: "kept"
        case .broken: "broken"
        case .unverifiable: "unverifiable"
        case .withdrawn: "withdrawn"
        }
    }

    /// The description of the stamp's as-recorded part, when there is one.
    static func asRecordedLine(_ asRecorded: ComplianceReport.AsRecorded) -> String {
        let through = asRecorded.recordedThrough.map { " (the entries recorded by the end of \($0) UTC)" } ?? ""
        return "Read as recorded at entry \(asRecorded.entryCount) of \(asRecorded.ledgerEntryCount)\(through); "
            + "the whole ledger's root is \(asRecorded.ledgerRootHash.hex)."
    }

    /// A one-line description of a scope.
    static func scopeLine(_ scope: ComplianceReport.Scope) -> String {
        var parts: [String] = []
        if let actor = scope.actor { parts.append("actor \(actor)") }
        if let tag = scope.tag { parts.append("tag “\(tag)”") }
        if let status = scope.status { parts.append("status \(status.rawValue)") }
        return parts.isEmpty ? "every commitment" : "commitments with " + parts.joined(separator: " and ")
    }
}

extension ReportBuffer {
    /// Appends who promised what to whom: `item`'s promisors, `, `-separated, then ` to ` and its promisee
    /// when it has one, each written by `appendNamed` (its name and slug, as the format shows them).
    mutating func appendParties(
        of item: ComplianceReport.Item, named appendNamed: (_ name: String, _ slug: ActorSlug, inout ReportBuffer) -> Void
    ) {
        appendJoined(item.promisors, separator: ", ") { promisor, text in appendNamed(promisor.name, promisor.slug, &text) }
        if let promisee = item.promisee {
            append(" to ")
            appendNamed(promisee.name, promisee.slug, &self)
        }
    }
}
