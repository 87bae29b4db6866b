import Crypto
import Foundation

/// A SHA-256 digest, shown and serialized as 64 lower-case hex digits.
///
/// Used for source bytes, canonical texts, ledger leaves and Merkle tree heads alike. The 32 bytes are held
/// inline, not on the heap: a report or a verification handles a million of them, and copying one is then
/// four words, with no allocation and no reference count.
public struct SHA256Hash: Hashable, Sendable, Comparable {
    /// The digest as four big-endian words, so that comparing words in order compares the bytes in order.
    private var words: (UInt64, UInt64, UInt64, UInt64)

    /// A copy of the 32 digest bytes; ``withUnsafeBytes(_:)`` reads them without copying.
    public var bytes: [UInt8] {
        withUnsafeBytes { Array($0) }
    }

    /// Wraps 32 digest bytes; returns `nil` for any other length.
    public init?(bytes: some Collection<UInt8>) {
        guard bytes.count == 32 else { return nil }
        words = (0, 0, 0, 0)
        Swift.withUnsafeMutableBytes(of: &words) { $0.copyBytes(from: bytes) }
    }

    /// Wraps the 32 bytes in `buffer`; returns `nil` for any other length.
    public init?(bytes buffer: UnsafeRawBufferPointer) {
        guard buffer.count == 32 else { return nil }
        words = (0, 0, 0, 0)
        Swift.withUnsafeMutableBytes(of: &words) { $0.copyMemory(from: buffer) }
    }

    /// Parses 64 hex digits (either case); returns `nil` for anything else.
    public init?(hex: String) {
        var hex = hex
        let parsed: SHA256Hash? = hex.withUTF8 { digits in
            guard digits.count == 64 else { return nil }
            var bytes: (UInt64, UInt64, UInt64, UInt64) = (0, 0, 0, 0)
            let complete = Swift.withUnsafeMutableBytes(of: &bytes) { storage in
                for index in 0..<32 {
                    guard let high = Self.nibble(digits[2 * index]), let low = Self.nibble(digits[2 * index + 1]) else {
                        return false
                    }
                    storage[index] = high << 4 | low
                }
                return true
            }
            return complete ? SHA256Hash(words: bytes) : nil
        }
        guard let parsed else { return nil }
        self = parsed
    }

    private init(words: (UInt64, UInt64, UInt64, UInt64)) {
        self.words = words
    }

    /// The SHA-256 digest of `data`.
    public static func digest(of data: some DataProtocol) -> SHA256Hash {
        SHA256Hash(SHA256.hash(data: data))
    }

    /// Wraps a digest swift-crypto computed.
    init(_ digest: SHA256.Digest) {
        var words: (UInt64, UInt64, UInt64, UInt64) = (0, 0, 0, 0)
        digest.withUnsafeBytes { bytes in
            Swift.withUnsafeMutableBytes(of: &words) { $0.copyMemory(from: bytes) }
        }
        self.words = words
    }

    /// Calls `body` with the 32 digest bytes.
    public func withUnsafeBytes<Result>(_ body: (UnsafeRawBufferPointer) throws -> Result) rethrows -> Result {
        try Swift.withUnsafeBytes(of: words, body)
    }

    /// The digest as 64 lower-case hex digits.
    public var hex: String {
        String(unsafeUninitializedCapacity: 64) { buffer in
            writeHex(into: buffer)
            return 64
        }
    }

    /// Writes the 64 lower-case hex digits of the digest, as UTF-8, to the start of `buffer`, which holds at
    /// least 64 bytes.
    func writeHex(into buffer: UnsafeMutableBufferPointer<UInt8>) {
        precondition(buffer.count >= 64, "a SHA-256 digest takes 64 hex digits")
        guard let target = buffer.baseAddress else { return }
        // Four bytes at a time, into eight digits: reports write a hash for every piece of evidence.
        withUnsafeBytes { bytes in
            for chunk in 0..<8 {
                let four = UInt32(littleEndian: bytes.loadUnaligned(fromByteOffset: 4 * chunk, as: UInt32.self))
                UnsafeMutableRawPointer(target + 8 * chunk).storeBytes(of: Self.hexDigits(of: four).littleEndian, as: UInt64.self)
            }
        }
    }

    /// The eight hex digits of the four bytes of `four` (the first in its low bits), the first digit in the
    /// low byte: each byte spread to a 16-bit lane, its nibbles to a byte each, and each nibble `n` made the
    /// digit `"0" + n`, plus 39 more (to `"a"`) when `n` is over 9.
    static func hexDigits(of four: UInt32) -> UInt64 {
        var spread = UInt64(four)
        spread = (spread | spread << 16) & 0x0000_FFFF_0000_FFFF
        spread = (spread | spread << 8) & 0x00FF_00FF_00FF_00FF
        let nibbles = (spread >> 4 & 0x000F_000F_000F_000F) | (spread & 0x000F_000F_000F_000F) << 8
        let overNine = (nibbles &+ 0x0606_0606_0606_0606) >> 4 & 0x0101_0101_0101_0101
        return nibbles &+ 0x3030_3030_3030_3030 &+ overNine &* 39
    }

    public static func == (lhs: SHA256Hash, rhs: SHA256Hash) -> Bool {
        lhs.words == rhs.words
    }

    public func hash(into hasher: inout Hasher) {
        withUnsafeBytes { hasher.combine(bytes: $0) }
    }

    public static func < (lhs: SHA256Hash, rhs: SHA256Hash) -> Bool {
        (lhs.words.0.bigEndian, lhs.words.1.bigEndian, lhs.words.2.bigEndian, lhs.words.3.bigEndian)
            < (rhs.words.0.bigEndian, rhs.words.1.bigEndian, rhs.words.2.bigEndian, rhs.words.3.bigEndian)
    }

    /// The lower-case hex digits, as UTF-8 bytes.
    static let hexDigits: [UInt8] = Array("0123456789abcdef".utf8)

    private static func nibble(_ digit: UInt8) -> UInt8? {
        switch digit {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): digit - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): digit - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): digit - UInt8(ascii: "A") + 10
        default: nil
        }
    }
}

// MARK: - CustomStringConvertible

extension SHA256Hash: CustomStringConvertible {
    public var description: String { hex }
}

// MARK: - Codable

extension SHA256Hash: Codable {
    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        let hex = try container.decode(String.self)
        guard let hash = SHA256Hash(hex: hex) else {
            throw DecodingError.dataCorruptedError(
                in: container, debugDescription: "expected 64 hex digits of a SHA-256 digest, got \(hex)")
        }
        self = hash
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(hex)
    }
}
