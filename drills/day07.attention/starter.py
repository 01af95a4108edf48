"""Day 7: Scaled dot-product attention（マスク付き）。"""

import numpy as np


def attention_forward(Q, K, V, mask=None):
    """Q: (N, Tq, d), K: (N, Tk, d), V: (N, Tk, dv), mask: None か bool (N, Tq, Tk)（True = 見ない）。
    (out, cache) を返す。out: (N, Tq, dv)。"""
    # TODO: S = Q Kᵀ / sqrt(d) → マスク → Tk 方向の softmax → A V
    raise NotImplementedError


def attention_backward(dout, cache):
    """dout: (N, Tq, dv)。(dQ, dK, dV) を返す。"""
    # TODO
    raise NotImplementedError
