/// Why Pledger refused an operation, with a message that names the offending value and says what to do.
///
/// A refused operation writes nothing: every user action is one transaction.
public enum PledgerError: Error, Equatable, Sendable {
    /// A value the user gave is malformed or contradicts what the ledger holds.
    case invalidInput(String)
    /// A ref, slug or file the user named does not exist.
    case notFound(String)
    /// The action would duplicate something the ledger already holds.
    case conflict(String)
    /// A quote could not be anchored in its source.
    case quoteNotLocated(String)
    /// The ledger file is missing, unreadable, or not a Pledger ledger.
    case ledgerUnavailable(String)
}

// MARK: - CustomStringConvertible

extension PledgerError: CustomStringConvertible {
    public var description: String {
        switch self {
        case .invalidInput(let message), .notFound(let message), .conflict(let message),
            .quoteNotLocated(let message), .ledgerUnavailable(let message):
            message
        }
    }
}
