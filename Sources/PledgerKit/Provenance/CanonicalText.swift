import Foundation

/// A source's text in the one form that quotes are anchored into.
///
/// Made from raw bytes, which must be UTF-8 (a leading byte order mark is dropped), free of NUL bytes and not
/// blank. Canonicalization then changes exactly two things: every CRLF and lone CR becomes LF, and the text is
/// put in Unicode Normalization Form C. Nothing else — whitespace, quotes, dashes, case — is touched.
///
/// Offsets into the text are always **Unicode scalar (code point) offsets**: an emoji or a CJK character is one
/// unit, not two UTF-16 units or three UTF-8 bytes. The scalars, the line starts and the grapheme-cluster
/// boundaries are computed once, when the text is made.
public struct CanonicalText: Sendable {
    /// The canonical text.
    public let string: String
    /// The SHA-256 of the canonical text's UTF-8 bytes.
    public let sha256: SHA256Hash
    /// The canonical text's Unicode scalars; offsets index into this array.
    public let scalars: [Unicode.Scalar]
    /// The scalar offset at which each line starts; the first is 0.
    private let lineStarts: [Int]
    /// Bit `i` is set when scalar offset `i` is a grapheme-cluster boundary (`0...scalarCount`).
    private let graphemeBoundaryBits: [UInt64]

    /// Canonicalizes raw bytes.
    ///
    /// - Throws: ``SourceTextError/binary(byteOffset:)`` if there is a NUL byte,
    ///   ``SourceTextError/invalidUTF8(byteOffset:)`` if the bytes are not UTF-8, and
    ///   ``SourceTextError/empty`` if the text is empty or only whitespace. NUL bytes are looked for first.
    public init(decoding bytes: some Collection<UInt8>) throws(SourceTextError) {
        let raw = Array(bytes)
        let bomLength = raw.starts(with: [0xEF, 0xBB, 0xBF]) ? 3 : 0
        if let nul = raw.firstIndex(of: 0) {
            throw .binary(byteOffset: nul)
        }
        if let bad = Self.firstInvalidUTF8Offset(in: raw, from: bomLength) {
            throw .invalidUTF8(byteOffset: bad)
        }
        let unified = Self.unifyingLineBreaks(raw[bomLength...])
        let decoded = String(decoding: unified, as: UTF8.self)
        let string = decoded.precomposedStringWithCanonicalMapping
        guard string.unicodeScalars.contains(where: { !$0.properties.isWhitespace }) else {
            throw .empty
        }
        self.init(canonical: string)
    }

    /// Builds the caches of a string that is already canonical.
    private init(canonical string: String) {
        self.string = string
        self.sha256 = SHA256Hash.digest(of: Array(string.utf8))
        let scalars = Array(string.unicodeScalars)
        self.scalars = scalars

        var lineStarts = [0]
        for (offset, scalar) in scalars.enumerated() where scalar == "\n" {
            lineStarts.append(offset + 1)
        }
        self.lineStarts = lineStarts

        var bits = [UInt64](repeating: 0, count: scalars.count / 64 + 1)
        var offset = 0
        bits[0] |= 1
        for character in string {
            offset += character.unicodeScalars.count
            bits[offset >> 6] |= 1 << UInt64(offset & 63)
        }
        self.graphemeBoundaryBits = bits
    }

    /// The number of Unicode scalars (code points) in the text.
    public var scalarCount: Int { scalars.count }

    /// The text between two scalar offsets; the range is clamped to the text.
    public func slice(_ range: Range<Int>) -> String {
        let lower = min(max(range.lowerBound, 0), scalars.count)
        let upper = min(max(range.upperBound, lower), scalars.count)
        var view = String.UnicodeScalarView()
        view.append(contentsOf: scalars[lower..<upper])
        return String(view)
    }

    /// The 1-based number of the line that holds the scalar at `offset` (offsets outside the text are clamped).
    ///
    /// A newline belongs to the line it ends.
    public func lineNumber(atScalarOffset offset: Int) -> Int {
        // Count the line starts at or before `offset`.
        var low = 0
        var high = lineStarts.count
        while low < high {
            let middle = (low + high) / 2
            if lineStarts[middle] <= offset {
                low = middle + 1
            } else {
                high = middle
            }
        }
        return max(low, 1)
    }

    /// Whether `offset` falls between two grapheme clusters (user-perceived characters), so a quote may start or
    /// end there. `0` and ``scalarCount`` are boundaries; offsets outside the text are not.
    public func isGraphemeBoundary(atScalarOffset offset: Int) -> Bool {
        guard offset >= 0, offset <= scalars.count else { return false }
        return graphemeBoundaryBits[offset >> 6] & (1 << UInt64(offset & 63)) != 0
    }

    // MARK: Canonicalization steps

    /// The offset at which the first ill-formed UTF-8 sequence starts, or `nil` if all is well-formed.
    /// Follows the Unicode Standard's table of well-formed byte sequences (no overlongs, surrogates or values
    /// above U+10FFFF).
    static func firstInvalidUTF8Offset(in bytes: [UInt8], from start: Int) -> Int? {
        var index = start
        let count = bytes.count
        while index < count {
            let lead = bytes[index]
            if lead < 0x80 {
                index += 1
                continue
            }
            let length: Int
            var secondRange: ClosedRange<UInt8> = 0x80...0xBF
            switch lead {
            case 0xC2...0xDF: length = 2
            case 0xE0: length = 3; secondRange = 0xA0...0xBF
            case 0xE1...0xEC, 0xEE...0xEF: length = 3
            case 0xED: length = 3; secondRange = 0x80...0x9F
            case 0xF0: length = 4; secondRange = 0x90...0xBF
            case 0xF1...0xF3: length = 4
            case 0xF4: length = 4; secondRange = 0x80...0x8F
            default: return index
            }
            guard index + length <= count, secondRange.contains(bytes[index + 1]) else { return index }
            for continuation in (index + 2)..<(index + length) where !(0x80...0xBF).contains(bytes[continuation]) {
                return index
            }
            index += length
        }
        return nil
    }

    /// The bytes with every CRLF and lone CR turned into LF.
    static func unifyingLineBreaks(_ bytes: ArraySlice<UInt8>) -> [UInt8] {
        let carriageReturn = UInt8(ascii: "\r")
        let lineFeed = UInt8(ascii: "\n")
        guard bytes.contains(carriageReturn) else { return Array(bytes) }
        var result: [UInt8] = []
        result.reserveCapacity(bytes.count)
        var previousWasCR = false
        for byte in bytes {
            if byte == carriageReturn {
                result.append(lineFeed)
                previousWasCR = true
            } else {
                if !(byte == lineFeed && previousWasCR) {
                    result.append(byte)
                }
                previousWasCR = false
            }
        }
        return result
    }

    /// A typed string put into the same form as a canonical text: CRLF and CR become LF, then NFC.
    static func canonicalForm(of typed: String) -> String {
        var view = String.UnicodeScalarView()
        var previousWasCR = false
        for scalar in typed.unicodeScalars {
            if scalar == "\r" {
                view.append("\n")
                previousWasCR = true
            } else {
                if !(scalar == "\n" && previousWasCR) {
                    view.append(scalar)
                }
                previousWasCR = false
            }
        }
        return String(view).precomposedStringWithCanonicalMapping
    }
}

// MARK: - Hashable

extension CanonicalText: Hashable {
    /// Two canonical texts are equal when they hold the same scalars.
    public static func == (lhs: CanonicalText, rhs: CanonicalText) -> Bool {
        lhs.sha256 == rhs.sha256 && lhs.scalars == rhs.scalars
    }

    /// Hashes the text's SHA-256.
    public func hash(into hasher: inout Hasher) {
        hasher.combine(sha256)
    }
}
