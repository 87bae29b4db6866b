import Foundation

/// One entry of the append-only log: its position, when and by whom it was recorded, and what changed.
///
/// The entry's identity is its canonical serialization ``body`` (RFC 8785 JSON of
/// `{"author", "index", "kind", "payload", "recordedAt"}`); its leaf hash is SHA-256(0x00 ‖ body).
public struct LedgerEntry: Hashable, Sendable {
    /// The position in the log, from 0.
    public let index: Int
    /// When the ledger recorded the entry: ISO 8601 in UTC, to the second.
    public let recordedAt: String
    /// Who recorded it.
    public let author: String
    /// What changed.
    public let event: LedgerEvent
    /// The canonical bytes that are hashed.
    public let body: [UInt8]
    /// SHA-256(0x00 ‖ body), the RFC 9162 leaf hash.
    public let leafHash: SHA256Hash

    /// Builds an entry and its canonical body.
    public init(index: Int, recordedAt: String, author: String, event: LedgerEvent) throws {
        self.index = index
        self.recordedAt = recordedAt
        self.author = author
        self.event = event
        body = try CanonicalJSON.encode(EntryEnvelope(index: index, recordedAt: recordedAt, author: author, event: event))
        leafHash = MerkleTree.leafHash(body)
    }

    /// Decodes an entry from its canonical body, refusing bodies that are not canonical.
    public init(body: [UInt8]) throws(LedgerFormatError) {
        // The strict parser first: it says what is wrong with malformed JSON in words a user can act on.
        let canonical: [UInt8]
        do {
            canonical = try CanonicalJSON.canonicalize(body)
        } catch {
            throw LedgerFormatError("entry body is not valid JSON: \(error)")
        }
        guard canonical == body else {
            throw LedgerFormatError("entry body is not in RFC 8785 canonical form")
        }
        let envelope: EntryEnvelope
        do {
            envelope = try JSONDecoder().decode(EntryEnvelope.self, from: Data(body))
        } catch let error as DecodingError {
            throw LedgerFormatError("entry body is not a ledger entry: \(Self.explain(error))")
        } catch {
            throw LedgerFormatError("entry body is not a ledger entry: \(error)")
        }
        index = envelope.index
        recordedAt = envelope.recordedAt
        author = envelope.author
        event = envelope.event
        self.body = body
        leafHash = MerkleTree.leafHash(body)
    }

    /// Whether the body is exactly the encoding of the entry it decodes to. Decoding skips members it does not
    /// know and reads `null` as absent, so a body could carry either — and be hashed and exported with them —
    /// while the ledger acts on what was decoded. Entries Pledger writes always are; an import checks each
    /// line (re-encoding costs about as much as decoding, so reads of the ledger's own entries skip it).
    var isExactEncoding: Bool {
        let envelope = EntryEnvelope(index: index, recordedAt: recordedAt, author: author, event: event)
        return (try? CanonicalJSON.encode(envelope)) == body
    }

    /// What a decoding error says, in the entry format's terms: the member's path and what is wrong with it.
    private static func explain(_ error: DecodingError) -> String {
        func path(_ context: DecodingError.Context, _ last: (any CodingKey)? = nil) -> String {
            let keys = context.codingPath + (last.map { [$0] } ?? [])
            let names = keys.map { $0.intValue.map { "[\($0)]" } ?? $0.stringValue }
            return names.isEmpty ? "the entry" : "member " + names.joined(separator: ".").replacingOccurrences(of: ".[", with: "[")
        }
        switch error {
        case .keyNotFound(let key, let context):
            return "\(path(context, key)) is missing"
        case .valueNotFound(_, let context), .typeMismatch(_, let context):
            return "\(path(context)) has the wrong type"
        case .dataCorrupted(let context):
            return "\(path(context)): \(context.debugDescription)"
        @unknown default:
            return "\(error)"
        }
    }

    /// The ISO 8601 UTC text for `date`, to the second, as entries record it.
    public static func timestamp(_ date: Date) -> String {
        date.formatted(.iso8601.year().month().day().dateSeparator(.dash).time(includingFractionalSeconds: false)
            .timeSeparator(.colon).timeZone(separator: .omitted))
    }
}

/// A ledger entry or export line that does not follow the entry format.
public struct LedgerFormatError: Error, CustomStringConvertible, Equatable, Sendable {
    /// What is wrong.
    public let description: String

    init(_ description: String) {
        self.description = description
    }
}

/// The serialized shape of an entry.
struct EntryEnvelope: Codable {
    var index: Int
    var recordedAt: String
    var author: String
    var event: LedgerEvent

    private enum CodingKeys: String, CodingKey {
        case index, recordedAt, author, kind, payload
    }

    init(index: Int, recordedAt: String, author: String, event: LedgerEvent) {
        self.index = index
        self.recordedAt = recordedAt
        self.author = author
        self.event = event
    }

    init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        index = try container.decode(Int.self, forKey: .index)
        recordedAt = try container.decode(String.self, forKey: .recordedAt)
        author = try container.decode(String.self, forKey: .author)
        let kind = try container.decode(EntryKind.self, forKey: .kind)
        event = switch kind {
        case .ledgerCreated: .ledgerCreated(try container.decode(LedgerCreated.self, forKey: .payload))
        case .sourceAdded: .sourceAdded(try container.decode(SourceAdded.self, forKey: .payload))
        case .actorAdded: .actorAdded(try container.decode(ActorAdded.self, forKey: .payload))
        case .commitmentLogged: .commitmentLogged(try container.decode(CommitmentLogged.self, forKey: .payload))
        case .evidenceAttached: .evidenceAttached(try container.decode(EvidenceAttached.self, forKey: .payload))
        case .statusAssessed: .statusAssessed(try container.decode(StatusAssessed.self, forKey: .payload))
        case .checkpointRecorded: .checkpointRecorded(try container.decode(CheckpointRecorded.self, forKey: .payload))
        case .sourceRevised: .sourceRevised(try container.decode(SourceRevised.self, forKey: .payload))
        case .anchorMoved: .anchorMoved(try container.decode(AnchorMoved.self, forKey: .payload))
        }
    }

    func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(index, forKey: .index)
        try container.encode(recordedAt, forKey: .recordedAt)
        try container.encode(author, forKey: .author)
        try container.encode(event.kind, forKey: .kind)
        switch event {
        case .ledgerCreated(let payload): try container.encode(payload, forKey: .payload)
        case .sourceAdded(let payload): try container.encode(payload, forKey: .payload)
        case .actorAdded(let payload): try container.encode(payload, forKey: .payload)
        case .commitmentLogged(let payload): try container.encode(payload, forKey: .payload)
        case .evidenceAttached(let payload): try container.encode(payload, forKey: .payload)
        case .statusAssessed(let payload): try container.encode(payload, forKey: .payload)
        case .checkpointRecorded(let payload): try container.encode(payload, forKey: .payload)
        case .sourceRevised(let payload): try container.encode(payload, forKey: .payload)
        case .anchorMoved(let payload): try container.encode(payload, forKey: .payload)
        }
    }
}

// MARK: - Encodable

extension LedgerEntry: Encodable {
    private enum ViewKeys: String, CodingKey {
        case leafHash
    }

    /// Encodes the entry as it is serialized (`index`, `kind`, `recordedAt`, `author`, `payload`) plus its
    /// `leafHash`.
    public func encode(to encoder: any Encoder) throws {
        try EntryEnvelope(index: index, recordedAt: recordedAt, author: author, event: event).encode(to: encoder)
        var container = encoder.container(keyedBy: ViewKeys.self)
        try container.encode(leafHash, forKey: .leafHash)
    }
}
