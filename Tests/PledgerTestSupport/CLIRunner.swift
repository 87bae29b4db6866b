import Foundation

/// What one run of the `pledger` binary did.
public struct CLIResult: Sendable {
    /// The exit code.
    public var status: Int32
    /// Everything written to stdout.
    public var stdout: String
    /// Everything written to stderr.
    public var stderr: String

    /// Creates a result.
    public init(status: Int32, stdout: String, stderr: String) {
        self.status = status
        self.stdout = stdout
        self.stderr = stderr
    }
}

/// Runs the built `pledger` executable as a subprocess, the way a user would.
public struct CLIRunner: Sendable {
    /// The directory the binary runs in.
    public var workingDirectory: URL
    /// Extra environment variables; `PLEDGER_AUTHOR` is set to "tester" unless overridden.
    public var environment: [String: String]

    /// Creates a runner working in `workingDirectory`.
    public init(workingDirectory: URL, environment: [String: String] = [:]) {
        self.workingDirectory = workingDirectory
        self.environment = environment
    }

    /// The built binary: `$PLEDGER_BINARY`, else `pledger` next to the test bundle.
    public static var binary: URL {
        if let path = ProcessInfo.processInfo.environment["PLEDGER_BINARY"] {
            return URL(filePath: path)
        }
        var directory = Bundle.main.bundleURL
        for _ in 0..<4 {
            let candidate = directory.appending(path: "pledger")
            if FileManager.default.isExecutableFile(atPath: candidate.path) {
                return candidate
            }
            directory = directory.deletingLastPathComponent()
        }
        return Fixtures.packageRoot.appending(path: ".build/debug/pledger")
    }

    /// Runs `pledger` with `arguments`, feeding `stdin` when given, and waits for it to exit.
    public func run(_ arguments: [String], stdin: String? = nil) throws -> CLIResult {
        try run(executable: Self.binary, arguments, stdin: stdin)
    }

    /// Runs `executable` — a wrapper that starts `pledger`, such as `/bin/sh -c` or `unshare` — with the same
    /// folder and environment as `pledger` itself, and waits for it to exit.
    public func run(executable: URL, _ arguments: [String], stdin: String? = nil) throws -> CLIResult {
        let process = Process()
        process.executableURL = executable
        process.arguments = arguments
        process.currentDirectoryURL = workingDirectory
        var environment = ProcessInfo.processInfo.environment
        environment["PLEDGER_AUTHOR"] = "tester"
        environment.removeValue(forKey: "PLEDGER_DB")
        environment.merge(self.environment) { _, new in new }
        process.environment = environment

        let stdoutPipe = Pipe()
        let stderrPipe = Pipe()
        let stdinPipe = Pipe()
        process.standardOutput = stdoutPipe
        process.standardError = stderrPipe
        process.standardInput = stdinPipe
        try process.run()
        if let stdin {
            stdinPipe.fileHandleForWriting.write(Data(stdin.utf8))
        }
        try stdinPipe.fileHandleForWriting.close()
        // Read both pipes to the end before waiting, so that a full pipe cannot block the child.
        let group = DispatchGroup()
        nonisolated(unsafe) var stderrData = Data()
        group.enter()
        DispatchQueue.global().async {
            stderrData = stderrPipe.fileHandleForReading.readDataToEndOfFile()
            group.leave()
        }
        let stdoutData = stdoutPipe.fileHandleForReading.readDataToEndOfFile()
        group.wait()
        process.waitUntilExit()
        return CLIResult(
            status: process.terminationStatus, stdout: String(decoding: stdoutData, as: UTF8.self),
            stderr: String(decoding: stderrData, as: UTF8.self))
    }

    /// Runs `pledger` and fails unless it exits 0; returns stdout.
    @discardableResult
    public func succeed(_ arguments: [String], stdin: String? = nil) throws -> String {
        let result = try run(arguments, stdin: stdin)
        guard result.status == 0 else {
            throw CLIFailure(arguments: arguments, result: result)
        }
        return result.stdout
    }
}

/// A `pledger` run that was expected to succeed and did not.
public struct CLIFailure: Error, CustomStringConvertible {
    public var arguments: [String]
    public var result: CLIResult

    public var description: String {
        "pledger \(arguments.joined(separator: " ")) exited \(result.status)\nstderr: \(result.stderr)\nstdout: \(result.stdout)"
    }
}
