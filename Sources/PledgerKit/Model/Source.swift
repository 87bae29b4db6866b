/// A document of record — article, report, letter, transcript — as the ledger holds it.
public struct Source: Hashable, Sendable, Codable {
    /// The source's ref, such as `S1`.
    public var ref: SourceRef
    /// Descriptive metadata.
    public var metadata: SourceMetadata
    /// The latest version number (versions count from 1).
    public var latestVersion: Int
    /// The SHA-256 of the original bytes of the latest version.
    public var originalSHA256: SHA256Hash
    /// The SHA-256 of the canonical text of the latest version.
    public var textSHA256: SHA256Hash
    /// The length of the canonical text in Unicode code points.
    public var textLength: Int
    /// The hash of the ledger entry that added the source.
    public var entryHash: SHA256Hash
}

/// What a source is: the metadata recorded with it.
public struct SourceMetadata: Hashable, Sendable, Codable {
    /// The document's title.
    public var title: String
    /// Who published it.
    public var publisher: String
    /// Who wrote it, when known.
    public var author: String?
    /// Where it was found.
    public var url: String?
    /// The day it was published.
    public var publishedOn: CalendarDate?
    /// When it was retrieved, as the user wrote it (a date or an ISO 8601 time).
    public var retrievedAt: String?

    /// Creates source metadata.
    public init(
        title: String, publisher: String, author: String? = nil, url: String? = nil,
        publishedOn: CalendarDate? = nil, retrievedAt: String? = nil
    ) {
        self.title = title
        self.publisher = publisher
        self.author = author
        self.url = url
        self.publishedOn = publishedOn
        self.retrievedAt = retrievedAt
    }
}
