import FlowDiagnostics
import Testing

/// The one located-error type prints `path:line:column: message` and compares by value.
@Suite struct LocatedFailureTests {
    enum Reason: FailureReason {
        case missing(String)
        case kind

        var message: String {
            switch self {
            case .missing(let what): return "'\(what)' is missing"
            case .kind: return "a kind"
            }
        }
    }

    typealias Failure = LocatedFailure<Reason>

    @Test func descriptionNamesWhatIsKnown() {
        #expect(Failure(path: "a/b.json", .missing("x")).description == "a/b.json: 'x' is missing")
        #expect(Failure(path: "f.txt", .missing("y"), line: 3, column: 7).description == "f.txt:3:7: 'y' is missing")
        #expect(Failure(path: "f.txt", line: 2, reason: .kind).description == "f.txt:2: a kind")
        #expect(Failure(path: nil, .kind).description == "a kind")
    }

    @Test func anExplicitSentenceReplacesTheReasons() {
        let error = Failure(path: "p", message: "cannot write", reason: .kind)
        #expect(error.message == "cannot write")
        #expect(error.description == "p: cannot write")
        #expect(error != Failure(path: "p", .kind))
        #expect(error.reason == .kind)
    }

    @Test func problemListsJoinTheirLines() {
        let list = ProblemList([Failure(path: "a", .kind), Failure(path: "b", line: 1, reason: .missing("z"))])
        #expect(list.description == "a: a kind\nb:1: 'z' is missing")
    }
}
