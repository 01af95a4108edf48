"""Day 1: シグモイドレイヤ。"""

import numpy as np


def sigmoid_forward(x):
    """x: 任意の形状。(out, cache) を返す。"""
    # TODO
    raise NotImplementedError


def sigmoid_backward(dout, cache):
    """dout: out と同じ形状。dx を返す。"""
    # TODO: dy/dx = y (1 - y)
    raise NotImplementedError
