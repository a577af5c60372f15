#!/usr/bin/env python3
"""A GGUF SentencePiece vocabulary (`tokenizer.ggml.model = llama`, as in Gemma GGUFs) and the ids the
`sentencepiece` package gives (`pip install sentencepiece gguf`).

Trains a tiny SentencePiece BPE model the way Gemma's is configured (identity normalisation, no dummy
prefix, whitespace kept, byte fallback, <start_of_turn>/<end_of_turn> user-defined), writes its pieces,
scores and types as GGUF metadata like llama.cpp's converter, and records sentencepiece's ids for the
test texts of tokenizer_reference.py. Output: Tests/ModelRuntimeTests/Fixtures/tokenizers/spm.gguf and
spm.json. Run: python3 bench/runtime_files/spm_reference.py
"""
import io
import json
import os
import sys

import gguf
import sentencepiece as spm

sys.path.insert(0, os.path.dirname(__file__))
from tokenizer_reference import CORPUS, OUT, TEXTS, special_texts  # noqa: E402

USER_DEFINED = ["<start_of_turn>", "<end_of_turn>"]


def main():
    model = io.BytesIO()
    spm.SentencePieceTrainer.train(
        sentence_iterator=iter(CORPUS.split("\n")), model_writer=model, model_type="bpe", vocab_size=400,
        normalization_rule_name="identity", add_dummy_prefix=False, remove_extra_whitespaces=False,
        byte_fallback=True, user_defined_symbols=USER_DEFINED, character_coverage=0.99, split_digits=True,
        allow_whitespace_only_pieces=True, minloglevel=2)
    sp = spm.SentencePieceProcessor(model_proto=model.getvalue())
    tokens, scores, types = [], [], []
    for i in range(sp.get_piece_size()):
        piece = sp.id_to_piece(i)
        tokens.append(piece)
        scores.append(sp.get_score(i))
        if sp.is_unknown(i):
            types.append(2)
        elif sp.is_control(i):
            types.append(3)
        elif sp.is_unused(i):
            types.append(5)
        elif sp.is_byte(i):
            types.append(6)
        elif piece in USER_DEFINED:
            types.append(4)
        else:
            types.append(1)
    writer = gguf.GGUFWriter(os.path.join(OUT, "spm.gguf"), arch="gemma2")
    writer.add_tokenizer_model("llama")
    writer.add_token_list(tokens)
    writer.add_token_scores(scores)
    writer.add_token_types(types)
    writer.add_bos_token_id(sp.bos_id())
    writer.add_eos_token_id(sp.eos_id())
    writer.add_unk_token_id(sp.unk_id())
    writer.add_add_bos_token(True)
    writer.add_add_space_prefix(False)
    writer.write_header_to_file()
    writer.write_kv_data_to_file()
    writer.close()
    texts = TEXTS + special_texts(USER_DEFINED)
    expected = {"texts": texts, "ids": [sp.encode(t) for t in texts], "decoded": [sp.decode(sp.encode(t)) for t in texts]}
    with open(os.path.join(OUT, "spm.json"), "w") as f:
        json.dump(expected, f, ensure_ascii=True)
    print(f"{sp.get_piece_size()} pieces; {os.path.getsize(os.path.join(OUT, 'spm.gguf'))} bytes")


if __name__ == "__main__":
    main()
