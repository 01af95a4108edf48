"""Day 4: Max プーリング maxpool_forward / maxpool_backward。"""

import numpy as np


def maxpool_forward(x, ph, pw, stride):
    """x: (N, C, H, W)。窓 ph×pw、パディングなし。(out, cache) を返す。out: (N, C, OH, OW)。"""
    # TODO: 各窓の最大値。逆伝播のために最大値の位置（argmax）を cache に残す
    raise NotImplementedError


def maxpool_backward(dout, cache):
    """dout: (N, C, OH, OW)。dx: (N, C, H, W) を返す。"""
    # TODO: 各窓の argmax の位置にだけ dout を流す（窓が重なるときは足し合わせる）
    raise NotImplementedError
