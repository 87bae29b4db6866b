/// UTF-8 bytes a renderer is building, handed to its output stream when a section or batch is done.
///
/// Numbers, refs and hashes are written as digits straight into the buffer, and ledger text is escaped byte
/// by byte, so that the per-evidence paths of a report build no intermediate strings: a report of a million
/// pieces of evidence prints millions of each.
struct ReportBuffer {
    /// The size at which renderers hand what they have built to their output stream.
    static let chunkSize = 1 << 16

    private(set) var bytes: [UInt8] = []

    /// Creates an empty buffer; a renderer's main buffer asks for room for a whole chunk up front.
    init(reservingChunk: Bool = false) {
        if reservingChunk {
            bytes.reserveCapacity(Self.chunkSize + 4096)
        }
    }

    /// Whether nothing has been appended since the buffer was last moved.
    var isEmpty: Bool { bytes.isEmpty }

    mutating func append(_ text: String) {
        // One copy of the contiguous bytes, rather than the view's element-by-element path.
        let copied: Void? = text.utf8.withContiguousStorageIfAvailable { bytes.append(contentsOf: $0) }
        if copied == nil {
            bytes.append(contentsOf: text.utf8)
        }
    }

    mutating func append(byte: UInt8) {
        bytes.append(byte)
    }

    mutating func append(_ slice: UnsafeBufferPointer<UInt8>.SubSequence) {
        bytes.append(contentsOf: slice)
    }

    /// Appends `slice` with every byte below 0x20 — a line break or tab, in a renderer's use — as a space.
    mutating func appendControlsAsSpaces(_ slice: UnsafeBufferPointer<UInt8>.SubSequence) {
        let start = bytes.count
        bytes.append(contentsOf: slice)
        bytes.withUnsafeMutableBufferPointer { appended in
            for index in start..<appended.count where appended[index] < 0x20 {
                appended[index] = 0x20
            }
        }
    }

    mutating func append(spaces count: Int) {
        var remaining = count
        while remaining > 0 {
            let run = min(remaining, Self.spaces.count)
            Self.spaces.withUnsafeBufferPointer { bytes.append(contentsOf: $0[..<run]) }
            remaining -= run
        }
    }

    /// Spaces to copy indentation from, a run at a time.
    private static let spaces = [UInt8](repeating: UInt8(ascii: " "), count: 128)

    /// Appends `number` in decimal.
    mutating func append(_ number: Int) {
        // Digits are written from the end of a small scratch buffer and appended in one go: a report prints
        // millions of numbers, and appending digit by digit pays the array's checks for each.
        withUnsafeTemporaryAllocation(of: UInt8.self, capacity: 20) { digits in
            var start = digits.count
            var remaining = number.magnitude
            repeat {
                start -= 1
                digits[start] = UInt8(ascii: "0") + UInt8(remaining % 10)
                remaining /= 10
            } while remaining > 0
            if number < 0 {
                start -= 1
                digits[start] = UInt8(ascii: "-")
            }
            bytes.append(contentsOf: UnsafeBufferPointer(rebasing: digits[start...]))
        }
    }

    /// Appends `value` with exactly `decimals` decimals (at most 9), rounded half away from zero, without
    /// Foundation's locale: `-2.5`, `66.7`, `3` for no decimals.
    mutating func append(_ value: Double, decimals: Int) {
        var scale = 1
        for _ in 0..<decimals { scale *= 10 }
        let scaled = Int((value.magnitude * Double(scale)).rounded())
        if value < 0, scaled != 0 {
            bytes.append(UInt8(ascii: "-"))
        }
        append(scaled / scale)
        guard decimals > 0 else { return }
        bytes.append(UInt8(ascii: "."))
        let fraction = scaled % scale
        var divisor = scale / 10
        while divisor > 0 {
            bytes.append(UInt8(ascii: "0") + UInt8(fraction / divisor % 10))
            divisor /= 10
        }
    }

    /// Appends a ref such as `E12`.
    mutating func append<Kind: RefKind>(_ ref: Ref<Kind>) {
        if let letter = Kind.prefix.asciiValue {
            bytes.append(letter)  // Every kind's prefix is an ASCII letter; the view below is slower.
        } else {
            bytes.append(contentsOf: Kind.prefix.utf8)
        }
        append(ref.number)
    }

    /// Appends a day as `YYYY-MM-DD`.
    mutating func append(_ date: CalendarDate) {
        append(date.description)  // A small string: no allocation.
    }

    /// Appends a digest as lower-case hex: all 64 digits, or the first `digits`.
    mutating func appendHex(_ hash: SHA256Hash, digits: Int = 64) {
        let count = min(max(digits, 0), 64)
        withUnsafeTemporaryAllocation(of: UInt8.self, capacity: 64) { hex in
            hash.writeHex(into: hex)
            bytes.append(contentsOf: UnsafeBufferPointer(rebasing: hex[..<count]))
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
        var text = text
        text.withUTF8 { utf8 in
            var runStart = 0
            while true {
                let index = ByteWords.firstIndex(in: utf8, from: runStart, marks: marks, isMarked: needsEscape)
                bytes.append(contentsOf: utf8[runStart..<index])
                guard index < utf8.count else { return }
                escape(utf8[index], &self)
                runStart = index + 1
            }
        }
    }

    /// Hands the bytes to `output` and empties the buffer, once it holds at least `threshold` bytes.
    mutating func move(to output: inout some TextOutputStream, atLeast threshold: Int = 0) {
        guard bytes.count >= threshold, !bytes.isEmpty else { return }
        if let file = output as? ChunkedFileOutput {
            file.write(utf8: bytes)  // Skips making a String only to take its bytes apart again.
        } else {
            output.write(String(decoding: bytes, as: UTF8.self))
        }
        bytes.removeAll(keepingCapacity: true)
    }
}

extension ReportBuffer {
    /// Empties the buffer, keeping its capacity.
    mutating func removeAll() {
        bytes.removeAll(keepingCapacity: true)
    }

    /// Calls `body` with the bytes.
    func withBytes<Result>(_ body: (UnsafeBufferPointer<UInt8>) throws -> Result) rethrows -> Result {
        try bytes.withUnsafeBufferPointer(body)
    }
}
