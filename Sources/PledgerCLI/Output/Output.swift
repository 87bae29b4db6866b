import Foundation
import PledgerKit

/// Where commands write: data to stdout, diagnostics to stderr.
enum Output {
    /// Writes `text` to stdout, adding a newline unless it ends in one.
    static func print(_ text: String) {
        write(text.hasSuffix("\n") ? text : text + "\n", to: .standardOutput)
    }

    /// Writes `value` as pretty JSON to stdout.
    static func printJSON(_ value: some Encodable) throws {
        write(try PrettyJSON.string(value), to: .standardOutput)
    }

    /// Writes one diagnostic line to stderr.
    static func diagnose(_ line: String) {
        write(line + "\n", to: .standardError)
    }

    private static func write(_ text: String, to handle: FileHandle) {
        handle.write(Data(text.utf8))
    }
}
