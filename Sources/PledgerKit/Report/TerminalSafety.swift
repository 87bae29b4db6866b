/// Text made safe to show on a terminal: ledger text comes from sources and imports, written by others, and
/// must not drive the terminal that shows it.
public enum TerminalSafety {
    /// Whether `scalar` is a control character a terminal acts on — an escape, a bell, a backspace, a carriage
    /// return: C0 but line feed and tab, DEL, and C1. Actions refuse these in the text they record.
    public static func isControl(_ scalar: Unicode.Scalar) -> Bool {
        (scalar.value < 0x20 && scalar != "\n" && scalar != "\t") || (0x7F...0x9F).contains(scalar.value)
    }

    /// `bytes` (UTF-8) with every character ``isControl(_:)`` accepts replaced by U+FFFD, one per character,
    /// except a carriage return that is part of CRLF. Everything else, line breaks and tabs included, is kept
    /// as it is. Works on the bytes, without decoding them: the same set, C1 as the two bytes C2 80 … C2 9F.
    public static func safe(_ bytes: some Collection<UInt8>) -> [UInt8] {
        let input = Array(bytes)
        guard input.contains(where: { $0 < 0x20 || $0 == 0x7F || $0 == 0xC2 }) else { return input }
        let replacement: [UInt8] = [0xEF, 0xBF, 0xBD]
        var output: [UInt8] = []
        output.reserveCapacity(input.count)
        var index = 0
        while index < input.count {
            let byte = input[index]
            let next = index + 1 < input.count ? input[index + 1] : nil
            if byte == 0x0A || byte == 0x09 || (byte == 0x0D && next == 0x0A) {
                output.append(byte)
            } else if byte < 0x20 || byte == 0x7F {
                output += replacement
            } else if byte == 0xC2, let next, (0x80...0x9F).contains(next) {
                output += replacement  // A C1 control, U+0080–U+009F, is the two bytes C2 80 … C2 9F.
                index += 1
            } else {
                output.append(byte)
            }
            index += 1
        }
        return output
    }
}
