import ArgumentParser
import PledgerKit

// Values typed on the command line. Enums list their values in `--help`; the others are parsed by
// PledgerKit's own validating initializers, so that the CLI and the library agree on what is valid.

extension Status: ExpressibleByArgument {
    public static var allValueStrings: [String] { assessable.map(\.rawValue) }
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
        guard let status = Status(rawValue: text) else {
            throw ValidationError(
                "'\(text)' is not a status; use one of \(Status.allCases.map(\.rawValue).joined(separator: ", "))")
        }
        return status
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
