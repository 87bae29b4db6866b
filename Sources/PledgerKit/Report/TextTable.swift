/// Rows of cells that ``TextOutput/table(_:indent:)`` writes as aligned columns, each column padded to its
/// widest cell but the last.
///
/// A cell is appended by the table when it is written, never held as a string of its own: the report's
/// commitment table has a row per commitment, and 100k rows of seven cells, each made, measured and freed as
/// a string, took longer than writing the table. A table is a type of its own, not a set of closures, so that
/// the cells are appended without the calls retaining what the closures would share across threads.
protocol TextTable: Sendable {
    /// The columns' headers; every row has a cell in each column.
    var headers: [String] { get }
    /// How many rows there are.
    var rowCount: Int { get }
    /// Appends the cell in row `row` and column `column` as it is: the output makes it terminal-safe.
    func appendCell(row: Int, column: Int, to text: inout ReportBuffer)
}

/// A table of rows made already, one string a cell: for a table of a few rows, such as a scorecard.
struct StringTable: TextTable {
    let headers: [String]
    let rows: [[String]]

    var rowCount: Int { rows.count }

    func appendCell(row: Int, column: Int, to text: inout ReportBuffer) {
        if column < rows[row].count {
            text.append(contentsOf: rows[row][column])
        }
    }
}

extension TextOutput {
    /// Rows per chunk of a table made, measured and written on one core.
    private static let tableRowsPerChunk = 2048

    /// Writes `table` indented by `indent`: each cell made terminal-safe (see ``ReportBuffer/appendTerminalSafe(_:)``)
    /// and measured once, and the rows made and written in chunks on every core — the workers rendering a
    /// report's first commitments wait for its commitment table.
    mutating func table(_ table: some TextTable, indent: Int) {
        guard !table.headers.isEmpty else { return }
        let header = TableCells(headersOf: table)
        let chunks = Array(stride(from: 0, to: table.rowCount, by: Self.tableRowsPerChunk)).concurrentMap(chunkSize: 1) { start in
            TableCells(table, rows: start..<min(table.rowCount, start + Self.tableRowsPerChunk))
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

    /// The cells of `rows` of `table`.
    init(_ table: some TextTable, rows: Range<Int>) {
        columnCount = table.headers.count
        ends.reserveCapacity(rows.count * columnCount)
        cellWidths.reserveCapacity(rows.count * columnCount)
        var made = ReportBuffer()
        for row in rows {
            for column in 0..<columnCount {
                made.removeAll()
                table.appendCell(row: row, column: column, to: &made)
                append(made)
            }
        }
    }

    /// The headers of `table`, as a row.
    init(headersOf table: some TextTable) {
        columnCount = table.headers.count
        var made = ReportBuffer()
        for header in table.headers {
            made.removeAll()
            made.append(contentsOf: header)
            append(made)
        }
    }

    /// Appends `cell`, made terminal-safe, and its width.
    private mutating func append(_ cell: ReportBuffer) {
        let start = bytes.count
        cell.withBytes { bytes.appendTerminalSafe($0[...]) }
        ends.append(bytes.count)
        cellWidths.append(bytes.withBytes { TerminalWidth.columns(ofUTF8: UnsafeBufferPointer(rebasing: $0[start...])) })
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
