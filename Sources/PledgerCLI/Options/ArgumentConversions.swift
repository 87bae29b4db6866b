import ArgumentParser
import PledgerKit

// Values typed on the command line. Enums list their values in `--help`; the others are parsed by
// PledgerKit's own validating initializers, so that the CLI and the library agree on what is valid.

extension Status: ExpressibleByArgument {
    public static var allValueStrings: [String] { assessable.spellings }
}

extension Stance: ExpressibleByArgument {}
extension ActorKind: ExpressibleByArgument {}

/// Parsers for `@Option(transform:)` and `@Argument(transform:)`; a thrown error becomes a usage error (exit 64).
enum Parse {
    static func date(_ text: String) throws -> CalendarDate {
        try wrap { () throws(PledgerError) in try CalendarDate(validating: text) }
    }

    static func due(_ text: String) throws -> DueDate {
        try wrap { () throws(PledgerError) in try DueDate(validating: text) }
    }

    static func recordedPoint(_ text: String) throws -> RecordedPoint {
        try wrap { () throws(PledgerError) in try RecordedPoint(validating: text) }
    }

    /// Any status, `not-yet-rated` included: what `--status` filters by.
    static func status(_ text: String) throws -> Status {
        try choice(text, of: Status.allCases, noun: "status")
    }

    /// A status an assessment can record: any but `not-yet-rated`, which is what no assessment means.
    static func assessedStatus(_ text: String) throws -> Status {
        guard normalized(text) != Status.notYetRated.rawValue else {
            throw ValidationError(
                "'not-yet-rated' is what a commitment is before any assessment, not one to record; use one of \(Status.assessable.listedSpellings)")
        }
        return try choice(text, of: Status.assessable, noun: "status")
    }

    /// `text` in lower case, with spaces and underscores as hyphens: how a status or stance may be mistyped.
    private static func normalized(_ text: String) -> String {
        text.lowercased().replacingOccurrences(of: " ", with: "-").replacingOccurrences(of: "_", with: "-")
    }

    static func stance(_ text: String) throws -> Stance {
        try choice(text, of: Stance.allCases, noun: "stance")
    }

    /// The value of `choices` spelled `text`; else an error listing them, led by the one meant when `text`
    /// differs from it only in letter case, spaces or underscores for hyphens, or as a start of it or of
    /// `text` ("support" for "supports") — when only one choice is such.
    private static func choice<Value: RawRepresentable<String>>(_ text: String, of choices: [Value], noun: String) throws -> Value {
        if let value = choices.first(where: { $0.rawValue == text }) {
            return value
        }
        let typed = normalized(text)
        let names = choices.spellings
        let near = names.filter { name in
            name == typed || (typed.count >= 3 && (name.hasPrefix(typed) || typed.hasPrefix(name)))
        }
        let meant = names.first { $0 == typed } ?? (near.count == 1 ? near.first : nil)
        throw ValidationError(
            "'\(text)' is not a \(noun); \(meant.map { "did you mean '\($0)'? " } ?? "")use one of \(choices.listedSpellings)")
    }

    static func retrievedTime(_ text: String) throws -> String {
        try wrap { () throws(PledgerError) in try SourceMetadata.validatedRetrievedTime(text) }
    }

    static func slug(_ text: String) throws -> ActorSlug {
        try wrap { () throws(PledgerError) in try ActorSlug(validating: text) }
    }

    static func ref<Kind: RefKind>(_ text: String) throws -> Ref<Kind> {
        guard let ref = Ref<Kind>(text) else {
            let article = Kind.noun.first.map { "aeiou".contains($0) } == true ? "an" : "a"
            throw ValidationError("'\(text)' is not \(article) \(Kind.noun) ref; write it like \(Kind.prefix)1")
        }
        return ref
    }

    static func sourceRef(_ text: String) throws -> SourceRef { try ref(text) }
    static func commitmentRef(_ text: String) throws -> CommitmentRef { try ref(text) }
    static func evidenceRef(_ text: String) throws -> EvidenceRef { try ref(text) }

    static func positive(_ text: String) throws -> Int {
        guard let value = Int(text), value > 0 else {
            throw ValidationError("'\(text)' is not a positive whole number")
        }
        return value
    }

    private static func wrap<T>(_ parse: () throws(PledgerError) -> T) throws -> T {
        do {
            return try parse()
        } catch {
            throw ValidationError(error.description)
        }
    }
}
