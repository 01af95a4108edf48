"""Day 6: RNN の順伝播（全時刻）と BPTT。"""

import numpy as np


def rnn_forward(x, h0, Wx, Wh, b):
    """x: (N, T, D), h0: (N, H), Wx: (D, H), Wh: (H, H), b: (H,)。(h, cache) を返す。h: (N, T, H)（全時刻の隠れ状態）。"""
    # TODO: t = 0, ..., T-1 について h_t = tanh(x_t @ Wx + h_{t-1} @ Wh + b)
    raise NotImplementedError


def rnn_backward(dh, cache):
    """dh: (N, T, H)（各時刻の隠れ状態への上流勾配）。(dx, dh0, dWx, dWh, db) を返す。"""
    # TODO: 時刻を逆にたどり、未来から戻ってくる勾配を dh[:, t] に足す。重みの勾配は全時刻で足し合わせる
    raise NotImplementedError
