"""Day 2: Inverted dropout。"""

import numpy as np


def dropout_forward(x, ratio, train, rng):
    """x: 任意の形状, ratio: 落とす割合, train: bool, rng: np.random.Generator。(out, cache) を返す。"""
    # TODO: 学習時は mask = rng.random(x.shape) >= ratio
    raise NotImplementedError


def dropout_backward(dout, cache):
    """dx を返す。"""
    # TODO
    raise NotImplementedError
