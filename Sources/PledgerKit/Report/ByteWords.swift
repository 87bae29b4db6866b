import Foundation

/// Tests of eight bytes at a time, for the renderers' scans of long UTF-8 text: each takes a word loaded
/// with ``load(_:at:)`` (byte `i` of the text in bits `8i…8i+7`) and returns the high bit of every byte
/// that passes, and no other bit — so a result of zero means no byte passed, and
/// ``firstByte(_:)`` says which passed first.
///
/// The tests are exact: no carry or borrow crosses from one byte to the next.
enum ByteWords {
    /// The eight bytes at `offset` from `base`, the first in the lowest bits, on any platform.
    static func load(_ base: UnsafePointer<UInt8>, at offset: Int) -> UInt64 {
        UInt64(littleEndian: UnsafeRawPointer(base + offset).loadUnaligned(as: UInt64.self))
    }

    /// The bytes that are zero.
    static func zero(_ word: UInt64) -> UInt64 {
        let low7 = 0x7F7F_7F7F_7F7F_7F7F as UInt64
        return ~(((word & low7) &+ low7) | word | low7)
    }

    /// The bytes equal to `byte`.
    static func equal(_ word: UInt64, _ byte: UInt8) -> UInt64 {
        zero(word ^ (0x0101_0101_0101_0101 &* UInt64(byte)))
    }

    /// The bytes below 0x20 (C0 controls): those whose top three bits are clear.
    static func below0x20(_ word: UInt64) -> UInt64 {
        zero(word & 0xE0E0_E0E0_E0E0_E0E0)
    }

    /// The leading bytes of three- and four-byte UTF-8 sequences, 111xxxxx: where every scalar from U+0800
    /// on starts, East Asian wide ones included.
    static func longSequenceLead(_ word: UInt64) -> UInt64 {
        equal(word & 0xE0E0_E0E0_E0E0_E0E0, 0xE0)
    }

    /// Whether every byte is printable ASCII or a space (0x20…0x7E): no control character, DEL or
    /// non-ASCII byte. No carry crosses a byte: each sum is taken only where every byte is below 0x80.
    static func isPrintableASCII(_ word: UInt64) -> Bool {
        let high = 0x8080_8080_8080_8080 as UInt64
        guard word & high == 0 else { return false }
        let atLeastSpace = (word &+ 0x6060_6060_6060_6060) & high == high  // 0x20 + 0x60 = 0x80.
        let noDelete = (word &+ 0x0101_0101_0101_0101) & high == 0  // 0x7F + 0x01 = 0x80.
        return atLeastSpace && noDelete
    }

    /// The UTF-8 continuation bytes, 10xxxxxx: the top bit set, and the next one — shifted into its place —
    /// clear.
    static func continuation(_ word: UInt64) -> UInt64 {
        word & ~(word << 1) & 0x8080_8080_8080_8080
    }

    /// How many bytes a test marked. The high bits are brought down to the low bit of each byte and summed
    /// into the top byte by one multiplication: `nonzeroBitCount` has no instruction in the x86-64 baseline
    /// that Swift compiles for, and its stand-in took a dozen.
    static func count(_ marks: UInt64) -> Int {
        Int(((marks >> 7) &* 0x0101_0101_0101_0101) >> 56)
    }

    /// The position in its word (0 to 7) of the first byte `mask` marks; 8 when it marks none.
    static func firstByte(_ mask: UInt64) -> Int {
        mask.trailingZeroBitCount / 8
    }

    /// Whether `test` accepts the index of any byte `marked` marks, in order — the high bit of byte `i` of the
    /// mask standing for the byte at `start + i`, as a test of this type returns. Only the marked bytes are
    /// looked at, however many the word holds.
    static func containsMarked(_ marked: UInt64, from start: Int, where test: (Int) -> Bool) -> Bool {
        var marked = marked
        while marked != 0 {
            if test(start + firstByte(marked)) { return true }
            marked &= marked - 1
        }
        return false
    }

    /// The index of the first byte of `bytes`, from `start` on, that `isMarked` accepts — or `bytes.count` when
    /// none does. Eight bytes at a time while `marks` (a test of this type, marking the same bytes) marks none
    /// in a word; byte by byte from the first word it marks, and for the last few bytes.
    static func firstIndex(
        in bytes: UnsafeBufferPointer<UInt8>, from start: Int, marks: (UInt64) -> UInt64, isMarked: (UInt8) -> Bool
    ) -> Int {
        var index = start
        if let base = bytes.baseAddress {
            while index + 8 <= bytes.count {
                let marked = marks(load(base, at: index))
                guard marked == 0 else { return index + firstByte(marked) }
                index += 8
            }
        }
        while index < bytes.count, !isMarked(bytes[index]) {
            index += 1
        }
        return index
    }
}

extension UnsafeBufferPointer<UInt8> {
    /// Whether `other` holds the same bytes, compared with `memcmp`: the generic element-by-element
    /// comparison costs more than the rest of a stance's read, or of a citation.
    func holdsSameBytes(as other: UnsafeBufferPointer<UInt8>) -> Bool {
        guard count == other.count else { return false }
        guard let start = baseAddress, let otherStart = other.baseAddress else { return true }  // Both empty.
        return memcmp(start, otherStart, count) == 0
    }
}
