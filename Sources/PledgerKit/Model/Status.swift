/// How far a promisor has kept a commitment, in PolitiFact-style words with a G7-style score.
public enum Status: String, Sendable, Codable, CaseIterable, Comparable {
    /// No assessment yet; implicit, never assessed explicitly.
    case notYetRated = "not-yet-rated"
    /// Action under way.
    case inProgress = "in-progress"
    /// No movement, or no action found.
    case stalled
    /// A compromise: part delivered.
    case partiallyKept = "partially-kept"
    /// Delivered.
    case kept
    /// Not delivered, or contrary action taken.
    case broken
    /// Cannot be checked with the evidence available.
    case unverifiable
    /// The promisor formally retracted the commitment.
    case withdrawn

    /// The G7 Research Group score: +1 kept, 0 partially kept or in progress, −1 stalled or broken;
    /// `nil` where the status is excluded from scoring.
    public var score: Int? {
        switch self {
        case .kept: 1
        case .inProgress, .partiallyKept: 0
        case .stalled, .broken: -1
        case .notYetRated, .unverifiable, .withdrawn: nil
        }
    }

    /// Whether the commitment is settled, so that a passed due date no longer makes it overdue.
    public var isSettled: Bool {
        self == .kept || self == .broken || self == .withdrawn
    }

    /// The statuses an editor can assess (all but the implicit `not-yet-rated`).
    public static var assessable: [Status] { allCases.filter { $0 != .notYetRated } }

    public static func < (lhs: Status, rhs: Status) -> Bool {
        order(of: lhs) < order(of: rhs)
    }

    private static func order(of status: Status) -> Int {
        allCases.firstIndex(of: status) ?? 0
    }
}

/// A status and the day it began: one step of a commitment's status through time (see
/// ``CommitmentDossier/statusChanges(through:)``).
public struct StatusChange: Hashable, Sendable, Codable {
    /// The first day of the status.
    public var from: CalendarDate
    /// The status from that day until the next change.
    public var status: Status

    /// Creates a step.
    public init(from: CalendarDate, status: Status) {
        self.from = from
        self.status = status
    }
}
