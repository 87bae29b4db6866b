/// Why a source's bytes cannot become a ``CanonicalText``.
///
/// Byte offsets count from the first byte of the input as given (a UTF-8 byte order mark included),
/// so they match what a hex viewer such as `xxd` shows.
public enum SourceTextError: Error, Equatable, Sendable, CustomStringConvertible {
    /// The bytes are not well-formed UTF-8; `byteOffset` is where the first ill-formed sequence starts.
    case invalidUTF8(byteOffset: Int)
    /// The bytes contain a NUL byte, so they are most likely a binary file (or UTF-16 text);
    /// `byteOffset` is the first NUL.
    case binary(byteOffset: Int)
    /// The text is empty or holds nothing but whitespace.
    case empty

    /// A message saying what is wrong and what to do about it.
    public var description: String {
        switch self {
        case .invalidUTF8(let offset):
            "source is not valid UTF-8 (first bad byte at offset \(offset)); convert it to UTF-8 first, "
                + "e.g. with iconv -f WINDOWS-1252 -t UTF-8"
        case .binary(let offset):
            "source looks like a binary file (NUL byte at offset \(offset)); extract its text as UTF-8 plain text "
                + "first (if it is UTF-16 text, convert it with iconv -f UTF-16 -t UTF-8)"
        case .empty:
            "source text is empty or only whitespace; check that the file holds the text you mean to quote"
        }
    }
}
