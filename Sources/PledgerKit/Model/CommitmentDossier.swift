/// A commitment with everything recorded about it: its evidence and every assessment.
///
/// Status questions are answered here, as of a day, so that lists, `show` and reports agree.
public struct CommitmentDossier: Hashable, Sendable {
    /// The commitment.
    public var commitment: Commitment
    /// Its evidence, in the order attached.
    public var evidence: [Evidence]
    /// Its assessments, in the order recorded.
    public var assessments: [Assessment]

    /// Creates a dossier.
    public init(commitment: Commitment, evidence: [Evidence], assessments: [Assessment]) {
        self.commitment = commitment
        self.evidence = evidence
        self.assessments = assessments
    }

    /// The assessment that sets the commitment's overall status on `day`: the latest effective one (ties go to
    /// the later recorded; see ``isEarlier(_:than:)``) among those covering all promisors — unless the promisors' own statuses all agree,
    /// when it is the latest of the assessments that set them. So a pledge each party was judged to have kept
    /// is kept, though no assessment covered the parties together. For a single-promisor commitment,
    /// assessments for that promisor count too.
    public func governingAssessment(asOf day: CalendarDate) -> Assessment? {
        governingIndex(asOf: day).map { assessments[$0] }
    }

    /// The index in ``assessments`` of ``governingAssessment(asOf:)``: statuses are read from it in place, as
    /// a copy of the assessment would retain each string it holds — a report asks for several statuses of
    /// each of a hundred thousand commitments.
    private func governingIndex(asOf day: CalendarDate) -> Int? {
        let promisors = commitment.promisors
        guard promisors.count > 1 else { return latestIndex(asOf: day) { _ in true } }
        let partyIndices = promisors.map { promisor in
            latestIndex(asOf: day) { $0 == nil || $0 == promisor }
        }
        let statuses = partyIndices.map { $0.map { assessments[$0].status } ?? .notYetRated }
        guard let agreed = statuses.first, agreed != .notYetRated, statuses.allSatisfy({ $0 == agreed }),
            let latestOfParties = partyIndices.compactMap({ $0 }).max(by: { isEarlier($0, than: $1) })
        else {
            return latestIndex(asOf: day) { $0 == nil }
        }
        return latestOfParties
    }

    /// The assessment that sets `promisor`'s status on `day`: the latest effective one for that promisor or for
    /// all promisors — on one day, one for that promisor alone wins over one for all, whichever was recorded
    /// later; otherwise the later recorded wins.
    public func governingAssessment(for promisor: ActorSlug, asOf day: CalendarDate) -> Assessment? {
        governingIndex(for: promisor, asOf: day).map { assessments[$0] }
    }

    /// The index in ``assessments`` of ``governingAssessment(for:asOf:)``.
    private func governingIndex(for promisor: ActorSlug, asOf day: CalendarDate) -> Int? {
        latestIndex(asOf: day) { $0 == nil || $0 == promisor }
    }

    /// The overall status on `day`.
    public func status(asOf day: CalendarDate) -> Status {
        governingIndex(asOf: day).map { assessments[$0].status } ?? .notYetRated
    }

    /// How the overall status (see ``status(asOf:)``) went from the day the commitment was made through `day`:
    /// its status on the day made, then each later day on which it changed, oldest first. Empty when the
    /// commitment was made after `day`.
    ///
    /// The status can change only on a day some assessment takes effect, so those are the days looked at.
    public func statusChanges(through day: CalendarDate) -> [StatusChange] {
        let madeOn = commitment.madeOn
        guard madeOn <= day else { return [] }
        var changes = [StatusChange(from: madeOn, status: status(asOf: madeOn))]
        let days = assessments.lazy.map(\.effectiveOn).filter { $0 > madeOn && $0 <= day }.sorted()
        for (index, changeDay) in days.enumerated() where index == 0 || days[index - 1] != changeDay {
            let status = status(asOf: changeDay)
            if status != changes[changes.count - 1].status {
                changes.append(StatusChange(from: changeDay, status: status))
            }
        }
        return changes
    }

    /// `promisor`'s status on `day`.
    public func status(of promisor: ActorSlug, asOf day: CalendarDate) -> Status {
        governingIndex(for: promisor, asOf: day).map { assessments[$0].status } ?? .notYetRated
    }

    /// Whether the commitment is overdue on `day` (see ``daysOverdue(asOf:)``).
    public func isOverdue(asOf day: CalendarDate) -> Bool {
        daysOverdue(asOf: day) != nil
    }

    /// How many days past due the commitment is on `day`, or `nil` when it is not overdue: its due day has
    /// passed and some promisor has not settled it (kept, broken or withdrawn) — a multi-party pledge is
    /// overdue while any party still owes it.
    public func daysOverdue(asOf day: CalendarDate) -> Int? {
        guard commitment.promisors.count == 1 else {
            return commitment.promisors.lazy.compactMap { daysOverdue(of: $0, asOf: day) }.first
        }
        guard let dueOn = commitment.dueOn, dueOn < day, !status(asOf: day).isSettled else { return nil }
        return dueOn.days(until: day)
    }

    /// How many days past due `promisor`'s part is on `day`, or `nil` when it is not overdue: the due day has
    /// passed and the promisor's status is not kept, broken or withdrawn.
    public func daysOverdue(of promisor: ActorSlug, asOf day: CalendarDate) -> Int? {
        guard let dueOn = commitment.dueOn, dueOn < day, !status(of: promisor, asOf: day).isSettled else { return nil }
        return dueOn.days(until: day)
    }

    /// Whether the commitment existed on `day`.
    public func wasMade(by day: CalendarDate) -> Bool {
        commitment.madeOn <= day
    }

    /// Where in `assessments` the latest effective one on `day` that `isRelevant` accepts is.
    private func latestIndex(asOf day: CalendarDate, where isRelevant: (_ promisor: ActorSlug?) -> Bool) -> Int? {
        // Candidates are compared in place and only the winner is copied by callers: a report asks this
        // several times for each of a hundred thousand commitments.
        var latest: Int?
        for index in assessments.indices where assessments[index].effectiveOn <= day && isRelevant(assessments[index].promisor) {
            if latest.map({ !isEarlier(index, than: $0) }) ?? true {
                latest = index
            }
        }
        return latest
    }

    /// Whether the assessment at `index` gives way to the one at `other`: it takes effect on an earlier day;
    /// or, on the same day, it judges the whole commitment where the other judges one party alone — the more
    /// specific judgement stands for that party, in whichever order the two were recorded; or else it was
    /// recorded earlier (assessments are in recorded order), so that a correction on the same day wins.
    private func isEarlier(_ index: Int, than other: Int) -> Bool {
        // Fields read in place, as in `latestIndex`.
        let (effectiveOn, otherEffectiveOn) = (assessments[index].effectiveOn, assessments[other].effectiveOn)
        if effectiveOn != otherEffectiveOn {
            return effectiveOn < otherEffectiveOn
        }
        let (judgesAll, otherJudgesAll) = (assessments[index].promisor == nil, assessments[other].promisor == nil)
        if judgesAll != otherJudgesAll {
            return judgesAll
        }
        return index < other
    }
}
