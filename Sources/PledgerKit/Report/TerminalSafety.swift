/// Text made safe to show on a terminal: ledger text comes from sources and imports, written by others, and
/// must not drive the terminal that shows it, nor change how the text around it is shown.
public enum TerminalSafety {
    /// Whether `scalar` is a control character a terminal acts on — an escape, a bell, a backspace, a carriage
    /// return: C0 but line feed and tab, DEL, and C1. Actions refuse these in the text they record.
    public static func isControl(_ scalar: Unicode.Scalar) -> Bool {
        (scalar.value < 0x20 && scalar != "\n" && scalar != "\t") || (0x7F...0x9F).contains(scalar.value)
    }

    /// Whether `scalar` is a directional formatting character: an embedding or override (U+202A–U+202E) or
    /// an isolate (U+2066–U+2069). One that a source leaves open reorders the rest of its line — on a
    /// terminal that lays out right-to-left text, the citation and hash a report prints after a quote. Actions
    /// record them, since right-to-left text uses them; only what is shown on a terminal replaces them.
    /// The marks U+200E, U+200F and U+061C are kept: they reorder nothing beyond their neighbours.
    public static func isDirectionalFormatting(_ scalar: Unicode.Scalar) -> Bool {
        (0x202A...0x202E).contains(scalar.value) || (0x2066...0x2069).contains(scalar.value)
    }

    /// `bytes` (UTF-8) with every character ``isControl(_:)`` or ``isDirectionalFormatting(_:)`` accepts
    /// replaced by U+FFFD, one per character, except a carriage return that is part of CRLF. Everything else,
    /// line breaks and tabs included, is kept as it is. Works on the bytes, without decoding them.
    public static func safe(_ bytes: some Collection<UInt8>) -> [UInt8] {
        let input = Array(bytes)
        guard input.withUnsafeBufferPointer(containsUnsafe) else { return input }
        var output: [UInt8] = []
        output.reserveCapacity(input.count)
        input.withUnsafeBufferPointer { input in
            var index = 0
            while index < input.count {
                let byte = input[index]
                let length = unsafeLength(input, at: index)
                let isCRLF = byte == 0x0D && index + 1 < input.count && input[index + 1] == 0x0A
                if length == 0 || byte == 0x0A || byte == 0x09 || isCRLF {
                    output.append(byte)
                    index += 1
                } else {
                    output += replacement
                    index += length
                }
            }
        }
        return output
    }

    /// U+FFFD in UTF-8: what a terminal is shown instead of a character it must not be handed.
    static let replacement: [UInt8] = [0xEF, 0xBF, 0xBD]

    /// Whether UTF-8 `bytes` hold a character ``unsafeLength(_:at:)`` finds (a line break or tab included).
    static func containsUnsafe(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        bytes.indices.contains { mayStartUnsafe(bytes[$0]) && unsafeLength(bytes, at: $0) > 0 }
    }

    /// Whether `byte` can begin a character ``unsafeLength(_:at:)`` finds: the cheap test a scan makes first.
    static func mayStartUnsafe(_ byte: UInt8) -> Bool {
        byte < 0x20 || byte == 0x7F || byte == 0xC2 || byte == 0xE2
    }

    /// The length in bytes of the character at `index` of UTF-8 `bytes` when it is a C0 control (line breaks
    /// and tabs included), DEL, a C1 control (C2 80 … C2 9F) or a directional formatting character
    /// (E2 80 AA … E2 80 AE, E2 81 A6 … E2 81 A9); else 0. Each caller decides what becomes of line breaks.
    static func unsafeLength(_ bytes: UnsafeBufferPointer<UInt8>, at index: Int) -> Int {
        let byte = bytes[index]
        if byte < 0x20 || byte == 0x7F { return 1 }
        guard byte == 0xC2 || byte == 0xE2, index + 1 < bytes.count else { return 0 }
        let second = bytes[index + 1]
        if byte == 0xC2 { return (0x80...0x9F).contains(second) ? 2 : 0 }
        guard index + 2 < bytes.count else { return 0 }
        let third = bytes[index + 2]
        let isEmbeddingOrOverride = second == 0x80 && (0xAA...0xAE).contains(third)
        let isIsolate = second == 0x81 && (0xA6...0xA9).contains(third)
        return isEmbeddingOrOverride || isIsolate ? 3 : 0
    }
}
