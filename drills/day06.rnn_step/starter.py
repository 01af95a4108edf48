"""Day 6: RNN の 1 ステップ h_next = tanh(x @ Wx + h_prev @ Wh + b)。"""

import numpy as np


def rnn_step_forward(x, h_prev, Wx, Wh, b):
    """x: (N, D), h_prev: (N, H), Wx: (D, H), Wh: (H, H), b: (H,)。(h_next, cache) を返す。"""
    # TODO
    raise NotImplementedError


def rnn_step_backward(dh_next, cache):
    """dh_next: (N, H)。(dx, dh_prev, dWx, dWh, db) を返す。"""
    # TODO: tanh の微分は 1 - tanh^2 = 1 - h_next**2
    raise NotImplementedError
