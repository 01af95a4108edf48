"""Day 1: tanh レイヤ。"""

import numpy as np


def tanh_forward(x):
    """x: 任意の形状。(out, cache) を返す。"""
    # TODO
    raise NotImplementedError


def tanh_backward(dout, cache):
    """dout: out と同じ形状。dx を返す。"""
    # TODO: dy/dx = 1 - y^2
    raise NotImplementedError
