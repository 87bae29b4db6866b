import Foundation
import PledgerKit
import PledgerTestSupport
import Testing

/// docs/verify_pledger_proof.py, written from docs/ledger-format.md alone, must accept Pledger's proofs and
/// reject altered ones: the format is readable by something that is not Pledger.
@Suite struct PythonVerifierTests {
    private static let script = Fixtures.packageRoot.appending(path: "docs/verify_pledger_proof.py").path

    /// Runs the script; returns its exit status and stderr.
    private func runScript(_ arguments: [String]) throws -> (Int32, String) {
        let process = Process()
        process.executableURL = URL(filePath: "/usr/bin/env")
        process.arguments = ["python3", Self.script] + arguments
        let stderr = Pipe()
        process.standardError = stderr
        process.standardOutput = Pipe()
        try process.run()
        let message = String(decoding: stderr.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        return (process.terminationStatus, message)
    }

    @Test func pythonVerifierAcceptsAGoodProofAndRejectsAFlippedOne() throws {
        let directory = try TemporaryDirectory()
        let (store, _) = try smallLedger()
        for name in ["a", "b", "c", "d"] {
            _ = try store.addActor(slug: slug(name), name: name, kind: .person)
        }
        let signer = try NoteSigner.generate(name: "test.example/ledger")
        _ = try store.recordCheckpoint(signer: signer)
        let entry = try store.entries()[3]
        let proof = try store.inclusionProof(forEntry: entry.index)
        let good = try directory.write(proof.serialized, to: "good.tlog-proof")
        let line = String(decoding: entry.body, as: UTF8.self)
        let key = signer.verifier.encoded

        let (status, message) = try runScript([good, "--key", key, "--entry", line])
        #expect(status == 0, "stderr: \(message)")

        for position in proof.inclusionProof.indices {
            var hashes = proof.inclusionProof
            var bytes = hashes[position].bytes
            bytes[5] ^= 0x01
            hashes[position] = try #require(SHA256Hash(bytes: bytes))
            let flipped = TLogProof(index: proof.index, inclusionProof: hashes, checkpointNote: proof.checkpointNote)
            let bad = try directory.write(flipped.serialized, to: "flipped-\(position).tlog-proof")
            let (badStatus, badMessage) = try runScript([bad, "--key", key, "--entry", line])
            #expect(badStatus == 1, "hash \(position) flipped was accepted")
            #expect(badMessage.contains("not proven"), "stderr: \(badMessage)")
        }
        let otherEntry = String(decoding: try store.entries()[4].body, as: UTF8.self)
        #expect(try runScript([good, "--key", key, "--entry", otherEntry]).0 == 1)
        let alteredNote = try directory.write(proof.serialized.replacingOccurrences(of: "\n\(proof.checkpointNote.split(separator: "\n")[1])\n", with: "\n99\n"), to: "altered.tlog-proof")
        #expect(try runScript([alteredNote, "--key", key, "--entry", line]).0 == 1)
        let stranger = try NoteSigner.generate(name: "test.example/ledger").verifier.encoded
        #expect(try runScript([good, "--key", stranger, "--entry", line]).0 == 1)
        // Files it cannot read are refused in one line, not with a traceback.
        let (missingStatus, missing) = try runScript([directory.path("missing.tlog-proof"), "--key", key, "--entry", line])
        #expect(missingStatus == 1 && missing.hasPrefix("verify_pledger_proof: cannot read the proof "), "\(missing)")
        let binary = try directory.write("", to: "binary.tlog-proof")
        try Data([0xFF, 0xFE, 0x00]).write(to: URL(filePath: binary))
        let (binaryStatus, notText) = try runScript([binary, "--key", key, "--entry", line])
        #expect(binaryStatus == 1 && notText.contains("is not UTF-8 text"), "\(notText)")
        #expect(!(missing + notText).contains("Traceback"))
    }
}
