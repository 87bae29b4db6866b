import Foundation
import PledgerKit

/// Where commands write: data to stdout, diagnostics to stderr.
enum Output {
    /// Whether stdout is a terminal, where output is made terminal-safe (see ``terminalSafe(_:)``).
    static let stdoutIsTerminal = isatty(FileHandle.standardOutput.fileDescriptor) != 0

    /// Writes `text` to stdout, adding a newline unless it ends in one; see ``terminalSafe(_:)``.
    static func print(_ text: String) {
        let safe = terminalSafe(text)
        write(safe.hasSuffix("\n") ? safe : safe + "\n", to: .standardOutput)
    }

    /// Writes a document's text to stdout: byte for byte when stdout is a file or a pipe (so that it hashes as
    /// archived), made terminal-safe and ended with a newline when it is a terminal.
    static func printDocument(_ text: String) {
        if stdoutIsTerminal {
            print(text)
        } else {
            write(text, to: .standardOutput)
        }
    }

    /// Writes `value` as pretty JSON to stdout.
    static func printJSON(_ value: some Encodable) throws {
        // JSON escapes C0 controls but not DEL, C1 or directional formatting; on a terminal those are shown
        // as U+FFFD too. Piped or redirected, the JSON keeps every character.
        let json = try PrettyJSON.string(value)
        write(stdoutIsTerminal ? terminalSafe(json) : json, to: .standardOutput)
    }

    /// Writes one diagnostic line to stderr; see ``terminalSafe(_:)``.
    static func diagnose(_ line: String) {
        write(terminalSafe(line) + "\n", to: .standardError)
    }

    /// `text` with every control character a terminal acts on, and every directional formatting character,
    /// shown as U+FFFD (see ``TerminalSafety``); the text report does the same.
    static func terminalSafe(_ text: String) -> String {
        String(decoding: TerminalSafety.safe(text.utf8), as: UTF8.self)
    }

    private static func write(_ text: String, to handle: FileHandle) {
        handle.write(Data(text.utf8))
    }
}
