"""Day 7: LSTM の 1 ステップ（ゲートの順序は f, g, i, o）。"""

import numpy as np


def lstm_step_forward(x, h_prev, c_prev, Wx, Wh, b):
    """x: (N, D), h_prev, c_prev: (N, H), Wx: (D, 4H), Wh: (H, 4H), b: (4H,)。(h_next, c_next, cache) を返す。"""
    # TODO: A = x @ Wx + h_prev @ Wh + b を H 列ずつ f, g, i, o に分ける
    raise NotImplementedError


def lstm_step_backward(dh_next, dc_next, cache):
    """dh_next, dc_next: (N, H)。(dx, dh_prev, dc_prev, dWx, dWh, db) を返す。"""
    # TODO: c_next への勾配は dc_next と、h_next = o * tanh(c_next) を通ってくる分の和
    raise NotImplementedError
