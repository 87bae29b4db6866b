extension String {
    /// Calls `body` with the string's UTF-8 bytes, without copying a native string.
    ///
    /// `withUTF8` is mutating, so a caller holding a `let` has to copy the string first, which retains its
    /// storage and releases it after: two atomic operations for every string a report appends, and a report
    /// appends tens of millions. A native string's bytes are contiguous already, so they are borrowed here;
    /// any other string (bridged, on platforms that have them) is copied as `withUTF8` would.
    @inline(__always)
    func withUTF8Bytes<Result>(_ body: (UnsafeBufferPointer<UInt8>) throws -> Result) rethrows -> Result {
        if let result = try utf8.withContiguousStorageIfAvailable(body) {
            return result
        }
        var copy = self
        return try copy.withUTF8(body)
    }
}
