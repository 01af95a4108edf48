"""ReLU レイヤ: relu_forward / relu_backward を実装してください。"""

import numpy as np


def relu_forward(x):
    """x: 任意の形状の配列。(out, cache) を返す。out は x と同じ形状。"""
    # TODO: out = max(0, x)、cache には逆伝播に必要なものを入れる
    raise NotImplementedError


def relu_backward(dout, cache):
    """dout: out と同じ形状。dx（x と同じ形状）を返す。"""
    # TODO: x > 0 の位置だけ勾配を通す
    raise NotImplementedError
