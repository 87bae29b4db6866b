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
    /// the later recorded) among those covering all promisors. For a single-promisor commitment, assessments
    /// for that promisor count too.
    public func governingAssessment(asOf day: CalendarDate) -> Assessment? {
        let singleParty = commitment.promisors.count == 1
        return latest(asOf: day) { $0.promisor == nil || singleParty }
    }

    /// The assessment that sets `promisor`'s status on `day`: the latest effective one for that promisor or for
    /// all promisors.
    public func governingAssessment(for promisor: ActorSlug, asOf day: CalendarDate) -> Assessment? {
        latest(asOf: day) { $0.promisor == nil || $0.promisor == promisor }
    }

    /// The overall status on `day`.
    public func status(asOf day: CalendarDate) -> Status {
        governingAssessment(asOf: day)?.status ?? .notYetRated
    }

    /// `promisor`'s status on `day`.
    public func status(of promisor: ActorSlug, asOf day: CalendarDate) -> Status {
        governingAssessment(for: promisor, asOf: day)?.status ?? .notYetRated
    }

    /// Whether the commitment is overdue on `day`: its due day has passed and it is not kept, broken or withdrawn.
    public func isOverdue(asOf day: CalendarDate) -> Bool {
        daysOverdue(asOf: day) != nil
    }

    /// How many days past due the commitment is on `day`, or `nil` when it is not overdue.
    public func daysOverdue(asOf day: CalendarDate) -> Int? {
        guard let dueOn = commitment.dueOn, dueOn < day, !status(asOf: day).isSettled else { return nil }
        return dueOn.days(until: day)
    }

    /// Whether the commitment existed on `day`.
    public func wasMade(by day: CalendarDate) -> Bool {
        commitment.madeOn <= day
    }

    private func latest(asOf day: CalendarDate, where isRelevant: (Assessment) -> Bool) -> Assessment? {
        // Assessments are in recorded order, so `>=` lets the later recorded win a tie of effective days.
        // Candidates are compared in place and only the winner is copied: a report asks this several times
        // for each of a hundred thousand commitments.
        var latest: Int?
        for index in assessments.indices where assessments[index].effectiveOn <= day && isRelevant(assessments[index]) {
            if latest.map({ assessments[index].effectiveOn >= assessments[$0].effectiveOn }) ?? true {
                latest = index
            }
        }
        return latest.map { assessments[$0] }
    }
}
