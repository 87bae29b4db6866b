import ArgumentParser
import Foundation

extension PledgerCommand {
    /// Parses `arguments` (the process's own when `nil`) and runs the command they name, keeping the tool's
    /// error contract: help and the version go to stdout; an error starts with one line on stderr that says
    /// what was wrong and what to do, with exit status 64 for a usage error and 1 for a refusal.
    ///
    /// ArgumentParser's own `main()` follows a usage error with the command's whole usage synopsis and a help
    /// line. Here a usage error is that one line: its message, and where the command's options are listed.
    /// A refusal is its error's description, whose first line stands alone; only a few add lines after it,
    /// such as the passages an ambiguous quote could mean.
    public static func runAsTool(_ arguments: [String]? = nil) {
        let given = arguments ?? Array(CommandLine.arguments.dropFirst())
        do {
            var command = try parseAsRoot(arguments)
            try command.run()
        } catch {
            let code = exitCode(for: error)
            guard code != .success else {
                if let value = strayVersionValue(in: given) {
                    // `pledger show S1 --version 2` would print the tool's version and succeed, as if the
                    // source's version 2 were shown: a command without a --version of its own refuses a value.
                    Output.diagnose(errorLine(
                        "--version takes no value, so '--version \(value)' would only print pledger's version; to show a version of a source, run `pledger source show S1 --version N`",
                        isUsageError: true))
                    Foundation.exit(ExitCode.validationFailure.rawValue)
                }
                exit(withError: error)  // --help, --version: printed to stdout by ArgumentParser.
            }
            let message = message(for: error)
            let isUsageError = code == .validationFailure
            if !message.isEmpty || isUsageError {
                Output.diagnose(errorLine(message, isUsageError: isUsageError))
            }
            Foundation.exit(code.rawValue)
        }
    }

    /// The argument after `--version` in `arguments`, which asked for the version rather than help: a value
    /// the user meant for a `--version` option the command does not have, and that ArgumentParser would
    /// silently ignore. `nil` when `--version` comes last.
    static func strayVersionValue(in arguments: [String]) -> String? {
        guard !arguments.contains("--help"), !arguments.contains("-h"), arguments.first != "help" else { return nil }
        if let attached = arguments.first(where: { $0.hasPrefix("--version=") }) {
            return String(attached.dropFirst("--version=".count))
        }
        guard let flag = arguments.lastIndex(of: "--version"), flag + 1 < arguments.count,
            // Followed by another option, it is a plain request for the version; a number, even negative, is a value.
            !arguments[flag + 1].hasPrefix("-") || Int(arguments[flag + 1]) != nil
        else { return nil }
        return arguments[flag + 1]
    }

    /// What stderr gets for an error `message`: prefixed with "Error: "; for a usage error, on one line that
    /// ends by saying where the options are listed.
    static func errorLine(_ message: String, isUsageError: Bool) -> String {
        guard isUsageError else { return "Error: \(message)" }
        let oneLine = message.split(whereSeparator: \.isNewline)
            .map { $0.split(separator: " ", omittingEmptySubsequences: true).joined(separator: " ") }
            .joined(separator: " ")
        let sentence = oneLine.hasSuffix(".") ? String(oneLine.dropLast()) : oneLine
        return "Error: \(sentence.isEmpty ? "bad usage" : sentence) (--help lists the options)"
    }
}
