"""Day 1: 2 層ネット（ReLU 隠れ層 + ソフトマックス交差エントロピー）。"""

import numpy as np


def two_layer_net(params, X, y):
    """params: W1 (D,H), b1 (H,), W2 (H,C), b2 (C,)。X: (N, D), y: (N,)。(loss, grads) を返す。"""
    W1, b1, W2, b2 = params["W1"], params["b1"], params["W2"], params["b2"]
    # TODO: 順伝播 → 損失 → 逆伝播
    raise NotImplementedError
