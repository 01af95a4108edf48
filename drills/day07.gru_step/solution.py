"""Day 7: GRU の 1 ステップ（模範解答。ブロックの順序は z, r, h）。"""

import numpy as np


def _sigmoid(x):
    return 1.0 / (1.0 + np.exp(-x))


def gru_step_forward(x, h_prev, Wx, Wh, b):
    H = h_prev.shape[1]
    Wxz, Wxr, Wxh = Wx[:, :H], Wx[:, H:2 * H], Wx[:, 2 * H:]
    Whz, Whr, Whh = Wh[:, :H], Wh[:, H:2 * H], Wh[:, 2 * H:]
    bz, br, bh = b[:H], b[H:2 * H], b[2 * H:]
    z = _sigmoid(x @ Wxz + h_prev @ Whz + bz)
    r = _sigmoid(x @ Wxr + h_prev @ Whr + br)
    h_hat = np.tanh(x @ Wxh + (r * h_prev) @ Whh + bh)
    h_next = (1.0 - z) * h_prev + z * h_hat
    return h_next, (x, h_prev, Wx, Wh, z, r, h_hat)


def gru_step_backward(dh_next, cache):
    x, h_prev, Wx, Wh, z, r, h_hat = cache
    H = h_prev.shape[1]
    Wxz, Wxr, Wxh = Wx[:, :H], Wx[:, H:2 * H], Wx[:, 2 * H:]
    Whz, Whr, Whh = Wh[:, :H], Wh[:, H:2 * H], Wh[:, 2 * H:]
    dh_hat = dh_next * z
    dz = dh_next * (h_hat - h_prev)
    dh_prev = dh_next * (1.0 - z)
    dah = dh_hat * (1.0 - h_hat ** 2)
    drh = dah @ Whh.T
    dr = drh * h_prev
    dh_prev = dh_prev + drh * r
    daz = dz * z * (1.0 - z)
    dar = dr * r * (1.0 - r)
    dh_prev = dh_prev + daz @ Whz.T + dar @ Whr.T
    dx = daz @ Wxz.T + dar @ Wxr.T + dah @ Wxh.T
    dWx = np.hstack((x.T @ daz, x.T @ dar, x.T @ dah))
    dWh = np.hstack((h_prev.T @ daz, h_prev.T @ dar, (r * h_prev).T @ dah))
    db = np.hstack((daz.sum(0), dar.sum(0), dah.sum(0)))
    return dx, dh_prev, dWx, dWh, db
