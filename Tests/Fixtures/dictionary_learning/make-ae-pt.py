#!/usr/bin/env python3
"""Writes resid_post_layer_3/ae.pt and config.json: a tiny saprmarks/dictionary_learning AutoEncoder
(d_in 4, d_sae 6) saved by PyTorch itself, for DictionaryLearningTests. The values are the ones
FixtureWriter.dictionaryLearningAE builds byte by byte (grid(i, j) = 0.25 i - 0.5 j + 1 + shift), so the
test can check that the hand-built file and torch's file read as the same tensors.

    python3 Tests/Fixtures/dictionary_learning/make-ae-pt.py   # needs torch; never run by swift test
"""
import json
import os

import torch
from torch import nn


class AutoEncoder(nn.Module):
    """The parameter layout of dictionary_learning's AutoEncoder (dictionary.py)."""

    def __init__(self, d_in, d_sae):
        super().__init__()
        self.bias = nn.Parameter(torch.zeros(d_in))
        self.encoder = nn.Linear(d_in, d_sae, bias=True)
        self.decoder = nn.Linear(d_sae, d_in, bias=False)


def grid(rows, columns, shift=0.0):
    return torch.tensor([[0.25 * i - 0.5 * j + 1 + shift for j in range(columns)] for i in range(rows)])


def main():
    d_in, d_sae = 4, 6
    ae = AutoEncoder(d_in, d_sae)
    with torch.no_grad():
        ae.bias.copy_(torch.arange(d_in, dtype=torch.float32) / 4)
        ae.encoder.weight.copy_(grid(d_sae, d_in, shift=1))
        ae.encoder.bias.fill_(0.5)
        ae.decoder.weight.copy_(grid(d_sae, d_in).T)
    folder = os.path.join(os.path.dirname(os.path.abspath(__file__)), "resid_post_layer_3")
    os.makedirs(folder, exist_ok=True)
    torch.save(ae.state_dict(), os.path.join(folder, "ae.pt"))
    config = {
        "trainer": {"dict_class": "AutoEncoder", "trainer_class": "StandardTrainer", "activation_dim": d_in,
                    "dict_size": d_sae, "layer": 3, "lm_name": "tiny", "submodule_name": "resid_post_layer_3"},
        "buffer": {"d_submodule": d_in, "io": "out"},
    }
    with open(os.path.join(folder, "config.json"), "w") as handle:
        json.dump(config, handle, indent=1)
        handle.write("\n")


if __name__ == "__main__":
    main()
