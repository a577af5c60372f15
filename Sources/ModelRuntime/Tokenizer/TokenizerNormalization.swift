import Foundation

/// Unicode normalisation for tokenisers whose tokenizer.json asks for it.
enum TokenizerNormalization {
    /// `text` in Normalization Form C.
    static func nfc(_ text: String) -> String { text.precomposedStringWithCanonicalMapping }
}
