import Crypto
import Foundation

/// A SHA-256 digest, shown and serialized as 64 lower-case hex digits.
///
/// Used for source bytes, canonical texts, ledger leaves and Merkle tree heads alike.
public struct SHA256Hash: Hashable, Sendable, Comparable {
    /// The 32 digest bytes.
    public let bytes: [UInt8]

    /// Wraps 32 digest bytes; returns `nil` for any other length.
    public init?(bytes: [UInt8]) {
        guard bytes.count == 32 else { return nil }
        self.bytes = bytes
    }

    /// Parses 64 hex digits (either case); returns `nil` for anything else.
    public init?(hex: String) {
        let digits = Array(hex.utf8)
        guard digits.count == 64 else { return nil }
        var bytes: [UInt8] = []
        bytes.reserveCapacity(32)
        var index = 0
        while index < 64 {
            guard let high = Self.nibble(digits[index]), let low = Self.nibble(digits[index + 1]) else {
                return nil
            }
            bytes.append(high << 4 | low)
            index += 2
        }
        self.bytes = bytes
    }

    /// The SHA-256 digest of `data`.
    public static func digest(of data: some DataProtocol) -> SHA256Hash {
        SHA256Hash(unchecked: Array(SHA256.hash(data: data)))
    }

    /// The digest as 64 lower-case hex digits.
    public var hex: String {
        String(unsafeUninitializedCapacity: 2 * bytes.count) { buffer in
            for (index, byte) in bytes.enumerated() {
                buffer[2 * index] = Self.hexDigits[Int(byte >> 4)]
                buffer[2 * index + 1] = Self.hexDigits[Int(byte & 0x0F)]
            }
            return 2 * bytes.count
        }
    }

    public static func < (lhs: SHA256Hash, rhs: SHA256Hash) -> Bool {
        lhs.bytes.lexicographicallyPrecedes(rhs.bytes)
    }

    private init(unchecked bytes: [UInt8]) {
        self.bytes = bytes
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
