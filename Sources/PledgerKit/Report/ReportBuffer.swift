/// UTF-8 bytes a renderer is building, handed to its output stream when a section or batch is done.
///
/// Numbers, refs and hashes are written as digits straight into the buffer, and ledger text is escaped byte
/// by byte, so that the per-evidence paths of a report build no intermediate strings: a report of a million
/// pieces of evidence prints millions of each.
///
/// The bytes live in storage of the buffer's own rather than an array: a report appends tens of millions of
/// short pieces — a space, a quote mark, a ref — and an array's bookkeeping for each append cost several
/// times the copy. Copies of a buffer share the storage until one of them appends, as an array's do.
struct ReportBuffer: @unchecked Sendable {  // Sendable as an array is: storage is shared only while unchanged.
    /// The size at which renderers hand what they have built to their output stream.
    static let chunkSize = 1 << 16

    private struct Header {
        var count: Int
        var capacity: Int
    }

    private typealias Storage = ManagedBuffer<Header, UInt8>

    /// The storage of every buffer that has not appended yet: it is shared, so it is never written to.
    private nonisolated(unsafe) static let empty = makeStorage(capacity: 0, copying: nil)

    private var storage: Storage

    /// Creates an empty buffer; a renderer's main buffer asks for room for a whole chunk up front.
    init(reservingChunk: Bool = false) {
        storage = reservingChunk ? Self.makeStorage(capacity: Self.chunkSize + 4096, copying: nil) : Self.empty
    }

    /// How many bytes the buffer holds.
    var count: Int {
        storage.withUnsafeMutablePointerToHeader { $0.pointee.count }
    }

    /// How many bytes the buffer has room for before it must grow.
    var capacity: Int {
        storage.withUnsafeMutablePointerToHeader { $0.pointee.capacity }
    }

    /// Whether nothing has been appended since the buffer was last moved.
    var isEmpty: Bool { count == 0 }

    /// The bytes as a string; they are UTF-8, as every append writes.
    var string: String {
        withBytes { String(decoding: $0, as: UTF8.self) }
    }

    /// Makes sure that the storage is this buffer's alone and has room for `needed` more bytes.
    @inline(__always)
    private mutating func reserve(_ needed: Int) {
        let hasRoom = storage.withUnsafeMutablePointerToHeader { $0.pointee.capacity - $0.pointee.count >= needed }
        if !hasRoom || !isKnownUniquelyReferenced(&storage) {
            moveToOwnStorage(holding: needed)
        }
    }

    /// Moves the bytes to storage of this buffer's own with room for `needed` more: as large as before when
    /// that is room enough (the storage was shared), else twice as large, at least.
    private mutating func moveToOwnStorage(holding needed: Int) {
        let header = storage.withUnsafeMutablePointerToHeader { $0.pointee }
        let capacity = header.count + needed <= header.capacity
            ? header.capacity : Swift.max(header.count + needed, 2 * header.capacity, 256)
        storage = Self.makeStorage(capacity: capacity, copying: storage)
    }

    /// New storage for `capacity` bytes holding a copy of `old`'s.
    private static func makeStorage(capacity: Int, copying old: Storage?) -> Storage {
        let used = old?.withUnsafeMutablePointerToHeader { $0.pointee.count } ?? 0
        let storage = Storage.create(minimumCapacity: capacity) { _ in Header(count: used, capacity: capacity) }
        if let old {
            storage.withUnsafeMutablePointerToElements { new in
                old.withUnsafeMutablePointerToElements { new.initialize(from: $0, count: used) }
            }
        }
        return storage
    }

    /// Appends the `count` bytes that `initialize` writes, from the pointer it is given, into storage this
    /// buffer has made its own and large enough: every append comes down to this.
    @inline(__always)
    private mutating func appendInPlace(count: Int, _ initialize: (UnsafeMutablePointer<UInt8>) -> Void) {
        guard count > 0 else { return }
        reserve(count)
        storage.withUnsafeMutablePointers { header, bytes in
            initialize(bytes + header.pointee.count)
            header.pointee.count += count
        }
    }

    /// Appends the UTF-8 of `text`, a string made at run time. A literal goes to `append(_:)` instead, which
    /// copies the bytes the compiler laid out without a string's checks: a report appends tens of millions.
    @inline(__always)
    mutating func append(contentsOf text: String) {
        text.withUTF8Bytes { append($0[...]) }
    }

    /// Appends the UTF-8 bytes of a literal (see ``append(contentsOf:)``).
    @inline(__always)
    mutating func append(_ literal: StaticString) {
        literal.withUTF8Buffer { bytes in append(bytes[...]) }
    }

    /// Appends one byte.
    mutating func append(byte: UInt8) {
        appendInPlace(count: 1) { $0.initialize(to: byte) }
    }

    /// Appends the bytes of `slice`.
    mutating func append(_ slice: UnsafeBufferPointer<UInt8>.SubSequence) {
        guard let base = slice.base.baseAddress else { return }
        appendInPlace(count: slice.count) { $0.initialize(from: base + slice.startIndex, count: slice.count) }
    }

    /// Appends each of `elements` with `appendOne`, `separator` between each and the next.
    mutating func appendJoined<Elements: Sequence>(
        _ elements: Elements, separator: String, _ appendOne: (Elements.Element, inout ReportBuffer) -> Void
    ) {
        var isFirst = true
        for element in elements {
            if !isFirst { append(contentsOf: separator) }
            isFirst = false
            appendOne(element, &self)
        }
    }

    /// Appends the bytes of `other`.
    mutating func append(_ other: ReportBuffer) {
        other.withBytes { append($0[...]) }
    }

    /// Appends `slice` with every byte below 0x20 — a line break or tab, in a renderer's use — as a space.
    /// Copied eight bytes at a time, each word's control bytes replaced as it is written.
    mutating func appendControlsAsSpaces(_ slice: UnsafeBufferPointer<UInt8>.SubSequence) {
        guard let source = slice.base.baseAddress else { return }
        let start = slice.startIndex
        let count = slice.count
        appendInPlace(count: count) { target in
            var offset = 0
            while offset + 8 <= count {
                var word = ByteWords.load(source, at: start + offset)
                // A byte below 0x20 has its mark (0x80) set: spread to the whole byte, it selects a space.
                let controls = (ByteWords.below0x20(word) >> 7) &* 0xFF
                word = (word & ~controls) | (0x2020_2020_2020_2020 & controls)
                UnsafeMutableRawPointer(target + offset).storeBytes(of: word.littleEndian, as: UInt64.self)
                offset += 8
            }
            while offset < count {
                let byte = source[start + offset]
                target[offset] = byte < 0x20 ? 0x20 : byte
                offset += 1
            }
        }
    }

    /// Appends the `count` bytes `write` writes from the pointer it is given: for a writer that puts
    /// together a run of small pieces — a separator, indentation, a key — in one reservation rather than one
    /// a piece.
    @inline(__always)
    mutating func append(count: Int, writing write: (UnsafeMutablePointer<UInt8>) -> Void) {
        appendInPlace(count: count, write)
    }

    /// Appends `count` spaces (none when `count` is not positive): indentation, written in place.
    mutating func append(spaces count: Int) {
        appendInPlace(count: count) { _ = $0.writingSpaces(count) }
    }

    /// Appends `number` in decimal.
    mutating func append(_ number: Int) {
        // The digits are counted first and written from the last, straight into the buffer: a report prints
        // millions of numbers, and appending digit by digit pays the buffer's checks for each.
        let magnitude = number.magnitude
        var digits = 1
        var rest = magnitude / 10
        while rest > 0 {
            digits += 1
            rest /= 10
        }
        let count = number < 0 ? digits + 1 : digits
        appendInPlace(count: count) { start in
            var remaining = magnitude
            var position = count
            repeat {
                position -= 1
                start[position] = UInt8(ascii: "0") + UInt8(remaining % 10)
                remaining /= 10
            } while remaining > 0
            if number < 0 {
                start[0] = UInt8(ascii: "-")
            }
        }
    }

    /// Appends `value` with exactly `decimals` decimals (at most 9), rounded half away from zero, without
    /// Foundation's locale: `-2.5`, `66.7`, `3` for no decimals.
    mutating func append(_ value: Double, decimals: Int) {
        var scale = 1
        for _ in 0..<decimals { scale *= 10 }
        let scaled = Int((value.magnitude * Double(scale)).rounded())
        if value < 0, scaled != 0 {
            append(byte: UInt8(ascii: "-"))
        }
        append(scaled / scale)
        guard decimals > 0 else { return }
        append(byte: UInt8(ascii: "."))
        let fraction = scaled % scale
        var divisor = scale / 10
        while divisor > 0 {
            append(byte: UInt8(ascii: "0") + UInt8(fraction / divisor % 10))
            divisor /= 10
        }
    }

    /// Appends a ref such as `E12`.
    mutating func append<Kind: RefKind>(_ ref: Ref<Kind>) {
        append(byte: Kind.prefixASCII)
        append(ref.number)
    }

    /// Appends a day as `YYYY-MM-DD`.
    mutating func append(_ date: CalendarDate) {
        date.withText { append($0[...]) }
    }

    /// Appends a digest as lower-case hex: all 64 digits, or the first `digits`.
    mutating func appendHex(_ hash: SHA256Hash, digits: Int = 64) {
        let count = min(max(digits, 0), 64)
        withUnsafeTemporaryAllocation(of: UInt8.self, capacity: 64) { hex in
            hash.writeHex(into: hex)
            append(UnsafeBufferPointer(hex)[..<count])
        }
    }

    /// Appends `text`, passing every byte for which `needsEscape` is true to `escape` instead.
    ///
    /// `marks` is the same test eight bytes at a time (see ``ByteWords``) and must mark exactly the bytes
    /// `needsEscape` accepts: runs of bytes that need no escaping are found a word at a time and copied whole.
    mutating func append(
        _ text: String, escaping needsEscape: (UInt8) -> Bool, marks: (UInt64) -> UInt64,
        with escape: (UInt8, inout ReportBuffer) -> Void
    ) {
        text.withUTF8Bytes { utf8 in
            var runStart = 0
            while true {
                let index = ByteWords.firstIndex(in: utf8, from: runStart, marks: marks, isMarked: needsEscape)
                append(utf8[runStart..<index])
                guard index < utf8.count else { return }
                escape(utf8[index], &self)
                runStart = index + 1
            }
        }
    }

    /// Hands the bytes to `output` and empties the buffer, once it holds at least `threshold` bytes.
    mutating func move(to output: inout some TextOutputStream, atLeast threshold: Int = 0) {
        guard count >= threshold, !isEmpty else { return }
        if let file = output as? ChunkedFileOutput {
            withBytes(file.write(utf8:))  // Skips making a String only to take its bytes apart again.
        } else {
            output.write(string)
        }
        removeAll()
    }
}

extension ReportBuffer {
    /// Empties the buffer, keeping its capacity unless another buffer shares it.
    mutating func removeAll() {
        if isKnownUniquelyReferenced(&storage) {
            storage.withUnsafeMutablePointerToHeader { $0.pointee.count = 0 }
        } else {
            storage = Self.empty
        }
    }

    /// Calls `body` with the bytes.
    func withBytes<Result>(_ body: (UnsafeBufferPointer<UInt8>) throws -> Result) rethrows -> Result {
        try storage.withUnsafeMutablePointers { header, bytes in
            try body(UnsafeBufferPointer(start: bytes, count: header.pointee.count))
        }
    }
}

extension UnsafeMutablePointer<UInt8> {
    /// Writes the UTF-8 of `literal` here, and returns the pointer just past it.
    @inline(__always)
    func writing(_ literal: StaticString) -> UnsafeMutablePointer<UInt8> {
        literal.withUTF8Buffer { bytes in
            guard let base = bytes.baseAddress else { return self }
            initialize(from: base, count: bytes.count)
            return self + bytes.count
        }
    }

    /// Writes `bytes` here, and returns the pointer just past them.
    @inline(__always)
    func writing(_ bytes: UnsafeBufferPointer<UInt8>) -> UnsafeMutablePointer<UInt8> {
        guard let base = bytes.baseAddress else { return self }
        initialize(from: base, count: bytes.count)
        return self + bytes.count
    }

    /// Writes `count` spaces here (none when `count` is not positive), and returns the pointer just past them.
    @inline(__always)
    func writingSpaces(_ count: Int) -> UnsafeMutablePointer<UInt8> {
        guard count > 0 else { return self }
        initialize(repeating: UInt8(ascii: " "), count: count)
        return self + count
    }
}
