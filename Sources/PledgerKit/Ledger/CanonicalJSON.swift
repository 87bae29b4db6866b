import Foundation

extension JSONValue {
    /// The RFC 8785 (JSON Canonicalization Scheme) serialization of this value, as UTF-8.
    ///
    /// Object members are sorted by the UTF-16 code units of their names; there is no whitespace; strings are
    /// escaped as ECMAScript's `JSON.stringify` escapes them (`\"`, `\\`, `\b`, `\f`, `\n`, `\r`, `\t`, other
    /// U+0000–U+001F as `\u00xx` in lower-case hex, everything else, `/` included, as literal UTF-8); numbers are
    /// written as ECMAScript's `Number.prototype.toString` writes them.
    ///
    /// - Precondition: Every `.number` in the value is finite. JSON cannot express NaN or infinity, so RFC 8785
    ///   gives them no serialization. Values from ``init(parsing:)`` and ``CanonicalJSON`` always satisfy this;
    ///   only a value assembled by hand from a non-finite `Double` can break it, and doing so is a programming error
    ///   that traps rather than silently hashing a wrong document.
    public var canonicalBytes: [UInt8] {
        var output: [UInt8] = []
        CanonicalWriter.write(self, into: &output)
        return output
    }
}

/// Entry points for producing RFC 8785 canonical JSON bytes.
public enum CanonicalJSON {
    /// Encodes `value` with Foundation's `JSONEncoder` and returns the RFC 8785 canonical form of the result.
    ///
    /// - Throws: `EncodingError` if `JSONEncoder` cannot encode the value (for example a non-finite `Double`), or
    ///   ``JSONParseError`` if its output breaks the strict parser's rules (for example a number beyond the range
    ///   of a double).
    public static func encode<T: Encodable>(_ value: T) throws -> [UInt8] {
        let data = try JSONEncoder().encode(value)
        return try JSONValue(parsing: data).canonicalBytes
    }

    /// Parses `bytes` strictly (see ``JSONValue/init(parsing:)``) and returns their RFC 8785 canonical form.
    ///
    /// Canonicalizing canonical bytes returns them unchanged.
    ///
    /// - Throws: ``JSONParseError`` if `bytes` are not strict JSON.
    public static func canonicalize(_ bytes: some Collection<UInt8>) throws(JSONParseError) -> [UInt8] {
        try JSONValue(parsing: bytes).canonicalBytes
    }

    /// The ECMAScript `Number.prototype.toString` text of `number`, which RFC 8785 uses for JSON numbers.
    ///
    /// - Precondition: `number` is finite.
    public static func numberText(_ number: Double) -> String {
        precondition(number.isFinite, "RFC 8785 has no serialization for the non-finite number \(number)")
        if number == 0 {
            return "0"  // Both +0 and -0.
        }
        if number.magnitude < 9_007_199_254_740_992, let integer = Int(exactly: number) {
            return String(integer)
        }
        return formatDecimal(number)
    }

    /// Re-formats Swift's shortest round-trip digits for `number` with ECMAScript's layout rules
    /// (ECMA-262 Number::toString, steps for radix 10).
    private static func formatDecimal(_ number: Double) -> String {
        // Swift's description gives the shortest digit string that round-trips (closest to the exact value when
        // several are equally short), e.g. "1e-07", "123.456", "1.2345678901234568e+20", "5e-324".
        var digits: [UInt8] = []
        var digitsBeforePoint = 0
        var seenPoint = false
        var inExponent = false
        var exponentIsNegative = false
        var exponent = 0
        for byte in number.magnitude.description.utf8 {
            switch byte {
            case UInt8(ascii: "0")...UInt8(ascii: "9"):
                if inExponent {
                    exponent = exponent * 10 + Int(byte - UInt8(ascii: "0"))
                } else {
                    digits.append(byte)
                    if !seenPoint {
                        digitsBeforePoint += 1
                    }
                }
            case UInt8(ascii: "."):
                seenPoint = true
            case UInt8(ascii: "e"), UInt8(ascii: "E"):
                inExponent = true
            case UInt8(ascii: "-"):
                exponentIsNegative = true
            default:
                break
            }
        }
        // The value is 0.d1d2…dk × 10^n.
        var n = digitsBeforePoint + (exponentIsNegative ? -exponent : exponent)
        while digits.first == UInt8(ascii: "0") {
            digits.removeFirst()
            n -= 1
        }
        while digits.last == UInt8(ascii: "0") {
            digits.removeLast()
        }
        let k = digits.count
        var text: [UInt8] = number < 0 ? [UInt8(ascii: "-")] : []
        if k <= n && n <= 21 {
            text += digits
            text += repeatElement(UInt8(ascii: "0"), count: n - k)
        } else if 0 < n && n <= 21 {
            text += digits[..<n]
            text.append(UInt8(ascii: "."))
            text += digits[n...]
        } else if -6 < n && n <= 0 {
            text += "0.".utf8
            text += repeatElement(UInt8(ascii: "0"), count: -n)
            text += digits
        } else {
            let e = n - 1
            text += digits.prefix(1)
            if k > 1 {
                text.append(UInt8(ascii: "."))
                text += digits.dropFirst()
            }
            text += (e < 0 ? "e-" : "e+").utf8
            text += String(e.magnitude).utf8
        }
        return String(decoding: text, as: UTF8.self)
    }
}

/// Writes RFC 8785 canonical bytes.
private enum CanonicalWriter {
    static func write(_ value: JSONValue, into output: inout [UInt8]) {
        switch value {
        case .null:
            output += "null".utf8
        case .bool(let bool):
            output += (bool ? "true" : "false").utf8
        case .number(let number):
            output += CanonicalJSON.numberText(number).utf8
        case .string(let string):
            writeString(string, into: &output)
        case .array(let elements):
            output.append(UInt8(ascii: "["))
            for (position, element) in elements.enumerated() {
                if position > 0 {
                    output.append(UInt8(ascii: ","))
                }
                write(element, into: &output)
            }
            output.append(UInt8(ascii: "]"))
        case .object(let members):
            let sorted = members
                .map { (units: Array($0.key.utf16), name: $0.key, value: $0.value) }
                .sorted { $0.units.lexicographicallyPrecedes($1.units) }
            output.append(UInt8(ascii: "{"))
            for (position, member) in sorted.enumerated() {
                if position > 0 {
                    output.append(UInt8(ascii: ","))
                }
                writeString(member.name, into: &output)
                output.append(UInt8(ascii: ":"))
                write(member.value, into: &output)
            }
            output.append(UInt8(ascii: "}"))
        }
    }


    private static func writeString(_ string: String, into output: inout [UInt8]) {
        output.append(UInt8(ascii: "\""))
        for byte in string.utf8 {
            switch byte {
            case 0x22: output += [0x5C, 0x22]  // \"
            case 0x5C: output += [0x5C, 0x5C]  // \\
            case 0x08: output += [0x5C, UInt8(ascii: "b")]
            case 0x0C: output += [0x5C, UInt8(ascii: "f")]
            case 0x0A: output += [0x5C, UInt8(ascii: "n")]
            case 0x0D: output += [0x5C, UInt8(ascii: "r")]
            case 0x09: output += [0x5C, UInt8(ascii: "t")]
            case 0x00..<0x20:
                output += [0x5C, UInt8(ascii: "u"), UInt8(ascii: "0"), UInt8(ascii: "0")]
                output.append(SHA256Hash.hexDigits[Int(byte >> 4)])
                output.append(SHA256Hash.hexDigits[Int(byte & 0x0F)])
            default:
                output.append(byte)  // Other ASCII, and every byte of a multi-byte sequence, stay literal.
            }
        }
        output.append(UInt8(ascii: "\""))
    }
}
