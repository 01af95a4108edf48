"""Day 6: Embedding レイヤ embedding_forward / embedding_backward。"""

import numpy as np


def embedding_forward(idx, W):
    """idx: (N, T) の整数配列, W: (V, D)。(out, cache) を返す。out: (N, T, D)。"""
    # TODO: 各 idx[n, t] の行 W[idx[n, t]] を取り出す
    raise NotImplementedError


def embedding_backward(dout, cache):
    """dout: (N, T, D)。dW: (V, D) を返す（同じ単語 ID が何度も出てくる場合は足し合わせる）。"""
    # TODO
    raise NotImplementedError
