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
        var clearFrom: [Int] = []  // For each row in use, the first day (since the epoch) it is clear at.
        var rows: [Int] = []
        rows.reserveCapacity(dots.count)
        for (index, dot) in dots.enumerated() {
            let day = dot.day.daysSinceEpoch
            var taken = 0  // This day's dots drawn before this one, whose rows it should not share.
            while taken < index, dots[index - taken - 1].day == dot.day { taken += 1 }
            let today = rows.suffix(taken)
            let row = clearFrom.firstIndex { $0 <= day }
                ?? (clearFrom.count < max(1, limit)
                    ? clearFrom.count : Self.firstCleared(clearFrom, preferring: { !today.contains($0) }))
            let clear = day + max(1, dot.refs.count > 1 ? numberedDaysApart : daysApart)
            if row == clearFrom.count {
                clearFrom.append(clear)
            } else {
                clearFrom[row] = clear
            }
            rows.append(row)
        }
        return rows
    }

    /// The index of the smallest of `days` (which holds at least one) among those `allowed`, or among all
    /// when it allows none.
    private static func firstCleared(_ days: [Int], preferring allowed: (Int) -> Bool) -> Int {
        let earliest = { (first: Int, second: Int) in days[first] < days[second] }
        return days.indices.filter(allowed).min(by: earliest) ?? days.indices.min(by: earliest) ?? 0
    }
}
