/// Why a byte sequence is not strict RFC 8259 JSON, and where.
public struct JSONParseError: Error, CustomStringConvertible, Equatable {
    /// The zero-based byte offset in the input at which the problem was found.
    public let offset: Int
    /// What is wrong, in words meant for the person who wrote the JSON.
    public let message: String

    /// Describes a problem at `offset`.
    public init(offset: Int, message: String) {
        self.offset = offset
        self.message = message
    }

    /// For example "invalid JSON at byte 17: expected ',' or '}' after an object member".
    public var description: String {
        "invalid JSON at byte \(offset): \(message)"
    }
}

extension JSONValue {
    /// The deepest nesting of arrays and objects that ``init(parsing:)`` accepts.
    public static let maximumNestingDepth = 512

    /// Parses one JSON text under the strict RFC 8259 grammar.
    ///
    /// The input must be UTF-8 with no byte-order mark. Whitespace may surround the value, but nothing else may
    /// follow it. Beyond the grammar (which already excludes trailing commas, leading zeros, `NaN` and `Infinity`),
    /// the parser rejects: invalid UTF-8; unescaped control characters in strings; `\u` escapes that leave a
    /// surrogate unpaired; numbers too large for a double; objects that repeat a member name (including names that
    /// are canonically equivalent Unicode, which Swift treats as equal); and arrays or objects nested deeper than
    /// ``maximumNestingDepth``. Every number in the result is finite, as ``canonicalBytes`` requires.
    ///
    /// - Throws: ``JSONParseError`` naming the first problem and its byte offset.
    public init(parsing bytes: some Collection<UInt8>) throws(JSONParseError) {
        var parser = JSONParser(bytes: Array(bytes))
        self = try parser.parseText()
    }
}

/// A strict, non-recursive RFC 8259 parser over a byte array.
private struct JSONParser {
    private enum Frame {
        case array
        case object(pendingName: String)
    }

    private let bytes: [UInt8]
    private var index = 0
    private var frames: [Frame] = []
    private var openArrays: [[JSONValue]] = []
    private var openObjects: [[String: JSONValue]] = []

    init(bytes: [UInt8]) {
        self.bytes = bytes
    }

    // MARK: Structure

    mutating func parseText() throws(JSONParseError) -> JSONValue {
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) {
            throw JSONParseError(
                offset: 0, message: "the input starts with a UTF-8 byte-order mark, which JSON does not allow")
        }
        var value: JSONValue
        parsing: while true {
            skipWhitespace()
            switch peek() {
            case UInt8(ascii: "["):
                try checkDepth()
                index += 1
                skipWhitespace()
                if peek() == UInt8(ascii: "]") {
                    index += 1
                    value = .array([])
                } else {
                    frames.append(.array)
                    openArrays.append([])
                    continue parsing
                }
            case UInt8(ascii: "{"):
                try checkDepth()
                index += 1
                skipWhitespace()
                if peek() == UInt8(ascii: "}") {
                    index += 1
                    value = .object([:])
                } else {
                    let name = try parseMemberName(existing: [:])
                    frames.append(.object(pendingName: name))
                    openObjects.append([:])
                    continue parsing
                }
            default:
                value = try parseScalar()
            }

            // Hand the finished value to the innermost open container, closing every container that ends here.
            while let frame = frames.last {
                skipWhitespace()
                switch frame {
                case .array:
                    openArrays[openArrays.count - 1].append(value)
                    switch peek() {
                    case UInt8(ascii: ","):
                        index += 1
                        skipWhitespace()
                        if peek() == UInt8(ascii: "]") {
                            throw fail("a trailing comma is not allowed before ']'")
                        }
                        continue parsing
                    case UInt8(ascii: "]"):
                        index += 1
                        frames.removeLast()
                        value = .array(openArrays.removeLast())
                    default:
                        throw fail("expected ',' or ']' after an array element, found \(describeCurrent())")
                    }
                case .object(let name):
                    openObjects[openObjects.count - 1][name] = value
                    switch peek() {
                    case UInt8(ascii: ","):
                        index += 1
                        skipWhitespace()
                        if peek() == UInt8(ascii: "}") {
                            throw fail("a trailing comma is not allowed before '}'")
                        }
                        let next = try parseMemberName(existing: openObjects[openObjects.count - 1])
                        frames[frames.count - 1] = .object(pendingName: next)
                        continue parsing
                    case UInt8(ascii: "}"):
                        index += 1
                        frames.removeLast()
                        value = .object(openObjects.removeLast())
                    default:
                        throw fail("expected ',' or '}' after an object member, found \(describeCurrent())")
                    }
                }
            }
            break parsing
        }
        skipWhitespace()
        guard index == bytes.count else {
            throw fail("unexpected \(describeCurrent()) after the end of the JSON value")
        }
        return value
    }

    /// Parses `"name"` and the `:` after it; `index` must be at the opening quote.
    private mutating func parseMemberName(existing members: [String: JSONValue]) throws(JSONParseError) -> String {
        guard peek() == UInt8(ascii: "\"") else {
            throw fail("expected '\"' to begin an object member name, found \(describeCurrent())")
        }
        let nameOffset = index
        let name = try parseString()
        if members[name] != nil {
            throw JSONParseError(
                offset: nameOffset,
                message: "duplicate object member name \"\(name)\" (each name may appear only once in an object)")
        }
        skipWhitespace()
        guard peek() == UInt8(ascii: ":") else {
            throw fail("expected ':' after an object member name, found \(describeCurrent())")
        }
        index += 1
        return name
    }

    private func checkDepth() throws(JSONParseError) {
        if frames.count >= JSONValue.maximumNestingDepth {
            throw fail("arrays and objects are nested more than \(JSONValue.maximumNestingDepth) levels deep")
        }
    }

    // MARK: Scalars

    private mutating func parseScalar() throws(JSONParseError) -> JSONValue {
        guard let byte = peek() else {
            throw fail("the input ends where a JSON value was expected")
        }
        switch byte {
        case UInt8(ascii: "\""):
            return .string(try parseString())
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"):
            return .number(try parseNumber())
        case UInt8(ascii: "t"):
            try parseLiteral("true")
            return .bool(true)
        case UInt8(ascii: "f"):
            try parseLiteral("false")
            return .bool(false)
        case UInt8(ascii: "n"):
            try parseLiteral("null")
            return .null
        case UInt8(ascii: "N") where bytes[index...].starts(with: "NaN".utf8),
            UInt8(ascii: "I") where bytes[index...].starts(with: "Infinity".utf8):
            throw fail("NaN and Infinity are not JSON numbers")
        default:
            throw fail("expected a JSON value, found \(describeCurrent())")
        }
    }

    private mutating func parseLiteral(_ literal: StaticString) throws(JSONParseError) {
        let expected = UnsafeBufferPointer(start: literal.utf8Start, count: literal.utf8CodeUnitCount)
        guard bytes[index...].starts(with: expected) else {
            throw fail("expected the literal '\(literal)', found \(describeCurrent())")
        }
        index += expected.count
    }

    private mutating func parseNumber() throws(JSONParseError) -> Double {
        let start = index
        if peek() == UInt8(ascii: "-") {
            index += 1
            if bytes[index...].starts(with: "Infinity".utf8) {
                throw JSONParseError(offset: start, message: "NaN and Infinity are not JSON numbers")
            }
        }
        guard isDigit(peek()) else {
            throw fail("expected a digit after '-', found \(describeCurrent())")
        }
        if peek() == UInt8(ascii: "0") {
            index += 1
            if isDigit(peek()) {
                throw JSONParseError(offset: index - 1, message: "leading zeros are not allowed in numbers")
            }
        } else {
            skipDigits()
        }
        if peek() == UInt8(ascii: ".") {
            index += 1
            guard isDigit(peek()) else {
                throw fail("expected a digit after the decimal point, found \(describeCurrent())")
            }
            skipDigits()
        }
        if peek() == UInt8(ascii: "e") || peek() == UInt8(ascii: "E") {
            index += 1
            if peek() == UInt8(ascii: "+") || peek() == UInt8(ascii: "-") {
                index += 1
            }
            guard isDigit(peek()) else {
                throw fail("expected a digit in the exponent, found \(describeCurrent())")
            }
            skipDigits()
        }
        let text = String(decoding: bytes[start..<index], as: UTF8.self)
        guard let number = Double(text), number.isFinite else {
            throw JSONParseError(offset: start, message: "the number \(text) is too large to represent as a double")
        }
        return number
    }

    /// Parses a string; `index` must be at the opening quote.
    private mutating func parseString() throws(JSONParseError) -> String {
        let start = index
        index += 1
        var decoded: [UInt8] = []
        var runStart = index
        while true {
            guard let byte = peek() else {
                throw JSONParseError(offset: start, message: "the string starting here is never closed with '\"'")
            }
            switch byte {
            case UInt8(ascii: "\""):
                decoded.append(contentsOf: bytes[runStart..<index])
                index += 1
                return String(decoding: decoded, as: UTF8.self)
            case UInt8(ascii: "\\"):
                decoded.append(contentsOf: bytes[runStart..<index])
                try parseEscape(into: &decoded)
                runStart = index
            case 0x00..<0x20:
                let code = hex(byte, digits: 4)
                throw fail("control character U+\(code) must be escaped in a string (for example as \\u\(code))")
            case 0x20..<0x80:
                index += 1
            default:
                try skipUTF8Sequence()
            }
        }
    }

    /// Decodes one escape sequence; `index` must be at the backslash.
    private mutating func parseEscape(into decoded: inout [UInt8]) throws(JSONParseError) {
        let escapeStart = index
        index += 1
        guard let letter = peek() else {
            throw JSONParseError(offset: escapeStart, message: "the input ends inside an escape sequence")
        }
        let simple: UInt8? = switch letter {
        case UInt8(ascii: "\""): 0x22
        case UInt8(ascii: "\\"): 0x5C
        case UInt8(ascii: "/"): 0x2F
        case UInt8(ascii: "b"): 0x08
        case UInt8(ascii: "f"): 0x0C
        case UInt8(ascii: "n"): 0x0A
        case UInt8(ascii: "r"): 0x0D
        case UInt8(ascii: "t"): 0x09
        default: nil
        }
        if let simple {
            decoded.append(simple)
            index += 1
            return
        }
        guard letter == UInt8(ascii: "u") else {
            let shown = (0x21...0x7E).contains(letter)
                ? "'\\\(Character(Unicode.Scalar(letter)))'"
                : "'\\' followed by byte 0x\(hex(letter, digits: 2))"
            throw JSONParseError(
                offset: escapeStart,
                message: "invalid escape sequence \(shown); "
                    + "valid escapes are \\\" \\\\ \\/ \\b \\f \\n \\r \\t and \\uXXXX")
        }
        index += 1
        let unit = try parseHexQuad(escapeStart: escapeStart)
        let scalarValue: UInt32
        switch unit {
        case 0xD800...0xDBFF:
            let lowStart = index
            guard bytes[index...].starts(with: [UInt8(ascii: "\\"), UInt8(ascii: "u")]) else {
                throw JSONParseError(
                    offset: escapeStart,
                    message: "lone surrogate \\u\(hex(unit, digits: 4)): "
                        + "a high surrogate must be followed by a \\uDC00-\\uDFFF escape")
            }
            index += 2
            let low = try parseHexQuad(escapeStart: lowStart)
            guard (0xDC00...0xDFFF).contains(low) else {
                throw JSONParseError(
                    offset: escapeStart,
                    message: "lone surrogate \\u\(hex(unit, digits: 4)): "
                        + "a high surrogate must be followed by a \\uDC00-\\uDFFF escape")
            }
            scalarValue = 0x10000 + ((unit - 0xD800) << 10) + (low - 0xDC00)
        case 0xDC00...0xDFFF:
            throw JSONParseError(
                offset: escapeStart,
                message: "lone surrogate \\u\(hex(unit, digits: 4)): "
                    + "a low surrogate must follow a \\uD800-\\uDBFF escape")
        default:
            scalarValue = unit
        }
        guard let scalar = Unicode.Scalar(scalarValue) else {
            throw JSONParseError(offset: escapeStart, message: "the escape does not denote a Unicode scalar value")
        }
        UTF8.encode(scalar) { decoded.append($0) }
    }

    /// Reads the four hex digits of a `\u` escape; `index` must be just after the `u`.
    private mutating func parseHexQuad(escapeStart: Int) throws(JSONParseError) -> UInt32 {
        var value: UInt32 = 0
        for _ in 0..<4 {
            guard let byte = peek(), let nibble = hexValue(byte) else {
                throw JSONParseError(offset: escapeStart, message: "expected four hex digits after \\u")
            }
            value = value << 4 | UInt32(nibble)
            index += 1
        }
        return value
    }

    /// Steps over one well-formed multi-byte UTF-8 sequence (Unicode Table 3-7); `index` must be at its lead byte.
    private mutating func skipUTF8Sequence() throws(JSONParseError) {
        let lead = bytes[index]
        let secondRange: ClosedRange<UInt8>
        let length: Int
        switch lead {
        case 0xC2...0xDF: (length, secondRange) = (2, 0x80...0xBF)
        case 0xE0: (length, secondRange) = (3, 0xA0...0xBF)
        case 0xE1...0xEC, 0xEE...0xEF: (length, secondRange) = (3, 0x80...0xBF)
        case 0xED: (length, secondRange) = (3, 0x80...0x9F)
        case 0xF0: (length, secondRange) = (4, 0x90...0xBF)
        case 0xF1...0xF3: (length, secondRange) = (4, 0x80...0xBF)
        case 0xF4: (length, secondRange) = (4, 0x80...0x8F)
        default: throw fail("invalid UTF-8 (byte 0x\(hex(lead, digits: 2)) cannot start a character)")
        }
        for offset in 1..<length {
            let position = index + offset
            let allowed: ClosedRange<UInt8> = offset == 1 ? secondRange : 0x80...0xBF
            guard position < bytes.count, allowed.contains(bytes[position]) else {
                throw fail("invalid UTF-8 (a truncated or malformed multi-byte sequence)")
            }
        }
        index += length
    }

    // MARK: Helpers

    private func peek() -> UInt8? {
        index < bytes.count ? bytes[index] : nil
    }

    private mutating func skipWhitespace() {
        while let byte = peek(), byte == 0x20 || byte == 0x0A || byte == 0x0D || byte == 0x09 {
            index += 1
        }
    }

    private mutating func skipDigits() {
        while isDigit(peek()) {
            index += 1
        }
    }

    private func isDigit(_ byte: UInt8?) -> Bool {
        guard let byte else { return false }
        return byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9")
    }

    private func hexValue(_ byte: UInt8) -> UInt8? {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): byte - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): byte - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): byte - UInt8(ascii: "A") + 10
        default: nil
        }
    }

    private func fail(_ message: String) -> JSONParseError {
        JSONParseError(offset: index, message: message)
    }

    private func describeCurrent() -> String {
        guard let byte = peek() else { return "the end of the input" }
        return describe(byte)
    }

    private func describe(_ byte: UInt8) -> String {
        if (0x21...0x7E).contains(byte) {
            return "'\(Character(Unicode.Scalar(byte)))'"
        }
        return "byte 0x\(hex(byte, digits: 2))"
    }

    private func hex(_ value: some BinaryInteger, digits: Int) -> String {
        let text = String(value, radix: 16, uppercase: true)
        return String(repeating: "0", count: max(0, digits - text.count)) + text
    }
}
