/// Rows of cells written as aligned columns, each column padded to its widest cell but the last.
///
/// A cell is appended by its column when the table is written, never held as a string of its own: the
/// report's commitment table has a row per commitment, and 100k rows of seven cells, each made, measured
/// and freed as a string, took longer than writing the table.
struct TextTable: Sendable {
    /// A column: its header, and what its cell in a row holds.
    struct Column: Sendable {
        var header: String
        /// Appends the column's cell in row `row` as it is: ``TextOutput/table(_:indent:)`` makes it
        /// terminal-safe.
        var cell: @Sendable (_ row: Int, _ text: inout ReportBuffer) -> Void
    }

    var columns: [Column]
    var rowCount: Int

    /// A table of `rowCount` rows, each cell appended by its column.
    init(rowCount: Int, columns: [Column]) {
        self.rowCount = rowCount
        self.columns = columns
    }

    /// A table of rows made already, one string a cell: for a table of a few rows, such as a scorecard.
    init(headers: [String], rows: [[String]]) {
        self.init(
            rowCount: rows.count,
            columns: headers.indices.map { column in
                Column(header: headers[column]) { row, text in
                    if column < rows[row].count { text.append(contentsOf: rows[row][column]) }
                }
            })
    }
}

extension TextOutput {
    /// Rows per chunk of a table made, measured and written on one core.
    private static let tableRowsPerChunk = 2048

    /// Writes `table` indented by `indent`: each cell made terminal-safe (see ``safe(_:)``) and measured
    /// once, and the rows made and written in chunks on every core — the workers rendering a report's first
    /// commitments wait for its commitment table.
    mutating func table(_ table: TextTable, indent: Int) {
        guard !table.columns.isEmpty else { return }
        let header = TableCells(table, rows: 0..<1) { _, column, text in text.append(contentsOf: table.columns[column].header) }
        let chunks = Array(stride(from: 0, to: table.rowCount, by: Self.tableRowsPerChunk)).concurrentMap(chunkSize: 1) { start in
            TableCells(table, rows: start..<min(table.rowCount, start + Self.tableRowsPerChunk)) { row, column, text in
                table.columns[column].cell(row, &text)
            }
        }
        var widths = header.widths
        for chunk in chunks {
            chunk.widen(&widths)
        }
        header.appendRows(widths: widths, indent: indent, to: &text)
        let lines = chunks.concurrentMap(chunkSize: 1) { [widths] chunk in
            var lines = ReportBuffer()
            chunk.appendRows(widths: widths, indent: indent, to: &lines)
            return lines
        }
        for chunk in lines {
            text.append(chunk)
        }
    }
}

/// The cells of consecutive rows of a table, terminal-safe, one after another in one buffer, each with the
/// columns it takes.
private struct TableCells: Sendable {
    private let columnCount: Int
    private var bytes = ReportBuffer()
    /// Where each cell ends in `bytes`, row by row.
    private var ends: [Int] = []
    /// The columns each cell takes, row by row.
    private var cellWidths: [Int] = []

    /// The cells of `rows` of `table`, appended by `cell`.
    init(_ table: TextTable, rows: Range<Int>, cell: (_ row: Int, _ column: Int, _ text: inout ReportBuffer) -> Void) {
        columnCount = table.columns.count
        ends.reserveCapacity(rows.count * columnCount)
        cellWidths.reserveCapacity(rows.count * columnCount)
        var made = ReportBuffer()
        for row in rows {
            for column in 0..<columnCount {
                made.removeAll()
                cell(row, column, &made)
                let start = bytes.count
                made.withBytes { bytes.appendTerminalSafe($0[...]) }
                ends.append(bytes.count)
                cellWidths.append(bytes.withBytes { TerminalWidth.columns(ofUTF8: UnsafeBufferPointer(rebasing: $0[start...])) })
            }
        }
    }

    /// The widest cell of each column.
    var widths: [Int] {
        var widths = Array(repeating: 0, count: columnCount)
        widen(&widths)
        return widths
    }

    /// Widens each of `widths` to the widest cell of its column here.
    func widen(_ widths: inout [Int]) {
        for (index, width) in cellWidths.enumerated() {
            widths[index % columnCount] = max(widths[index % columnCount], width)
        }
    }

    /// Appends each row on a line of its own, indented by `indent`, each cell padded to `widths` of its column
    /// and two spaces but the last.
    func appendRows(widths: [Int], indent: Int, to text: inout ReportBuffer) {
        bytes.withBytes { bytes in
            var start = 0
            for index in ends.indices {
                let column = index % columnCount
                if column == 0 {
                    text.append(spaces: indent)
                }
                text.append(bytes[start..<ends[index]])
                if column < columnCount - 1 {
                    text.append(spaces: widths[column] - cellWidths[index] + 2)
                } else {
                    text.append(byte: 0x0A)
                }
                start = ends[index]
            }
        }
    }
}
