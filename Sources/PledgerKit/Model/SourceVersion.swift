/// One version of a source: its hashes, its length and the entry that recorded it.
public struct SourceVersion: Sendable, Hashable, Encodable {
    /// The source.
    public var source: SourceRef
    /// The version number, from 1.
    public var version: Int
    /// The SHA-256 of the original bytes.
    public var originalSHA256: SHA256Hash
    /// The SHA-256 of the canonical text.
    public var textSHA256: SHA256Hash
    /// The canonical text's length in code points.
    public var textLength: Int
    /// `text/html` when the text was extracted from HTML; `nil` for plain text.
    public var mediaType: String?
    /// When the version was recorded.
    public var recordedAt: String
    /// The hash of the entry that recorded it (`source.added` or `source.revised`).
    public var entryHash: SHA256Hash
}
