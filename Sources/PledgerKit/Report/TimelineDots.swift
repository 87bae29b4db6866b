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
        /// 0 for the first stance drawn on its day, 1 for the second, and so on.
        var row: Int
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
            let row = dots.last.map { $0.day == day ? $0.row + 1 : 0 } ?? 0
            dots.append(Dot(day: day, stance: stance, row: row, refs: refs[start..<end]))
            start = end
        }
        self.dots = dots
        count = marks.count
    }
}
