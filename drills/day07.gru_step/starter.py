"""Day 7: GRU の 1 ステップ（Wx, Wh, b のブロックの順序は z, r, h）。"""

import numpy as np


def gru_step_forward(x, h_prev, Wx, Wh, b):
    """x: (N, D), h_prev: (N, H), Wx: (D, 3H), Wh: (H, 3H), b: (3H,)。(h_next, cache) を返す。"""
    # TODO: z, r, h̃ を計算し h_next = (1 - z) * h_prev + z * h̃
    raise NotImplementedError


def gru_step_backward(dh_next, cache):
    """dh_next: (N, H)。(dx, dh_prev, dWx, dWh, db) を返す。"""
    # TODO: h_prev への勾配は (1 - z) の直接経路・r * h_prev の経路・z と r のゲートの経路の和
    raise NotImplementedError
