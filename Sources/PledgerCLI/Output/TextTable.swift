import Foundation
import PledgerKit
/// A plain-text table with aligned columns, for terminal output.
struct TextTable {
    let headers: [String]
    var rows: [[String]] = []

    init(_ headers: String...) {
        self.headers = headers
    }

    mutating func append(_ row: String...) {
        rows.append(row)
    }

    /// The table as lines; the last column is not padded. Cells are flattened onto one line.
    func render() -> String {
        let cells = ([headers] + rows).map { $0.map(Self.flatten) }
        var widths = Array(repeating: 0, count: headers.count)
        for row in cells {
            for (column, cell) in row.enumerated() where column < widths.count {
                widths[column] = max(widths[column], TerminalWidth.columns(of: cell))
            }
        }
        return cells.map { row in
            row.enumerated().map { column, cell in
                column == row.count - 1
                    ? cell : cell + String(repeating: " ", count: max(0, widths[column] - TerminalWidth.columns(of: cell)))
            }.joined(separator: "  ")
        }.joined(separator: "\n")
    }

    private static func flatten(_ text: String) -> String {
        String(text.map { $0.isNewline ? " " : $0 })
    }
}

extension String {
    /// The string cut to `limit` terminal columns, with an ellipsis when cut.
    func truncated(to limit: Int) -> String {
        TerminalWidth.clipped(self, to: limit)
    }
}
