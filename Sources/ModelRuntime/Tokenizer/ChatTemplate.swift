import Foundation

/// The chat formats the runtime recognises in a checkpoint's Jinja `chat_template` (it does not run Jinja):
/// ChatML (`<|im_start|>role\n…<|im_end|>\n`, SmolLM2, Qwen) with the default system message the template
/// inserts when there is none, and Gemma's turns (`<start_of_turn>user\n…<end_of_turn>\n`).
public enum ChatTemplate: Sendable, Equatable {
    /// ChatML; `defaultSystem` is the system message the template adds before a first user turn.
    case chatML(defaultSystem: String?)
    /// Gemma's `<start_of_turn>` turns (the BOS comes from the tokeniser).
    case gemma

    /// Recognises `template`, or nil.
    public init?(template: String) {
        if template.contains("<|im_start|>") {
            var system: String?
            let marker = "<|im_start|>system\n"
            if template.contains("!= 'system'"), let start = template.range(of: marker),
                let end = template.range(of: "<|im_end|>", range: start.upperBound..<template.endIndex)
            {
                system = String(template[start.upperBound..<end.lowerBound])
            }
            self = .chatML(defaultSystem: system)
        } else if template.contains("<start_of_turn>") {
            self = .gemma
        } else {
            return nil
        }
    }

    /// The prompt for one user message, ending where the assistant's reply starts.
    public func prompt(user message: String) -> String {
        switch self {
        case .chatML(let system):
            let prefix = system.map { "<|im_start|>system\n\($0)<|im_end|>\n" } ?? ""
            return prefix + "<|im_start|>user\n\(message)<|im_end|>\n<|im_start|>assistant\n"
        case .gemma:
            return
                "<start_of_turn>user\n\(message.trimmingCharacters(in: .whitespacesAndNewlines))<end_of_turn>\n<start_of_turn>model\n"
        }
    }

    /// The token that ends an assistant turn.
    public var endOfTurn: String {
        switch self {
        case .chatML: return "<|im_end|>"
        case .gemma: return "<end_of_turn>"
        }
    }
}
