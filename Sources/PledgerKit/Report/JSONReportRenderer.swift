import Foundation

/// Renders a ``ComplianceReport`` as pretty-printed JSON with sorted keys (schema: docs/report-schema.md).
public struct JSONReportRenderer: Sendable {
    /// Creates the renderer.
    public init() {}

    /// TEMPORARY until the streaming writer lands.
    public func write(_ report: ComplianceReport, to output: inout some TextOutputStream) {
        output.write((try? PrettyJSON.string(report)) ?? "")
    }

    /// The report as UTF-8 JSON text ending in a newline.
    public func render(_ report: ComplianceReport) throws -> String {
        try PrettyJSON.string(report)
    }
}

/// Pretty-printed, key-sorted JSON: the form of every `--format json` output.
public enum PrettyJSON {
    /// Encodes `value` as indented JSON with sorted keys and unescaped slashes, ending in a newline.
    public static func string(_ value: some Encodable) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        return String(decoding: try encoder.encode(value), as: UTF8.self) + "\n"
    }
}
