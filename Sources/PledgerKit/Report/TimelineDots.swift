/// The dots of a commitment's HTML timeline: its evidence grouped by day and, within a day, by stance, in
/// the order the timeline draws them — days in order, a day's stances in the given order, one row below
/// the other, and each dot's refs in ref order.
///
/// Made from each piece's own day, stance and ref alone (not from the list it is filed in), sorted in one
/// array: a report draws a timeline for every commitment, and a dictionary of days holding a dictionary of
/// stances cost more than the rest of the timeline.
struct TimelineDots {
    /// The evidence of one stance observed on one day.
    struct Dot {
        var day: CalendarDate
        var stance: Stance
        /// Which row the dot is drawn on, from 0: see ``stack(daysApart:rows:)``.
        var row: Int
        var refs: ArraySlice<EvidenceRef>
    }

    /// In the order they are drawn.
    private(set) var dots: [Dot]
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
            let row = dots.last.map { $0.day == day ? $0.row + 1 : 0 } ?? 0
            dots.append(Dot(day: day, stance: stance, row: row, refs: refs[start..<end]))
            start = end
        }
        self.dots = dots
        count = marks.count
        stack(daysApart: 1, rows: Int.max)
    }

    /// Puts each dot, in drawing order, on the first row whose last dot is at least `daysApart` days before
    /// it, so that dots closer than that on the time axis do not cover each other; a day's stances go one
    /// row below the other. When all of the `rows` rows are taken, a dot goes on the row whose last dot is
    /// the oldest, as far from it as it can be. Dots keep their days: none is moved along the axis.
    mutating func stack(daysApart: Int, rows: Int) {
        let daysApart = max(1, daysApart)
        var lastDays: [CalendarDate] = []  // The day of the last dot of each row in use.
        for index in dots.indices {
            let day = dots[index].day
            let row = lastDays.firstIndex { $0.days(until: day) >= daysApart }
                ?? (lastDays.count < max(1, rows) ? lastDays.count : Self.oldest(lastDays))
            if row == lastDays.count {
                lastDays.append(day)
            } else {
                lastDays[row] = day
            }
            dots[index].row = row
        }
    }

    /// The index of the earliest of `days`, which holds at least one.
    private static func oldest(_ days: [CalendarDate]) -> Int {
        days.indices.min { days[$0] < days[$1] } ?? 0
    }
}
