import Crypto
import Foundation

/// A text signed by one or more keys, in the C2SP signed-note format (`c2sp.org/signed-note`).
///
/// The text ends in a newline; a blank line follows; then one line per signature:
/// em dash (U+2014), space, key name, space, base64(4-byte big-endian key ID ‖ signature), newline.
/// Only Ed25519 keys (signature type 0x01) are supported.
public struct SignedNote: Hashable, Sendable {
    /// The signed text, including its final newline.
    public let text: String
    /// The signature lines, in order.
    public let signatures: [NoteSignature]

    /// Wraps `text` and `signatures`.
    public init(text: String, signatures: [NoteSignature]) {
        self.text = text
        self.signatures = signatures
    }

    /// Parses a signed note; the text is split from the signatures at the last blank line.
    ///
    /// - Throws: ``PledgerError/invalidInput(_:)`` naming what is malformed.
    public init(parsing note: String) throws(PledgerError) {
        guard !note.unicodeScalars.contains(where: { $0.value < 0x20 && $0 != "\n" }) else {
            throw PledgerError.invalidInput("the signed note contains a control character other than newline; it is not a C2SP signed note")
        }
        guard note.hasSuffix("\n"), let separator = note.range(of: "\n\n", options: .backwards) else {
            throw PledgerError.invalidInput("not a signed note: expected the text, a blank line, then signature lines starting with “— ”, ending in a newline")
        }
        let text = String(note[..<separator.lowerBound]) + "\n"
        let signatureLines = note[separator.upperBound...].split(separator: "\n", omittingEmptySubsequences: false).dropLast()
        var signatures: [NoteSignature] = []
        for line in signatureLines {
            signatures.append(try NoteSignature(line: String(line)))
        }
        guard !signatures.isEmpty else {
            throw PledgerError.invalidInput("the signed note has no signature lines after its blank line")
        }
        self.text = text
        self.signatures = signatures
    }

    /// The note as it is written: text, blank line, signature lines.
    public var serialized: String {
        text + "\n" + signatures.map(\.line).joined()
    }

    /// The text, once a signature by `verifier`'s key (matching name and key ID) checks out.
    ///
    /// Signatures by other keys are ignored, as the C2SP spec requires.
    /// - Throws: ``PledgerError/invalidInput(_:)`` when no signature is by that key or one by it fails.
    public func verifiedText(by verifier: NoteVerifier) throws(PledgerError) -> String {
        let candidates = signatures.filter { $0.keyName == verifier.name && $0.keyID == verifier.keyID }
        guard !candidates.isEmpty else {
            let names = signatures.map { "\($0.keyName) (key ID \(NoteVerifier.hex($0.keyID)))" }.joined(separator: ", ")
            throw PledgerError.invalidInput(
                "the note is not signed by \(verifier.name) (key ID \(NoteVerifier.hex(verifier.keyID))); it is signed by \(names). Pass the verifier key of the ledger that made it")
        }
        for signature in candidates where !verifier.isValidSignature(signature.signature, for: Array(text.utf8)) {
            throw PledgerError.invalidInput(
                "the signature by \(verifier.name) does not match the note's text: the note was altered after signing, or signed by another key with the same name and ID")
        }
        return text
    }
}

/// One signature line of a ``SignedNote``.
public struct NoteSignature: Hashable, Sendable {
    /// The signer's key name.
    public let keyName: String
    /// The signer's key ID.
    public let keyID: UInt32
    /// The signature bytes (64 for Ed25519).
    public let signature: [UInt8]

    /// Wraps a signature.
    public init(keyName: String, keyID: UInt32, signature: [UInt8]) {
        self.keyName = keyName
        self.keyID = keyID
        self.signature = signature
    }

    /// Parses `— name base64(keyID ‖ signature)`.
    init(line: String) throws(PledgerError) {
        let prefix = "\u{2014} "
        let parts = line.hasPrefix(prefix) ? line.dropFirst(prefix.count).split(separator: " ", omittingEmptySubsequences: false) : []
        guard parts.count == 2, NoteVerifier.isValidName(String(parts[0])),
            let bytes = Data(base64Encoded: String(parts[1])).map(Array.init), bytes.count > 4
        else {
            throw PledgerError.invalidInput("'\(line)' is not a signature line; expected “— <key name> <base64 of key ID and signature>”")
        }
        keyName = String(parts[0])
        keyID = bytes.prefix(4).reduce(0) { $0 << 8 | UInt32($1) }
        signature = Array(bytes.dropFirst(4))
    }

    /// The line as written, with its newline.
    public var line: String {
        let id = (0..<4).map { UInt8(truncatingIfNeeded: keyID >> (24 - 8 * $0)) }
        return "\u{2014} \(keyName) \(Data(id + signature).base64EncodedString())\n"
    }
}

/// An Ed25519 public key that checks signed notes, written `name+keyid+base64(0x01 ‖ public key)` with the key
/// ID as 8 hex digits, as Go's `golang.org/x/mod/sumdb/note` does.
public struct NoteVerifier: Hashable, Sendable {
    /// The key name; checkpoints use it as their origin.
    public let name: String
    /// SHA-256(name ‖ 0x0A ‖ 0x01 ‖ public key), first 4 bytes, big-endian.
    public let keyID: UInt32
    /// The 32-byte Ed25519 public key.
    public let publicKey: [UInt8]

    /// Wraps a public key, computing its key ID.
    ///
    /// - Throws: ``PledgerError/invalidInput(_:)`` for an invalid name or a key that is not 32 bytes.
    public init(name: String, publicKey: [UInt8]) throws(PledgerError) {
        guard Self.isValidName(name) else { throw Self.badName(name) }
        guard publicKey.count == 32, (try? Curve25519.Signing.PublicKey(rawRepresentation: publicKey)) != nil else {
            throw PledgerError.invalidInput("an Ed25519 public key has 32 bytes, not \(publicKey.count)")
        }
        self.name = name
        self.publicKey = publicKey
        keyID = Self.keyID(name: name, publicKey: publicKey)
    }

    /// Parses `name+keyid+base64`, checking that the key ID matches the name and key.
    ///
    /// - Throws: ``PledgerError/invalidInput(_:)`` saying what is wrong.
    public init(encoded: String) throws(PledgerError) {
        let trimmed = encoded.trimmingCharacters(in: .whitespacesAndNewlines)
        let parts = trimmed.split(separator: "+", maxSplits: 2, omittingEmptySubsequences: false)
        guard parts.count == 3, let id = UInt32(parts[1], radix: 16), parts[1].count == 8,
            let bytes = Data(base64Encoded: String(parts[2])).map(Array.init), bytes.count == 33, bytes[0] == 0x01
        else {
            throw PledgerError.invalidInput(
                "'\(trimmed.prefix(80))' is not a verifier key; expected name+keyid+base64 as printed by `pledger key generate` (or the .pub file's path)")
        }
        try self.init(name: String(parts[0]), publicKey: Array(bytes.dropFirst()))
        guard keyID == id else {
            throw PledgerError.invalidInput("the verifier key's ID \(parts[1]) does not match its name and key (\(Self.hex(keyID))); the key was altered")
        }
    }

    /// `name+keyid+base64(0x01 ‖ public key)`.
    public var encoded: String {
        "\(name)+\(Self.hex(keyID))+\(Data([0x01] + publicKey).base64EncodedString())"
    }

    /// Whether `signature` is a valid Ed25519 signature of `message` by this key.
    public func isValidSignature(_ signature: [UInt8], for message: [UInt8]) -> Bool {
        guard let key = try? Curve25519.Signing.PublicKey(rawRepresentation: publicKey) else { return false }
        return key.isValidSignature(signature, for: message)
    }

    static func keyID(name: String, publicKey: [UInt8]) -> UInt32 {
        let digest = SHA256Hash.digest(of: Array(name.utf8) + [0x0A, 0x01] + publicKey)
        return digest.bytes.prefix(4).reduce(0) { $0 << 8 | UInt32($1) }
    }

    static func hex(_ keyID: UInt32) -> String {
        let digits = String(keyID, radix: 16)
        return String(repeating: "0", count: 8 - digits.count) + digits
    }

    /// Key names are non-empty, without Unicode spaces or `+`.
    static func isValidName(_ name: String) -> Bool {
        !name.isEmpty && !name.contains("+")
            && !name.unicodeScalars.contains { $0.properties.isWhitespace || $0.value < 0x20 }
    }

    static func badName(_ name: String) -> PledgerError {
        .invalidInput("'\(name)' cannot name a key: key names are non-empty, without spaces or '+'; use a schema-less URL such as example.org/ledger")
    }
}

/// An Ed25519 private key that signs notes, stored as `PRIVATE+KEY+name+keyid+base64(0x01 ‖ seed)` — the
/// format of Go's `note.GenerateKey`.
public struct NoteSigner: Sendable {
    /// The public half.
    public let verifier: NoteVerifier
    private let privateKey: Curve25519.Signing.PrivateKey

    /// A new random key named `name`.
    ///
    /// - Throws: ``PledgerError/invalidInput(_:)`` for an invalid name.
    public static func generate(name: String) throws(PledgerError) -> NoteSigner {
        try NoteSigner(name: name, privateKey: Curve25519.Signing.PrivateKey())
    }

    private init(name: String, privateKey: Curve25519.Signing.PrivateKey) throws(PledgerError) {
        verifier = try NoteVerifier(name: name, publicKey: Array(privateKey.publicKey.rawRepresentation))
        self.privateKey = privateKey
    }

    /// Parses the key file's text.
    ///
    /// - Throws: ``PledgerError/invalidInput(_:)`` saying what is wrong.
    public init(encoded: String) throws(PledgerError) {
        let trimmed = encoded.trimmingCharacters(in: .whitespacesAndNewlines)
        let parts = trimmed.split(separator: "+", maxSplits: 4, omittingEmptySubsequences: false)
        guard parts.count == 5, parts[0] == "PRIVATE", parts[1] == "KEY", parts[3].count == 8,
            let id = UInt32(parts[3], radix: 16),
            let bytes = Data(base64Encoded: String(parts[4])).map(Array.init), bytes.count == 33, bytes[0] == 0x01,
            let key = try? Curve25519.Signing.PrivateKey(rawRepresentation: bytes.dropFirst())
        else {
            throw PledgerError.invalidInput("this is not a Pledger signing key; expected PRIVATE+KEY+name+keyid+base64 as written by `pledger key generate`")
        }
        try self.init(name: String(parts[2]), privateKey: key)
        guard verifier.keyID == id else {
            throw PledgerError.invalidInput("the signing key's ID \(parts[3]) does not match its name and key; the key file was altered")
        }
    }

    /// `PRIVATE+KEY+name+keyid+base64(0x01 ‖ 32-byte seed)`.
    public var encoded: String {
        "PRIVATE+KEY+\(verifier.name)+\(NoteVerifier.hex(verifier.keyID))+\(Data([0x01] + Array(privateKey.rawRepresentation)).base64EncodedString())"
    }

    /// Signs `text`, which must end in a newline, and returns the signed note.
    ///
    /// - Throws: ``PledgerError/invalidInput(_:)`` if `text` does not end in a newline or holds control characters.
    public func sign(_ text: String) throws(PledgerError) -> SignedNote {
        guard text.hasSuffix("\n"), !text.unicodeScalars.contains(where: { $0.value < 0x20 && $0 != "\n" }) else {
            throw PledgerError.invalidInput("a note's text must end in a newline and hold no other control characters")
        }
        let signature: [UInt8]
        do {
            signature = Array(try privateKey.signature(for: Array(text.utf8)))
        } catch {
            throw PledgerError.invalidInput("Ed25519 signing failed: \(error)")
        }
        return SignedNote(
            text: text, signatures: [NoteSignature(keyName: verifier.name, keyID: verifier.keyID, signature: signature)])
    }
}
