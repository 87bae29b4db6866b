import PledgerKit
import Testing

@Suite struct SignedNoteTests {
    // The example key and note of Go's golang.org/x/mod/sumdb/note tests: Ed25519 is deterministic, so signing
    // the same text with the same key must give the same bytes as the reference implementation.
    private let goVerifier = "PeterNeumann+c74f20a3+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW"
    private let goSigner = "PRIVATE+KEY+PeterNeumann+c74f20a3+AYEKFALVFGyNhPJEMzD1QIDr+Y7hfZx09iUvxdXHKDFz"
    private let goText = "If you think cryptography is the answer to your problem,\nthen you don't know what your problem is.\n"
    private let goSignature = "— PeterNeumann x08go/ZJkuBS9UG/SffcvIAQxVBtiFupLLr8pAcElZInNIuGUgYN1FFYC2pZSNXgKvqfqdngotpRZb6KE6RyyBwJnAM=\n"

    @Test func signingReproducesGosReferenceNoteByteForByte() throws {
        let signer = try NoteSigner(encoded: goSigner)
        #expect(signer.verifier.encoded == goVerifier)
        #expect(signer.encoded == goSigner)
        #expect(try signer.sign(goText).serialized == goText + "\n" + goSignature)
    }

    @Test func goReferenceNoteVerifies() throws {
        let note = try SignedNote(parsing: goText + "\n" + goSignature)
        #expect(try note.verifiedText(by: NoteVerifier(encoded: goVerifier)) == goText)
    }

    @Test func checkpointRoundTripsThroughASignedNote() throws {
        let signer = try NoteSigner.generate(name: "example.org/ledger")
        let checkpoint = Checkpoint(origin: "example.org/ledger", size: 42, rootHash: MerkleTree.leafHash([1, 2, 3]))
        #expect(checkpoint.body.split(separator: "\n").count == 3)
        let note = try signer.sign(checkpoint.body).serialized
        #expect(note.hasPrefix("example.org/ledger\n42\n"))
        #expect(note.contains("\n\n— example.org/ledger "))
        let parsed = try Checkpoint.verified(note, by: NoteVerifier(encoded: signer.verifier.encoded))
        #expect(parsed == checkpoint)
    }

    @Test func noteSignedByAnotherKeyOfTheSameNameIsRejected() throws {
        let signer = try NoteSigner.generate(name: "example.org/ledger")
        let impostor = try NoteSigner.generate(name: "example.org/ledger")
        let note = try impostor.sign(Checkpoint(origin: "example.org/ledger", size: 1, rootHash: MerkleTree.emptyRoot).body).serialized
        #expect(throws: PledgerError.self) { try Checkpoint.verified(note, by: signer.verifier) }
    }

    @Test func alteredBodyOrSizeIsRejected() throws {
        let signer = try NoteSigner.generate(name: "example.org/ledger")
        let checkpoint = Checkpoint(origin: "example.org/ledger", size: 7, rootHash: MerkleTree.leafHash([9]))
        let note = try signer.sign(checkpoint.body).serialized
        #expect(try Checkpoint.verified(note, by: signer.verifier).size == 7)
        let alteredSize = note.replacingOccurrences(of: "\n7\n", with: "\n8\n")
        #expect(alteredSize != note)
        #expect(throws: PledgerError.self) { try Checkpoint.verified(alteredSize, by: signer.verifier) }
        let otherRoot = note.replacingOccurrences(
            of: checkpoint.body, with: Checkpoint(origin: checkpoint.origin, size: 7, rootHash: MerkleTree.emptyRoot).body)
        #expect(throws: PledgerError.self) { try Checkpoint.verified(otherRoot, by: signer.verifier) }
        let extraLine = note.replacingOccurrences(of: checkpoint.body, with: checkpoint.body + "extension\n")
        #expect(throws: PledgerError.self) { try Checkpoint.verified(extraLine, by: signer.verifier) }
    }

    @Test func malformedNotesAndKeysAreRefusedWithReasons() throws {
        #expect(throws: PledgerError.self) { try SignedNote(parsing: goText) }
        #expect(throws: PledgerError.self) { try SignedNote(parsing: goText + "\n- PeterNeumann abc=\n") }
        #expect(throws: PledgerError.self) { try NoteVerifier(encoded: goVerifier.replacingOccurrences(of: "c74f20a3", with: "c74f20a4")) }
        #expect(throws: PledgerError.self) { try NoteSigner.generate(name: "has space") }
        #expect(throws: PledgerError.self) { try NoteSigner.generate(name: "has+plus") }
        #expect(throws: PledgerError.self) { try Checkpoint(body: "origin\n007\nAAAA\n") }
    }
}
