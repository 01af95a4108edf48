"""Day 4: 畳み込み層（im2col による実装、模範解答）。"""

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


def conv_forward(x, W, b, stride=1, pad=0):
    FN, C, FH, FW = W.shape
    N, _, H, Wd = x.shape
    OH = (H + 2 * pad - FH) // stride + 1
    OW = (Wd + 2 * pad - FW) // stride + 1
    col = im2col(x, FH, FW, stride, pad)
    col_W = W.reshape(FN, -1).T
    out = col @ col_W + b
    out = out.reshape(N, OH, OW, -1).transpose(0, 3, 1, 2)
    return out, (x.shape, W, col, col_W, stride, pad)


def conv_backward(dout, cache):
    x_shape, W, col, col_W, stride, pad = cache
    FN, C, FH, FW = W.shape
    dout2 = dout.transpose(0, 2, 3, 1).reshape(-1, FN)
    db = np.sum(dout2, axis=0)
    dW = (col.T @ dout2).transpose(1, 0).reshape(FN, C, FH, FW)
    dcol = dout2 @ col_W.T
    dx = col2im(dcol, x_shape, FH, FW, stride, pad)
    return dx, dW, db
