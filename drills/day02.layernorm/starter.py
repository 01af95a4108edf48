"""Day 2: Layer Normalization。"""

import numpy as np


def layernorm_forward(x, gamma, beta, eps=1e-5):
    """x: (N, D), gamma, beta: (D,)。(out, cache) を返す。各行を正規化する。"""
    # TODO: 最後の軸 (axis=1) について平均・分散
    raise NotImplementedError


def layernorm_backward(dout, cache):
    """dout: (N, D)。(dx, dgamma, dbeta) を返す。"""
    # TODO
    raise NotImplementedError
