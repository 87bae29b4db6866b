import Dispatch

extension Array where Element: Sendable {
    /// The elements transformed by `transform`, in order, computed in chunks of `chunkSize` on every core at
    /// once: how a report builds the items of 100k commitments, each from its own dossier (see
    /// ``Swift/Range/concurrentMap(chunkSize:_:)``, which this maps the indices with).
    ///
    /// - Parameter transform: called once per element, from several threads at once; it must not depend on
    ///   the order of the calls.
    func concurrentMap<Result: Sendable>(chunkSize: Int = 1024, _ transform: @Sendable (Element) -> Result) -> [Result] {
        indices.concurrentMap(chunkSize: chunkSize) { transform(self[$0]) }
    }
}

extension Range where Bound == Int {
    /// The indices transformed by `transform`, in order, computed in chunks of `chunkSize` on every core at
    /// once. A transform given an index can read an array's element where it lies, field by field, where
    /// one given the element receives a copy — and a copy of a report item retains the dozens of strings and
    /// arrays it holds.
    ///
    /// Each result is written straight into its place in the new array, so none is copied afterwards. A range
    /// no longer than one chunk is mapped on the calling thread.
    ///
    /// - Parameter transform: called once per index, from several threads at once; it must not depend on the
    ///   order of the calls.
    func concurrentMap<Result: Sendable>(chunkSize: Int = 1024, _ transform: @Sendable (Int) -> Result) -> [Result] {
        let chunkSize = Swift.max(1, chunkSize)
        guard count > chunkSize else { return map(transform) }
        let chunkCount = (count + chunkSize - 1) / chunkSize
        return [Result](unsafeUninitializedCapacity: count) { results, initializedCount in
            guard let first = results.baseAddress else { preconditionFailure("no storage for \(count) results") }
            let slots = ResultSlots(first: first)
            DispatchQueue.concurrentPerform(iterations: chunkCount) { chunk in
                let start = chunk * chunkSize
                for offset in start..<Swift.min(count, start + chunkSize) {
                    slots.initialize(offset, to: transform(lowerBound + offset))
                }
            }
            initializedCount = count
        }
    }
}

/// The new array's storage, shared by the threads of ``Swift/Range/concurrentMap(chunkSize:_:)``: each
/// initializes only the slots of its own chunks, so no two threads ever touch the same slot.
private struct ResultSlots<Result: Sendable>: @unchecked Sendable {
    let first: UnsafeMutablePointer<Result>

    func initialize(_ index: Int, to value: consuming Result) {
        (first + index).initialize(to: value)
    }
}
