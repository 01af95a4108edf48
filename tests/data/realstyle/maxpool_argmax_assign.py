# day04.maxpool, CS231n-style naive loops with a cache tuple: the gradient is written at the
# argmax of each window with "=", so where windows overlap only the last window's share survives.
import numpy as np


def maxpool_forward(x, ph, pw, stride):
    N, C, H, W = x.shape
    OH = (H - ph) // stride + 1
    OW = (W - pw) // stride + 1
    out = np.zeros((N, C, OH, OW))
    for n in range(N):
        for c in range(C):
            for i in range(OH):
                for j in range(OW):
                    window = x[n, c, i * stride:i * stride + ph, j * stride:j * stride + pw]
                    out[n, c, i, j] = np.max(window)
    cache = (x, {"pool_height": ph, "pool_width": pw, "stride": stride})
    return out, cache


def maxpool_backward(dout, cache):
    x, pool_param = cache
    ph, pw, stride = pool_param["pool_height"], pool_param["pool_width"], pool_param["stride"]
    N, C, OH, OW = dout.shape
    dx = np.zeros_like(x)
    for n in range(N):
        for c in range(C):
            for i in range(OH):
                for j in range(OW):
                    window = x[n, c, i * stride:i * stride + ph, j * stride:j * stride + pw]
                    r, s = np.unravel_index(np.argmax(window), window.shape)
                    dx[n, c, i * stride + r, j * stride + s] = dout[n, c, i, j]
    return dx
