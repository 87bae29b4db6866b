import Dispatch

extension Array where Element: Sendable {
    /// The elements transformed by `transform`, in order, computed in chunks of `chunkSize` on every core at
    /// once: how a report builds the items of 100k commitments, each from its own dossier.
    ///
    /// Each result is written straight into its place in the new array, so none is copied afterwards — a
    /// report item holds dozens of references, and a copy retains every one. An array no longer than one
    /// chunk is mapped on the calling thread.
    ///
    /// - Parameter transform: called once per element, from several threads at once; it must not depend on
    ///   the order of the calls.
    func concurrentMap<Result: Sendable>(chunkSize: Int = 1024, _ transform: @Sendable (Element) -> Result) -> [Result] {
        let chunkSize = Swift.max(1, chunkSize)
        guard count > chunkSize else { return map(transform) }
        let chunkCount = (count + chunkSize - 1) / chunkSize
        return [Result](unsafeUninitializedCapacity: count) { results, initializedCount in
            guard let first = results.baseAddress else { preconditionFailure("no storage for \(count) results") }
            let slots = ResultSlots(first: first)
            DispatchQueue.concurrentPerform(iterations: chunkCount) { chunk in
                let start = chunk * chunkSize
                for index in start..<Swift.min(count, start + chunkSize) {
                    slots.initialize(index, to: transform(self[index]))
                }
            }
            initializedCount = count
        }
    }
}

/// The new array's storage, shared by the threads of ``Swift/Array/concurrentMap(chunkSize:_:)``: each
/// initializes only the slots of its own chunks, so no two threads ever touch the same slot.
private struct ResultSlots<Result: Sendable>: @unchecked Sendable {
    let first: UnsafeMutablePointer<Result>

    func initialize(_ index: Int, to value: consuming Result) {
        (first + index).initialize(to: value)
    }
}
