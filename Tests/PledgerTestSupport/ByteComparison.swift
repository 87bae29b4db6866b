/// Where two byte strings first differ — the first index at which their bytes differ, or the shorter one's
/// length when one is a prefix of the other — or `nil` when they are equal. For comparing files of megabytes,
/// where an expectation on the arrays themselves would print every byte when it fails.
public func firstDifference(_ left: [UInt8], _ right: [UInt8]) -> Int? {
    let common = min(left.count, right.count)
    if let index = (0..<common).first(where: { left[$0] != right[$0] }) {
        return index
    }
    return left.count == right.count ? nil : common
}
