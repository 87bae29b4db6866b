/// The formats a compliance report is written in.
public enum ReportFormat: String, CaseIterable, Sendable {
    /// A readable terminal report: scorecards and tables, then one block per commitment.
    case text
    /// Markdown for a newsroom CMS or a repository.
    case markdown
    /// One self-contained HTML page with inline CSS and SVG charts.
    case html
    /// JSON in the documented report schema (docs/report-schema.md).
    case json
    /// RFC 4180 CSV, one row per commitment and party.
    case csv

    /// The format a file name's extension implies (`txt`, `md`, `html`, `json`, `csv`, and their long
    /// forms), or `nil` when it names none.
    public init?(fileExtension: String) {
        switch fileExtension.lowercased() {
        case "txt", "text": self = .text
        case "md", "markdown": self = .markdown
        case "html", "htm": self = .html
        case "json": self = .json
        case "csv": self = .csv
        default: return nil
        }
    }

    /// Writes `report` in this format to `output`, as it is rendered.
    public func write(_ report: ComplianceReport, to output: inout some TextOutputStream) {
        renderer.write(report, to: &output)
    }

    /// The renderer of this format.
    var renderer: any ReportRenderer {
        itemRenderer ?? CSVReportRenderer()
    }

    /// The renderer of this format when it quotes and cites every piece of evidence, so that a streamed report
    /// completes its commitments with their evidence (see ``ItemCompletedRenderer``); `nil` for the CSV, which
    /// lists evidence by ref and is completed with refs (see ``CSVReportRenderer/Record``).
    var itemRenderer: (any ItemCompletedRenderer)? {
        switch self {
        case .text: TextReportRenderer()
        case .markdown: MarkdownReportRenderer()
        case .html: HTMLReportRenderer()
        case .json: JSONReportRenderer()
        case .csv: nil
        }
    }
}

/// A renderer of compliance reports in one format; see ``ReportFormat`` for the five.
public protocol ReportRenderer: Sendable {
    /// Writes the report to `output` as it is rendered: commitments are rendered in batches on every core and
    /// handed over in order.
    func write(_ report: ComplianceReport, to output: inout some TextOutputStream)
}

extension ReportRenderer {
    /// The report as text: the same bytes as ``write(_:to:)``, gathered into one string.
    public func render(_ report: ComplianceReport) -> String {
        var text = ""
        write(report, to: &text)
        return text
    }
}

/// How a streamed report completes each batch of its commitments (reads their evidence) before it renders.
typealias ItemCompletion = BatchCompletion<ComplianceReport.Item>

/// A renderer that a streamed report completes with each commitment's evidence, quoted and cited.
protocol ItemCompletedRenderer: ReportRenderer {
    /// Writes `report`, completing each batch of commitments with `complete` before it is rendered; when
    /// completing fails, the rendering stops and `complete` holds the error. With `nil`, the report's
    /// commitments are complete already.
    func write(_ report: ComplianceReport, to output: inout some TextOutputStream, completing complete: ItemCompletion?)
}
