import Foundation

/// A value computed on a thread of its own while the caller goes on — such as a read on a second reader
/// connection of a pool, overlapping the caller's own read.
///
/// The thread runs to the end even when no one asks for the value; ``value()`` waits for it.
final class BackgroundValue<Value: Sendable>: @unchecked Sendable {
    private let condition = NSCondition()
    private var result: Result<Value, any Error>?  // Guarded by `condition`.

    /// Starts computing `body` on a new thread.
    init(_ body: @escaping @Sendable () throws -> Value) {
        let thread = Thread { [self] in
            let outcome = Result { try body() }
            condition.lock()
            result = outcome
            condition.broadcast()
            condition.unlock()
        }
        thread.start()
    }

    /// The value, once computed; rethrows what computing it threw.
    func value() throws -> Value {
        condition.lock()
        defer { condition.unlock() }
        while true {
            if let result {
                return try result.get()
            }
            condition.wait()
        }
    }
}
