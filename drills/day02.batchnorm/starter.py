"""Day 2: Batch Normalization（学習時）。"""

import numpy as np


def batchnorm_forward(x, gamma, beta, eps=1e-5):
    """x: (N, D), gamma, beta: (D,)。(out, cache) を返す。"""
    # TODO: 軸 0 について平均・分散（ddof=0）
    raise NotImplementedError


def batchnorm_backward(dout, cache):
    """dout: (N, D)。(dx, dgamma, dbeta) を返す。"""
    # TODO
    raise NotImplementedError
