/// What kind of actor makes or receives promises.
public enum ActorKind: String, Sendable, Codable, CaseIterable {
    /// A named individual.
    case person
    /// A national or local government.
    case government
    /// A ministry, department, committee or other public body.
    case agency
    /// A business.
    case company
    /// Any other group: a coalition, a caucus, an NGO.
    case group
}
