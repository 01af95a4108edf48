"""Day 4: im2col / col2im（模範解答）。"""

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
