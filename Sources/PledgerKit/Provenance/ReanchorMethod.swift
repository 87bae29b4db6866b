/// How a quote was found again when its source got a new version (recorded in `anchor.moved`).
public enum ReanchorMethod: String, Sendable, Hashable, Codable, CaseIterable {
    /// The new text holds the same characters, with the same prefix and suffix, at the same offsets.
    case unchanged
    /// The quote's exact characters were found elsewhere in the new text.
    case exact
    /// The quote was found after folding quotation marks, dashes, ellipses and whitespace.
    case tolerant
    /// The quote was found with edits (Myers' bit-parallel approximate matching), scoring above the minimum.
    case approximate
    /// No place in the new text scored at least the minimum; the anchor stays in the old version.
    case orphaned
}
