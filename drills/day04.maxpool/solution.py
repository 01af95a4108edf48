"""Day 4: Max プーリング（模範解答）。"""

import numpy as np


def im2col(x, fh, fw, stride=1, pad=0):
    N, C, H, W = x.shape
    OH = (H + 2 * pad - fh) // stride + 1
    OW = (W + 2 * pad - fw) // stride + 1
    img = np.pad(x, [(0, 0), (0, 0), (pad, pad), (pad, pad)])
    col = np.zeros((N, C, fh, fw, OH, OW))
    for i in range(fh):
        for j in range(fw):
            col[:, :, i, j, :, :] = img[:, :, i:i + stride * OH:stride, j:j + stride * OW:stride]
    return col.transpose(0, 4, 5, 1, 2, 3).reshape(N * OH * OW, -1)


def col2im(col, x_shape, fh, fw, stride=1, pad=0):
    N, C, H, W = x_shape
    OH = (H + 2 * pad - fh) // stride + 1
    OW = (W + 2 * pad - fw) // stride + 1
    col6 = col.reshape(N, OH, OW, C, fh, fw).transpose(0, 3, 4, 5, 1, 2)
    img = np.zeros((N, C, H + 2 * pad, W + 2 * pad))
    for i in range(fh):
        for j in range(fw):
            img[:, :, i:i + stride * OH:stride, j:j + stride * OW:stride] += col6[:, :, i, j, :, :]
    return img[:, :, pad:H + pad, pad:W + pad]


def maxpool_forward(x, ph, pw, stride):
    N, C, H, W = x.shape
    OH = (H - ph) // stride + 1
    OW = (W - pw) // stride + 1
    col = im2col(x, ph, pw, stride).reshape(-1, ph * pw)  # rows (n, oh, ow, c)
    arg = np.argmax(col, axis=1)
    out = np.max(col, axis=1).reshape(N, OH, OW, C).transpose(0, 3, 1, 2)
    return out, (x.shape, arg, ph, pw, stride)


def maxpool_backward(dout, cache):
    x_shape, arg, ph, pw, stride = cache
    dout2 = dout.transpose(0, 2, 3, 1).reshape(-1)
    dmax = np.zeros((dout2.size, ph * pw))
    dmax[np.arange(dout2.size), arg] = dout2
    dcol = dmax.reshape(-1, x_shape[1] * ph * pw)
    return col2im(dcol, x_shape, ph, pw, stride)
