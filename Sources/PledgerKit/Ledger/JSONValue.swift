/// A JSON value as RFC 8259 and RFC 8785 (JCS) see it: numbers are IEEE 754 doubles.
///
/// Build one by parsing bytes with ``init(parsing:)`` (strict RFC 8259) and serialize it with
/// ``canonicalBytes`` (RFC 8785). Object keys are Swift strings, so two keys that are canonically
/// equivalent Unicode (for example U+00E9 and "e" + U+0301) are the same key; the parser rejects an
/// object that holds both rather than silently dropping one.
public enum JSONValue: Sendable, Hashable {
    /// The literal `null`.
    case null
    /// The literal `true` or `false`.
    case bool(Bool)
    /// A number. Must be finite: JSON has no NaN or infinity, and ``canonicalBytes`` traps on them.
    case number(Double)
    /// A string of Unicode scalars.
    case string(String)
    /// An ordered list of values.
    case array([JSONValue])
    /// An unordered set of members with unique names.
    case object([String: JSONValue])
}

// MARK: - Conveniences

extension JSONValue {
    /// The member named `key` when this is an object that has one; otherwise `nil`.
    public subscript(key: String) -> JSONValue? {
        guard case .object(let members) = self else { return nil }
        return members[key]
    }

    /// The string when this is a `.string`; otherwise `nil`.
    public var stringValue: String? {
        guard case .string(let string) = self else { return nil }
        return string
    }

    /// The Boolean when this is a `.bool`; otherwise `nil`.
    public var boolValue: Bool? {
        guard case .bool(let bool) = self else { return nil }
        return bool
    }

    /// The number when this is a `.number`; otherwise `nil`.
    public var doubleValue: Double? {
        guard case .number(let number) = self else { return nil }
        return number
    }

    /// The number as an `Int` when this is a `.number` holding an integral value within ±2^53 (the range in
    /// which every integer is exactly representable as a double); otherwise `nil`.
    public var intValue: Int? {
        guard case .number(let number) = self, number.isFinite, number.rounded(.towardZero) == number,
            abs(number) <= Self.maxExactInteger
        else { return nil }
        return Int(exactly: number)
    }

    /// The members when this is an `.object`; otherwise `nil`.
    public var objectValue: [String: JSONValue]? {
        guard case .object(let members) = self else { return nil }
        return members
    }

    /// The elements when this is an `.array`; otherwise `nil`.
    public var arrayValue: [JSONValue]? {
        guard case .array(let elements) = self else { return nil }
        return elements
    }

    /// Whether this is `.null`.
    public var isNull: Bool {
        if case .null = self { return true }
        return false
    }

    /// 2^53: beyond it, consecutive integers are no longer all representable as doubles.
    private static let maxExactInteger: Double = 9_007_199_254_740_992
}
