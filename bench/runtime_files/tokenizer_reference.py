#!/usr/bin/env python3
"""Tokeniser fixtures and expected ids from the `tokenizers` package (`pip install tokenizers gguf`).

Trains three tiny BPE tokenisers on a few KB of generated text and writes them, with the ids the
`tokenizers` package gives a set of test texts, to Tests/ModelRuntimeTests/Fixtures/tokenizers/:

  bytelevel/      SmolLM2-style: individual digits + GPT-2 byte-level regex, ChatML specials,
                  tokenizer_config.json with a ChatML chat_template (default system prompt) and eos
  llama3/         Llama-3-style: the Llama 3 split regex, byte-level without regex, <|begin_of_text|> BOS
                  added by a TemplateProcessing post-processor
  sentencepiece/  Gemma-style: spaces → ▁, no pre-tokenizer, BPE with byte fallback (<0xNN> tokens, a
                  small alphabet so emoji and CJK fall back to bytes), <bos> added by the post-processor,
                  Gemma chat turns
  llama2/         Llama-2-style SentencePiece: '▁' prepended by the normalizer, stripped by the decoder
  metaspace/      Mistral-style: Metaspace pre-tokenizer (prepend_scheme first, split at '▁')
  bytelevel.gguf  the bytelevel vocabulary, merges and specials as GGUF metadata (pre "smollm")
  llama3.gguf     the llama3 one (pre "llama-bpe")
  expected.json   {"texts": [...], "<name>": {"ids": [[...]], "with_special": [[...]], "decoded": [...]}}

Run: python3 bench/runtime_files/tokenizer_reference.py  (deterministic)
"""
import json
import os

import gguf
from tokenizers import AddedToken, Regex, Tokenizer, decoders, models, normalizers, pre_tokenizers, processors, trainers

OUT = os.path.join(os.path.dirname(__file__), "..", "..", "Tests", "ModelRuntimeTests", "Fixtures", "tokenizers")

LLAMA3_PATTERN = (
    r"(?i:'s|'t|'re|'ve|'m|'ll|'d)|[^\r\n\p{L}\p{N}]?\p{L}+|\p{N}{1,3}| ?[^\s\p{L}\p{N}]+[\r\n]*|\s*[\r\n]+|\s+(?!\S)|\s+"
)

CORPUS = "\n".join(
    [
        "The quick brown fox jumps over the lazy dog. The dog sleeps; the fox runs away into the forest.",
        "In 1969, 600 million people watched the landing. Prices rose 3.5% to $1,234.56 in 2023-11-05.",
        "def fibonacci(n):\n    if n < 2:\n        return n\n    return fibonacci(n - 1) + fibonacci(n - 2)\n",
        "for (int i = 0; i < 10; ++i) { printf(\"%d\\n\", i * i); }  // squares",
        "She said: 'I'll be there, you're late, we've waited.' He didn't reply; they'd gone.",
        "Caf\u00e9 na\u00efve r\u00e9sum\u00e9 \u00fcber Stra\u00dfe \u2014 \u00e9l\u00e8ve, \u00e7a va?",
        "Tabs\tand\tnewlines\n\n\nand    spaces      everywhere   .",
    ]
) * 8

TEXTS = [
    "Hello world! The quick brown fox.",
    "In 2023, 1234567 people paid $3.14 each — about 12% more.",
    "def f(x):\n    return x**2  # square\n\n\tindented\ttabs",
    "   leading spaces, trailing spaces   ",
    "multiple\n\n\nnewlines \r\n and\u00a0nbsp",
    "Unicode: caf\u00e9 na\u00efve \u00dcber \u65e5\u672c\u8a9e \U0001F642\U0001F680 \u0645\u0631\u062d\u0628\u0627",
    "I'll, you're, we've, they'd, it's, HE'S, I'M",
    "",
    " ",
    "a",
]


def byte_level(name, pre_tokenizer, specials, post=None, split_digits=False):
    tokenizer = Tokenizer(models.BPE())
    tokenizer.pre_tokenizer = pre_tokenizer
    tokenizer.decoder = decoders.ByteLevel()
    trainer = trainers.BpeTrainer(
        vocab_size=420, special_tokens=specials, initial_alphabet=pre_tokenizers.ByteLevel.alphabet(), show_progress=False
    )
    tokenizer.train_from_iterator([CORPUS], trainer)
    if post:
        tokenizer.post_processor = post
    return tokenizer


def special_texts(specials):
    return [f"{specials[0]}user\nHi there!{specials[1]}\n{specials[0]}assistant\n", f"x{specials[1]}{specials[1]}y <{specials[0][1:]}"]


def sentencepiece(style="gemma"):
    tokenizer = Tokenizer(models.BPE(byte_fallback=True, unk_token="<unk>", fuse_unk=True))
    if style == "gemma":
        tokenizer.normalizer = normalizers.Replace(" ", "\u2581")
        # As transformers' GemmaConverter writes it (a no-op once spaces are '▁').
        tokenizer.pre_tokenizer = pre_tokenizers.Split(" ", "merged_with_previous")
        tokenizer.decoder = decoders.Sequence(
            [decoders.Replace("\u2581", " "), decoders.ByteFallback(), decoders.Fuse()])
    elif style == "llama2":
        # Llama 2's legacy tokenizer.json: a '▁' prepended to every segment, stripped again on decoding.
        tokenizer.normalizer = normalizers.Sequence([normalizers.Prepend("\u2581"), normalizers.Replace(" ", "\u2581")])
        tokenizer.decoder = decoders.Sequence(
            [decoders.Replace("\u2581", " "), decoders.ByteFallback(), decoders.Fuse(), decoders.Strip(" ", 1, 0)])
    else:
        # Mistral-style: Metaspace pre-tokenizer, '▁' before the first segment only, words split at '▁'.
        tokenizer.pre_tokenizer = pre_tokenizers.Metaspace(replacement="\u2581", prepend_scheme="first", split=True)
        tokenizer.decoder = decoders.Sequence(
            [decoders.Replace("\u2581", " "), decoders.ByteFallback(), decoders.Fuse(), decoders.Strip(" ", 1, 0)])
    specials = ["<pad>", "<eos>", "<bos>", "<unk>"]
    trainer = trainers.BpeTrainer(vocab_size=420, special_tokens=specials, limit_alphabet=60, show_progress=False)
    tokenizer.train_from_iterator([CORPUS.replace(" ", "\u2581")], trainer)
    # Byte tokens live in the vocabulary (not added tokens), as in Gemma's tokenizer.json.
    data = json.loads(tokenizer.to_str())
    vocab = data["model"]["vocab"]
    for byte in range(256):
        vocab.setdefault(f"<0x{byte:02X}>", len(vocab))
    start = len(vocab)
    for offset, token in enumerate(["<start_of_turn>", "<end_of_turn>"]):
        vocab[token] = start + offset
        data["added_tokens"].append(
            {"id": start + offset, "content": token, "single_word": False, "lstrip": False, "rstrip": False,
             "normalized": False, "special": True})
    data["post_processor"] = {
        "type": "TemplateProcessing",
        "single": [{"SpecialToken": {"id": "<bos>", "type_id": 0}}, {"Sequence": {"id": "A", "type_id": 0}}],
        "pair": [{"SpecialToken": {"id": "<bos>", "type_id": 0}}, {"Sequence": {"id": "A", "type_id": 0}},
                 {"Sequence": {"id": "B", "type_id": 1}}],
        "special_tokens": {"<bos>": {"id": "<bos>", "ids": [vocab["<bos>"]], "tokens": ["<bos>"]}},
    }
    return Tokenizer.from_str(json.dumps(data))


def write_gguf(path, tokenizer, pre, bos, eos, add_bos, template):
    data = json.loads(tokenizer.to_str())
    vocab = data["model"]["vocab"]
    tokens = [None] * len(vocab)
    for token, index in vocab.items():
        tokens[index] = token
    added = {t["content"] for t in data["added_tokens"] if t["special"]}
    merges = [m if isinstance(m, str) else " ".join(m) for m in data["model"]["merges"]]
    writer = gguf.GGUFWriter(path, arch="llama")
    writer.add_tokenizer_model("gpt2")
    writer.add_tokenizer_pre(pre)
    writer.add_token_list(tokens)
    writer.add_token_types([3 if t in added else 1 for t in tokens])
    writer.add_token_merges(merges)
    writer.add_bos_token_id(vocab[bos])
    writer.add_eos_token_id(vocab[eos])
    writer.add_add_bos_token(add_bos)
    if template:
        writer.add_chat_template(template)
    writer.write_header_to_file()
    writer.write_kv_data_to_file()
    writer.close()


CHATML = (
    "{% for message in messages %}{% if loop.first and messages[0]['role'] != 'system' %}{{ '<|im_start|>system\n"
    "You are a helpful AI assistant named SmolLM, trained by Hugging Face<|im_end|>\n' }}{% endif %}"
    "{{'<|im_start|>' + message['role'] + '\n' + message['content'] + '<|im_end|>' + '\n'}}{% endfor %}"
    "{% if add_generation_prompt %}{{ '<|im_start|>assistant\n' }}{% endif %}"
)
GEMMA = (
    "{{ bos_token }}{% for message in messages %}{% if (message['role'] == 'assistant') %}{% set role = 'model' %}"
    "{% else %}{% set role = message['role'] %}{% endif %}{{ '<start_of_turn>' + role + '\n' + message['content'] | trim"
    " + '<end_of_turn>\n' }}{% endfor %}{% if add_generation_prompt %}{{'<start_of_turn>model\n'}}{% endif %}"
)


def main():
    os.makedirs(OUT, exist_ok=True)
    chatml = ["<|im_start|>", "<|im_end|>"]
    tokenizers = {
        "bytelevel": byte_level(
            "bytelevel",
            pre_tokenizers.Sequence([pre_tokenizers.Digits(individual_digits=True), pre_tokenizers.ByteLevel(add_prefix_space=False)]),
            ["<|endoftext|>"] + chatml),
        "llama3": byte_level(
            "llama3",
            pre_tokenizers.Sequence([pre_tokenizers.Split(Regex(LLAMA3_PATTERN), behavior="isolated"),
                                     pre_tokenizers.ByteLevel(add_prefix_space=False, use_regex=False)]),
            ["<|begin_of_text|>", "<|end_of_text|>"] + chatml,
            post=processors.TemplateProcessing(single="<|begin_of_text|> $A", special_tokens=[("<|begin_of_text|>", 0)])),
        "sentencepiece": sentencepiece(),
        "llama2": sentencepiece("llama2"),
        "metaspace": sentencepiece("metaspace"),
    }
    configs = {
        "bytelevel": {"add_bos_token": False, "bos_token": "<|im_start|>", "eos_token": "<|im_end|>", "chat_template": CHATML},
        "llama3": {"bos_token": "<|begin_of_text|>", "eos_token": "<|end_of_text|>"},
        "sentencepiece": {"add_bos_token": True, "bos_token": "<bos>", "eos_token": "<eos>", "chat_template": GEMMA},
        "llama2": {"add_bos_token": True, "bos_token": "<bos>", "eos_token": "<eos>"},
        "metaspace": {"add_bos_token": False, "bos_token": "<bos>", "eos_token": "<eos>"},
    }
    expected = {"texts": TEXTS + special_texts(chatml) + special_texts(["<start_of_turn>", "<end_of_turn>"])}
    for name, tokenizer in tokenizers.items():
        folder = os.path.join(OUT, name)
        os.makedirs(folder, exist_ok=True)
        tokenizer.save(os.path.join(folder, "tokenizer.json"))
        with open(os.path.join(folder, "tokenizer_config.json"), "w") as f:
            json.dump(configs[name], f, indent=1)
        ids = [tokenizer.encode(t, add_special_tokens=False).ids for t in expected["texts"]]
        with_special = [tokenizer.encode(t, add_special_tokens=True).ids for t in expected["texts"]]
        decoded = [tokenizer.decode(i, skip_special_tokens=False) for i in ids]
        expected[name] = {"ids": ids, "with_special": with_special, "decoded": decoded,
                          "vocab_size": tokenizer.get_vocab_size()}
    write_gguf(os.path.join(OUT, "bytelevel.gguf"), tokenizers["bytelevel"], "smollm", "<|im_start|>", "<|im_end|>", False, CHATML)
    write_gguf(os.path.join(OUT, "llama3.gguf"), tokenizers["llama3"], "llama-bpe", "<|begin_of_text|>", "<|end_of_text|>", True, None)
    with open(os.path.join(OUT, "expected.json"), "w") as f:
        json.dump(expected, f, ensure_ascii=True)
    for root, _, files in os.walk(OUT):
        for file in sorted(files):
            print(f"{os.path.getsize(os.path.join(root, file)):7d}  {os.path.relpath(os.path.join(root, file), OUT)}")


if __name__ == "__main__":
    main()
