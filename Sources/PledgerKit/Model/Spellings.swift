extension Sequence where Element: RawRepresentable<String> {
    /// Each choice as it is written — a status, a stance, a kind of actor — in order: what shell completion
    /// offers.
    public var spellings: [String] { map(\.rawValue) }

    /// The spellings joined with commas, as help texts and refusals list choices: `kept, broken`.
    public var listedSpellings: String { spellings.joined(separator: ", ") }
}
