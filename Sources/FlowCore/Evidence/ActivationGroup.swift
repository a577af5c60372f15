/// The paper's eight activation groups: which predecessor positions of an active residual target
/// (R(L−1), M(L), A(L)) are active at the same token. Raw values are the paper's spelling.
public enum ActivationGroup: String, CaseIterable, Codable, Sendable {
    case fromNowhere = "From nowhere"
    case res = "From RES"
    case mlp = "From MLP"
    case att = "From ATT"
    case resMLP = "From RES & MLP"
    case resATT = "From RES & ATT"
    case mlpATT = "From MLP & ATT"
    case all = "From RES & MLP & ATT"

    /// The group of a target whose residual, MLP and attention predecessors are (in)active.
    public init(res: Bool, mlp: Bool, att: Bool) {
        switch (res, mlp, att) {
        case (false, false, false): self = .fromNowhere
        case (true, false, false): self = .res
        case (false, true, false): self = .mlp
        case (false, false, true): self = .att
        case (true, true, false): self = .resMLP
        case (true, false, true): self = .resATT
        case (false, true, true): self = .mlpATT
        case (true, true, true): self = .all
        }
    }
}

/// Events of one group at one layer (`activation_group`).
public struct GroupCount: Equatable, Sendable {
    public var layer: Int
    /// 1: the top-1 predecessor counts; 5: any of the top-5.
    public var predecessors: Int
    public var group: ActivationGroup
    /// (token, active target) events.
    public var events: Int

    /// A group count.
    public init(layer: Int, predecessors: Int, group: ActivationGroup, events: Int) {
        self.layer = layer
        self.predecessors = predecessors
        self.group = group
        self.events = events
    }
}
