/// The kind of ledger object a ``Ref`` points at, with its one-letter prefix.
public protocol RefKind: Sendable {
    /// The ASCII code of the capital letter (A–Z) that starts a human ref, such as `C` in `C3`.
    ///
    /// Reports write refs by the million, and a byte is written without the work of taking one out of a
    /// `Character`.
    static var prefixASCII: UInt8 { get }
    /// The noun used in messages, such as "commitment".
    static var noun: String { get }
}

extension RefKind {
    /// The letter that starts a human ref, such as `C` in `C3`: always ``prefixASCII``, which reports write,
    /// so that what they write and what refs parse and print cannot differ.
    public static var prefix: Character { Character(Unicode.Scalar(prefixASCII)) }
}

/// A short, typable reference to a ledger object, such as `S2`, `C3` or `E12`.
///
/// Refs are numbered from 1 per kind, in the order the ledger recorded the objects, so replaying the log
/// always yields the same refs.
public struct Ref<Kind: RefKind>: Hashable, Sendable, Comparable {
    /// The number after the prefix.
    public let number: Int

    /// Creates the ref with the given number (1 or more).
    public init(_ number: Int) {
        self.number = number
    }

    /// Parses `C3`, `c3` or a bare `3`; returns `nil` for anything else.
    public init?(_ text: String) {
        var digits = Substring(text)
        if let first = digits.first, first.uppercased() == String(Kind.prefix) {
            digits = digits.dropFirst()
        }
        guard !digits.isEmpty, digits.allSatisfy(\.isASCII), let number = Int(digits), number > 0 else {
            return nil
        }
        self.number = number
    }

    public static func < (lhs: Ref, rhs: Ref) -> Bool {
        lhs.number < rhs.number
    }
}

// MARK: - CustomStringConvertible

extension Ref: CustomStringConvertible {
    public var description: String { "\(Kind.prefix)\(number)" }
}

// MARK: - Codable

extension Ref: Codable {
    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        let text = try container.decode(String.self)
        guard text.first == Kind.prefix, let ref = Ref(text) else {
            throw DecodingError.dataCorruptedError(
                in: container, debugDescription: "expected a \(Kind.noun) ref like \(Kind.prefix)1, got \(text)")
        }
        self = ref
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(description)
    }
}

/// Marks refs to sources (`S1`).
public enum SourceRefKind: RefKind {
    public static var prefixASCII: UInt8 { UInt8(ascii: "S") }
    public static let noun = "source"
}

/// Marks refs to commitments (`C1`).
public enum CommitmentRefKind: RefKind {
    public static var prefixASCII: UInt8 { UInt8(ascii: "C") }
    public static let noun = "commitment"
}

/// Marks refs to evidence (`E1`).
public enum EvidenceRefKind: RefKind {
    public static var prefixASCII: UInt8 { UInt8(ascii: "E") }
    public static let noun = "evidence"
}

/// Marks refs to assessments (`A1`).
public enum AssessmentRefKind: RefKind {
    public static var prefixASCII: UInt8 { UInt8(ascii: "A") }
    public static let noun = "assessment"
}

/// A reference to a source, such as `S1`.
public typealias SourceRef = Ref<SourceRefKind>
/// A reference to a commitment, such as `C1`.
public typealias CommitmentRef = Ref<CommitmentRefKind>
/// A reference to a piece of evidence, such as `E1`.
public typealias EvidenceRef = Ref<EvidenceRefKind>
/// A reference to an assessment, such as `A1`.
public typealias AssessmentRef = Ref<AssessmentRefKind>
