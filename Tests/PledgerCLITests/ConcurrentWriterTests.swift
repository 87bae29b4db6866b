import Foundation
import PledgerTestSupport
import Testing

@Suite struct ConcurrentWriterTests {
    @Test func severalProcessesAppendingAtOnceAllLandWithoutGaps() throws {
        let test = try CLITestCase()
        try test.cli.succeed(["init"])
        let writers = 6
        let appendsPerWriter = 15
        // Each writer is a shell loop of `pledger actor add`, so that the processes really overlap.
        let script = """
            for i in $(seq 1 \(appendsPerWriter)); do
              "$PLEDGER" actor add "w$WRITER-a$i" --name "Writer $WRITER #$i" --kind group >/dev/null || exit 1
            done
            """
        let processes = try (1...writers).map { writer in
            let process = Process()
            process.executableURL = URL(filePath: "/bin/sh")
            process.arguments = ["-c", script]
            process.currentDirectoryURL = test.directory.url
            var environment = ProcessInfo.processInfo.environment
            environment["PLEDGER"] = CLIRunner.binary.path
            environment["WRITER"] = String(writer)
            environment["PLEDGER_AUTHOR"] = "writer-\(writer)"
            process.environment = environment
            let errors = Pipe()
            process.standardError = errors
            try process.run()
            return (process, errors)
        }
        for (process, errors) in processes {
            process.waitUntilExit()
            let stderr = String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
            #expect(process.terminationStatus == 0, "a writer failed: \(stderr)")
            #expect(!stderr.contains("locked"))
        }
        let entries = try #require(try test.json(["log", "--format", "json"]) as? [[String: Any]])
        #expect(entries.count == 1 + writers * appendsPerWriter)
        #expect(entries.compactMap { $0["index"] as? Int } == Array(0..<entries.count))
        let verify = try test.cli.run(["verify"])
        #expect(verify.status == 0, "\(verify.stderr)")
    }
}
