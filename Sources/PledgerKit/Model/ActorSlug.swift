/// The id of an actor: lower-case ASCII letters, digits and single hyphens, such as `xi-jinping` or `prc`.
public struct ActorSlug: Hashable, Sendable, Comparable {
    /// The slug text.
    public let rawValue: String

    /// Validates `text` as a slug: 1–64 characters of `[a-z0-9-]`, not starting or ending with `-`,
    /// and without `--`.
    public init(validating text: String) throws(PledgerError) {
        let isAllowed = !text.isEmpty && text.count <= 64
            && text.unicodeScalars.allSatisfy { ("a"..."z").contains($0) || ("0"..."9").contains($0) || $0 == "-" }
            && !text.hasPrefix("-") && !text.hasSuffix("-") && !text.contains("--")
        guard isAllowed else {
            throw .invalidInput(
                "actor slug '\(text)' is not valid; use 1–64 lower-case letters, digits and single hyphens, such as 'xi-jinping'"
            )
        }
        rawValue = text
    }

    init(trusted text: String) {
        rawValue = text
    }

    public static func < (lhs: ActorSlug, rhs: ActorSlug) -> Bool {
        lhs.rawValue < rhs.rawValue
    }
}

// MARK: - CustomStringConvertible

extension ActorSlug: CustomStringConvertible {
    public var description: String { rawValue }
}

// MARK: - Codable

extension ActorSlug: Codable {
    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        let text = try container.decode(String.self)
        do {
            self = try ActorSlug(validating: text)
        } catch {
            throw DecodingError.dataCorruptedError(in: container, debugDescription: error.description)
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(rawValue)
    }
}
