import Foundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#elseif canImport(Darwin)
    import Darwin
#endif

/// The files that hold a checkpoint signing key: the private key (mode 0600, never inside the ledger) and its
/// public verifier key beside it.
public enum KeyFile {
    /// The verifier key's path for the private key at `path`: `pledger.key` → `pledger.pub`, `other` → `other.pub`.
    public static func verifierPath(forKeyAt path: String) -> String {
        let url = URL(filePath: path)
        let base = url.pathExtension == "key" ? url.deletingPathExtension() : url
        return base.path(percentEncoded: false) + ".pub"
    }

    /// The default key path for the ledger at `ledgerPath`: the same folder and name, extension `.key`.
    public static func defaultPath(forLedgerAt ledgerPath: String) -> String {
        URL(filePath: ledgerPath).deletingPathExtension().appendingPathExtension("key").path(percentEncoded: false)
    }

    /// Writes a new signing key to `path` (created with mode 0600) and its verifier key to
    /// ``verifierPath(forKeyAt:)`` (mode 0644), refusing to replace either.
    ///
    /// - Throws: ``PledgerError/conflict(_:)`` if either file exists, ``PledgerError/invalidInput(_:)`` if it
    ///   cannot be written.
    public static func write(_ signer: NoteSigner, to path: String) throws(PledgerError) {
        let publicPath = verifierPath(forKeyAt: path)
        for existing in [path, publicPath] where FileManager.default.fileExists(atPath: existing) {
            throw PledgerError.conflict("\(existing) already exists; a key is never overwritten — pass --out with another path, or remove the old key yourself")
        }
        try create(path, contents: signer.encoded + "\n", mode: 0o600)
        do {
            try create(publicPath, contents: signer.verifier.encoded + "\n", mode: 0o644)
        } catch {
            _ = unlink(path)
            throw error
        }
    }

    /// Reads the signing key at `path`.
    ///
    /// - Throws: ``PledgerError/notFound(_:)`` if the file is missing, ``PledgerError/invalidInput(_:)`` if it
    ///   is not a key or is readable by others.
    public static func readSigner(at path: String) throws(PledgerError) -> NoteSigner {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw PledgerError.notFound("no signing key at \(path); run `pledger key generate`, or pass --key PATH")
        }
        var status = stat()
        if stat(path, &status) == 0, status.st_mode & 0o077 != 0 {
            throw PledgerError.invalidInput(
                "\(path) is readable by other users (mode \(String(status.st_mode & 0o777, radix: 8))); run `chmod 600 \(path)` first")
        }
        return try NoteSigner(encoded: String(decoding: data, as: UTF8.self))
    }

    /// A verifier key given as its text (`name+keyid+base64`) or as the path of a file holding it.
    ///
    /// - Throws: ``PledgerError/invalidInput(_:)`` if neither.
    public static func readVerifier(_ keyOrPath: String) throws(PledgerError) -> NoteVerifier {
        if let data = FileManager.default.contents(atPath: keyOrPath) {
            let text = String(decoding: data, as: UTF8.self)
            if text.hasPrefix("PRIVATE+KEY+") {
                throw PledgerError.invalidInput("\(keyOrPath) is a private signing key; pass its public verifier key (the .pub file) instead")
            }
            return try NoteVerifier(encoded: text)
        }
        return try NoteVerifier(encoded: keyOrPath)
    }

    private static func create(_ path: String, contents: String, mode: mode_t) throws(PledgerError) {
        let descriptor = open(path, O_WRONLY | O_CREAT | O_EXCL, mode)
        guard descriptor >= 0 else {
            let reason = String(cString: strerror(errno))
            if errno == EEXIST {
                throw PledgerError.conflict("\(path) already exists; a key is never overwritten — pass --out with another path")
            }
            throw PledgerError.invalidInput("cannot create \(path): \(reason); check that its folder exists and is writable")
        }
        defer { close(descriptor) }
        _ = fchmod(descriptor, mode)
        let bytes = Array(contents.utf8)
        let written = bytes.withUnsafeBytes { writeAll(descriptor, $0.baseAddress, $0.count) }
        guard written == bytes.count else {
            _ = unlink(path)
            throw PledgerError.invalidInput("cannot write \(path): \(String(cString: strerror(errno)))")
        }
    }
}

/// POSIX `write(2)`, outside ``KeyFile`` whose own `write` would shadow it.
private func writeAll(_ descriptor: Int32, _ buffer: UnsafeRawPointer?, _ count: Int) -> Int {
    write(descriptor, buffer, count)
}
