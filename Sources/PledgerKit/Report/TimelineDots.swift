/// The dots of a commitment's HTML timeline: its evidence grouped by day and, within a day, by stance, in
/// the order the timeline draws them — days in order, a day's stances in the given order, and each dot's
/// refs in ref order — and the rows that keep dots from covering each other (``rows(daysApart:numberedDaysApart:limit:)``).
///
/// Made from each piece's own day, stance and ref alone (not from the list it is filed in), sorted in one
/// array: a report draws a timeline for every commitment, and a dictionary of days holding a dictionary of
/// stances cost more than the rest of the timeline.
struct TimelineDots {
    /// The evidence of one stance observed on one day.
    struct Dot {
        var day: CalendarDate
        var stance: Stance
        var refs: ArraySlice<EvidenceRef>
    }

    /// In the order they are drawn.
    let dots: [Dot]
    /// How many pieces of evidence the dots stand for.
    let count: Int
    /// The days of the first and the last dot; `nil` without evidence.
    var firstDay: CalendarDate? { dots.first?.day }
    var lastDay: CalendarDate? { dots.last?.day }

    /// The dots of `item`'s evidence, with a day's stances drawn in `stanceOrder`, which names each stance
    /// once; a stance it leaves out is drawn after those it names.
    init(_ item: ComplianceReport.Item, stanceOrder: [Stance]) {
        var marks: [(day: CalendarDate, rank: Int, ref: EvidenceRef, stance: Stance)] = []
        marks.reserveCapacity(item.supporting.count + item.contradicting.count + item.context.count)
        for pieces in [item.contradicting, item.supporting, item.context] {
            for index in pieces.indices {  // Fields read in place: each piece holds a quote's strings.
                let stance = pieces[index].stance
                let rank = stanceOrder.firstIndex(of: stance) ?? stanceOrder.count
                marks.append((pieces[index].observedOn, rank, pieces[index].ref, stance))
            }
        }
        marks.sort { ($0.day, $0.rank, $0.ref) < ($1.day, $1.rank, $1.ref) }
        let refs = marks.map(\.ref)
        var dots: [Dot] = []
        var start = 0
        while start < marks.count {
            let (day, rank, _, stance) = marks[start]
            var end = start + 1
            while end < marks.count, marks[end].day == day, marks[end].rank == rank, marks[end].stance == stance {
                end += 1
            }
            dots.append(Dot(day: day, stance: stance, refs: refs[start..<end]))
            start = end
        }
        self.dots = dots
        count = marks.count
    }

    /// The row each dot is drawn on, from 0, in the order of ``dots``: the first row that is clear at its
    /// day — `daysApart` days after the row's last dot, or `numberedDaysApart` after one standing for
    /// several pieces, whose number is drawn to its right — so that dots nearer than that on the time axis do
    /// not cover each other. When all `limit` rows are taken, a dot goes on the one that cleared first among
    /// those its day's other stances left free — so that, with a row per stance, a day's stances always go
    /// on different rows. Dots keep their days: none is moved along the axis.
    func rows(daysApart: Int, numberedDaysApart: Int, limit: Int) -> [Int] {
        let limit = max(1, limit)
        var clearFrom: [Int] = []  // For each row in use, the first day (since the epoch) it is clear at.
        var rows: [Int] = []
        rows.reserveCapacity(dots.count)
        var dayStart = 0  // The first of the dots of this dot's day, whose rows it should not share.
        for index in dots.indices {  // Fields read in place: a copy of a dot would retain its refs.
            let day = dots[index].day.daysSinceEpoch
            if index > 0, dots[index - 1].day != dots[index].day { dayStart = index }
            let row = clearFrom.firstIndex { $0 <= day }
                ?? (clearFrom.count < limit ? clearFrom.count : Self.firstCleared(clearFrom, sparing: rows[dayStart...]))
            let clear = day + max(1, dots[index].refs.count > 1 ? numberedDaysApart : daysApart)
            if row == clearFrom.count {
                clearFrom.append(clear)
            } else {
                clearFrom[row] = clear
            }
            rows.append(row)
        }
        return rows
    }

    /// The row that cleared first among those not in `spared`, or among all when every row is spared;
    /// `days` holds each row's first clear day, and at least one row.
    private static func firstCleared(_ days: [Int], sparing spared: ArraySlice<Int>) -> Int {
        var first: Int?
        var firstOfAll = 0
        for row in days.indices {
            if days[row] < days[firstOfAll] { firstOfAll = row }
            if !spared.contains(row), first.map({ days[row] < days[$0] }) ?? true { first = row }
        }
        return first ?? firstOfAll
    }
}
