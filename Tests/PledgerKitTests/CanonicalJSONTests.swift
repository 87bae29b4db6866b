import Foundation
import PledgerKit
import Testing

/// RFC 8785 (JSON Canonicalization Scheme) vectors and the strict RFC 8259 parser.
struct CanonicalJSONTests {
    private func canonical(_ text: String) throws -> String {
        String(decoding: try CanonicalJSON.canonicalize(Array(text.utf8)), as: UTF8.self)
    }

    private func parseError(_ text: String) -> JSONParseError? {
        do {
            _ = try JSONValue(parsing: Array(text.utf8))
            return nil
        } catch {
            return error
        }
    }

    // MARK: RFC 8785 examples

    @Test func sampleObjectCanonicalizesAsInRFC8785() throws {
        // RFC 8785 section 3.2.2: the input exercises literals, number forms and string escapes.
        let input = #"""
            {
              "numbers": [333333333.33333329, 1E30, 4.50, 2e-3, 0.000000000000000000000000001],
              "string": "\u20ac$\u000F\u000aA'\u0042\u0022\u005c\\\"\/",
              "literals": [null, true, false]
            }
            """#
        let expected = #"{"literals":[null,true,false],"numbers":[333333333.3333333,1e+30,4.5,0.002,1e-27],"string":"€$\u000f\nA'B\"\\\\\"/"}"#
        #expect(try canonical(input) == expected)
    }

    @Test func keysSortByUTF16CodeUnits() throws {
        // RFC 8785 section 3.2.3: U+1F600 (UTF-16 D83D DE00) sorts before U+FB33 although its code point is larger.
        let input = #"""
            {
              "\u20ac": "Euro Sign",
              "\r": "Carriage Return",
              "\ufb33": "Hebrew Letter Dalet With Dagesh",
              "1": "One",
              "\ud83d\ude00": "Emoji: Grinning Face",
              "\u0080": "Control",
              "\u00f6": "Latin Small Letter O With Diaeresis"
            }
            """#
        let expected = "{\"\\r\":\"Carriage Return\",\"1\":\"One\",\"\u{80}\":\"Control\","
            + "\"\u{F6}\":\"Latin Small Letter O With Diaeresis\",\"\u{20AC}\":\"Euro Sign\","
            + "\"\u{1F600}\":\"Emoji: Grinning Face\",\"\u{FB33}\":\"Hebrew Letter Dalet With Dagesh\"}"
        #expect(try canonical(input) == expected)
    }

    @Test func nestedObjectsSortAndArraysKeepTheirOrder() throws {
        #expect(try canonical(#"{"z": {"z": 1, "a": [3, 1, 2]}, "a": {}, "m": []}"#) == #"{"a":{},"m":[],"z":{"a":[3,1,2],"z":1}}"#)
    }

    // MARK: Numbers

    @Test(arguments: [
        ("1e30", "1e+30"),
        ("4.50", "4.5"),
        ("2e-3", "0.002"),
        ("0.000001", "0.000001"),
        ("1e-7", "1e-7"),
        ("-0", "0"),
        ("-0.0", "0"),
        ("333333333.33333329", "333333333.3333333"),
        ("1E21", "1e+21"),
        ("999999999999999900000", "999999999999999900000"),
        ("100", "100"),
        ("1.0", "1"),
        ("-12.5e2", "-1250"),
        ("123456789012345678901", "123456789012345680000"),
        ("0.1", "0.1"),
        ("1e-400", "0"),
    ])
    func numbersSerializeAsECMAScriptDoes(input: String, expected: String) throws {
        #expect(try canonical(input) == expected)
    }

    @Test(arguments: [
        // RFC 8785 Appendix B: IEEE 754 bit patterns and their serializations.
        (0x0000_0000_0000_0000 as UInt64, "0"),
        (0x8000_0000_0000_0000, "0"),
        (0x0000_0000_0000_0001, "5e-324"),
        (0x8000_0000_0000_0001, "-5e-324"),
        (0x7FEF_FFFF_FFFF_FFFF, "1.7976931348623157e+308"),
        (0xFFEF_FFFF_FFFF_FFFF, "-1.7976931348623157e+308"),
        (0x4340_0000_0000_0000, "9007199254740992"),
        (0xC340_0000_0000_0000, "-9007199254740992"),
        (0x4430_0000_0000_0000, "295147905179352830000"),
        (0x44B5_2D02_C7E1_4AF5, "9.999999999999997e+22"),
        (0x44B5_2D02_C7E1_4AF6, "1e+23"),
        (0x44B5_2D02_C7E1_4AF7, "1.0000000000000001e+23"),
        (0x444B_1AE4_D6E2_EF4E, "999999999999999700000"),
        (0x444B_1AE4_D6E2_EF4F, "999999999999999900000"),
        (0x444B_1AE4_D6E2_EF50, "1e+21"),
        (0x3EB0_C6F7_A0B5_ED8C, "9.999999999999997e-7"),
        (0x3EB0_C6F7_A0B5_ED8D, "0.000001"),
        (0x41B3_DE43_5555_5553, "333333333.3333332"),
        (0x41B3_DE43_5555_5554, "333333333.33333325"),
        (0x41B3_DE43_5555_5555, "333333333.3333333"),
        (0x41B3_DE43_5555_5556, "333333333.3333334"),
        (0x41B3_DE43_5555_5557, "333333333.33333343"),
        (0xBECB_F647_612F_3696, "-0.0000033333333333333333"),
        (0x4314_3FF3_C1CB_0959, "1424953923781206.2"),
    ])
    func appendixBBitPatternsSerializeAsPublished(bits: UInt64, expected: String) throws {
        let value = JSONValue.number(Double(bitPattern: bits))
        #expect(String(decoding: value.canonicalBytes, as: UTF8.self) == expected)
        // The text reads back as the same double.
        #expect(try JSONValue(parsing: Array(expected.utf8)) == value)
    }

    // MARK: Strings

    @Test func controlCharactersEscapeAsJSONStringifyDoes() throws {
        let named: [UInt8: String] = [0x08: "\\b", 0x09: "\\t", 0x0A: "\\n", 0x0C: "\\f", 0x0D: "\\r"]
        for code in UInt8(0)..<0x20 {
            let value = JSONValue.string(String(Character(Unicode.Scalar(code))))
            let hex = String(code, radix: 16)
            let expected = named[code] ?? "\\u00" + (hex.count == 1 ? "0" + hex : hex)
            #expect(String(decoding: value.canonicalBytes, as: UTF8.self) == "\"\(expected)\"", "U+00\(hex)")
        }
        #expect(JSONValue.string("\u{7F}\"\\").canonicalBytes == Array("\"\u{7F}\\\"\\\\\"".utf8))
    }

    @Test func slashAndNonASCIIStayLiteral() throws {
        #expect(try canonical(#""a\/b/c \u00e9\u4e2d\ud83d\ude00 é中😀""#) == "\"a/b/c é中😀 é中😀\"")
    }

    @Test func stringsKeepTheirExactScalarsWithoutNormalization() throws {
        // "e" + COMBINING ACUTE ACCENT stays decomposed; JCS does not normalize Unicode.
        #expect(try CanonicalJSON.canonicalize(Array(#""e\u0301""#.utf8)) == [0x22, 0x65, 0xCC, 0x81, 0x22])
    }

    @Test func hexEscapesUseLowerCase() {
        #expect(JSONValue.string("\u{1F}").canonicalBytes == Array(#""\u001f""#.utf8))
    }

    // MARK: Parser rejections

    @Test func parserRejectsTrailingCommas() throws {
        let array = try #require(parseError("[1, 2, ]"))
        #expect(array.offset == 7)
        #expect(array.message.contains("trailing comma"))
        let object = try #require(parseError(#"{"a": 1,}"#))
        #expect(object.offset == 8)
        #expect(object.description == "invalid JSON at byte 8: a trailing comma is not allowed before '}'")
    }

    @Test func parserRejectsDuplicateKeys() throws {
        let error = try #require(parseError(#"{"a": 1, "b": 2, "\u0061": 3}"#))
        #expect(error.offset == 17)
        #expect(error.message.contains("duplicate object member name \"a\""))
    }

    @Test func parserRejectsCanonicallyEquivalentMemberNamesAsDuplicates() throws {
        // Swift strings compare by canonical equivalence, so these two names would collide in the dictionary.
        let error = try #require(parseError(#"{"\u00e9": 1, "e\u0301": 2}"#))
        #expect(error.offset == 14)
        #expect(error.message.contains("duplicate object member name"))
    }

    @Test func parserExplainsInvalidEscapes() throws {
        let error = try #require(parseError(#"["a\x"]"#))
        #expect(error.offset == 3)
        #expect(error.message.hasPrefix(#"invalid escape sequence '\x'; valid escapes are"#))
    }

    @Test func parserRejectsLoneSurrogates() throws {
        let high = try #require(parseError(#"["x\ud83d"]"#))
        #expect(high.offset == 3)
        #expect(high.message.contains("lone surrogate \\uD83D"))
        let highThenLetter = try #require(parseError(#"["\ud83dA"]"#))
        #expect(highThenLetter.message.contains("lone surrogate"))
        let highThenHigh = try #require(parseError(#"["\ud83d\ud83d"]"#))
        #expect(highThenHigh.message.contains("lone surrogate"))
        let low = try #require(parseError(#"["\ude00"]"#))
        #expect(low.offset == 2)
        #expect(low.message.contains("lone surrogate \\uDE00"))
    }

    @Test func parserRejectsLeadingZeros() throws {
        let error = try #require(parseError(#"{"n": 0123}"#))
        #expect(error.offset == 6)
        #expect(error.message == "leading zeros are not allowed in numbers")
        #expect(parseError("-01") != nil)
        #expect(parseError("0") == nil)
        #expect(parseError("0.5") == nil)
        #expect(parseError("-0e+5") == nil)
    }

    @Test func parserRejectsTrailingGarbage() throws {
        let error = try #require(parseError(#"{"a": 1} x"#))
        #expect(error.offset == 9)
        #expect(error.description == "invalid JSON at byte 9: unexpected 'x' after the end of the JSON value")
        #expect(parseError("1 2") != nil)
        #expect(parseError("{} {}") != nil)
        #expect(parseError(" [1] \n\t\r ") == nil)
    }

    @Test func parserNamesTheMissingSeparator() throws {
        let error = try #require(parseError(#"{"name": "value" "more": 1}"#))
        #expect(error.description == "invalid JSON at byte 17: expected ',' or '}' after an object member, found '\"'")
    }

    @Test func parserRejectsControlCharactersInStrings() throws {
        let error = try #require(parseError("[\"tab\there\"]"))
        #expect(error.offset == 5)
        #expect(error.message.contains("control character U+0009"))
    }

    @Test func parserRejectsNonFiniteAndOutOfRangeNumbers() throws {
        #expect(try #require(parseError("[NaN]")).message.contains("NaN and Infinity"))
        #expect(try #require(parseError("[-Infinity]")).message.contains("NaN and Infinity"))
        #expect(try #require(parseError("1e400")).message.contains("too large"))
        #expect(try #require(parseError("-1e309")).message.contains("too large"))
    }

    @Test func parserRejectsMalformedGrammar() {
        for text in ["", "   ", "[", "{", "[1,", #"{"a"}"#, #"{"a" 1}"#, "{a: 1}", "'x'", "tru", "nul", "+1", ".5", "1.", "1e",
                     "0x10", #""unterminated"#, #""bad \x escape""#, #""\u12G4""#, "[1 2]", "[,1]"]
        {
            #expect(parseError(text) != nil, "\(text)")
        }
    }

    @Test func parserRejectsInvalidUTF8AndByteOrderMark() throws {
        let invalid: [[UInt8]] = [
            [0x22, 0xFF, 0x22],  // never valid
            [0x22, 0xC0, 0xAF, 0x22],  // overlong "/"
            [0x22, 0xED, 0xA0, 0x80, 0x22],  // encoded surrogate
            [0x22, 0xF4, 0x90, 0x80, 0x80, 0x22],  // above U+10FFFF
            [0x22, 0xE2, 0x82, 0x22],  // truncated
            [0xEF, 0xBB, 0xBF, 0x31],  // byte-order mark
        ]
        for bytes in invalid {
            #expect(throws: JSONParseError.self, "\(bytes)") { try JSONValue(parsing: bytes) }
        }
        #expect(try JSONValue(parsing: [0x22, 0xE2, 0x82, 0xAC, 0x22]) == .string("€"))
    }

    @Test func parserAcceptsNestingToTheLimitAndNoDeeper() throws {
        let depth = JSONValue.maximumNestingDepth
        let atLimit = String(repeating: "[", count: depth) + String(repeating: "]", count: depth)
        #expect(parseError(atLimit) == nil)
        let objects = String(repeating: #"{"a":"#, count: depth) + "1" + String(repeating: "}", count: depth)
        #expect(parseError(objects) == nil)
        let tooDeep = String(repeating: "[", count: depth + 1) + String(repeating: "]", count: depth + 1)
        let error = try #require(parseError(tooDeep))
        #expect(error.offset == depth)
        #expect(error.message.contains("nested more than 512 levels"))
    }

    @Test func parserDecodesEscapesAndStructure() throws {
        let value = try JSONValue(parsing: Array(#" {"s": "a\"\\\/\b\f\n\r\t\u0041\ud83d\ude00", "n": [1, -2.5, true, false, null], "o": {}} "#.utf8))
        #expect(value["s"] == .string("a\"\\/\u{8}\u{C}\n\r\tA😀"))
        #expect(value["n"] == .array([.number(1), .number(-2.5), .bool(true), .bool(false), .null]))
        #expect(value["o"] == .object([:]))
        #expect(value["missing"] == nil)
    }

    // MARK: Round trips and conveniences

    @Test func canonicalizeIsIdempotent() throws {
        let inputs = [
            #"{"b": [1.50, "\u00e9", {"y": null, "x": -0}], "a": 1e21, "\ud83d\ude00": "\/"}"#,
            #"[1E-7, 0.000001, 123456789012345678901, "\u001F\u007f"]"#,
            #""just a string""#,
        ]
        for input in inputs {
            let once = try CanonicalJSON.canonicalize(Array(input.utf8))
            let twice = try CanonicalJSON.canonicalize(once)
            #expect(once == twice, "\(input)")
        }
    }

    @Test func encodeCanonicalizesFoundationOutput() throws {
        struct Sample: Encodable {
            var zeta = "/path é"
            var alpha = 3
            var middle = [0.5, 1e21, -0.0]
            var optional: String? = nil
        }
        let bytes = try CanonicalJSON.encode(Sample())
        #expect(String(decoding: bytes, as: UTF8.self) == #"{"alpha":3,"middle":[0.5,1e+21,0],"zeta":"/path é"}"#)
    }

    @Test func encodeRefusesNonFiniteNumbers() {
        #expect(throws: (any Error).self) { try CanonicalJSON.encode([Double.nan]) }
    }

    @Test func intValueRequiresAnExactIntegerWithinTwoToTheFiftyThird() {
        #expect(JSONValue.number(42).intValue == 42)
        #expect(JSONValue.number(-9_007_199_254_740_992).intValue == -9_007_199_254_740_992)
        #expect(JSONValue.number(9_007_199_254_740_992).intValue == 9_007_199_254_740_992)
        #expect(JSONValue.number(18_014_398_509_481_984).intValue == nil)
        #expect(JSONValue.number(1.5).intValue == nil)
        #expect(JSONValue.string("1").intValue == nil)
    }

    @Test func accessorsReturnNilForOtherKinds() {
        let object = JSONValue.object(["k": .string("v")])
        #expect(object["k"]?.stringValue == "v")
        #expect(object.objectValue?.count == 1)
        #expect(object.arrayValue == nil)
        #expect(JSONValue.array([.null]).arrayValue == [.null])
        #expect(JSONValue.array([]).stringValue == nil)
        #expect(JSONValue.array([])["k"] == nil)
    }
}
