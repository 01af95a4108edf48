"""Day 4: 畳み込み層 conv_forward / conv_backward（im2col を使うと速く書けます）。"""

import numpy as np


def conv_forward(x, W, b, stride=1, pad=0):
    """x: (N, C, H, W), W: (FN, C, FH, FW), b: (FN,)。(out, cache) を返す。out: (N, FN, OH, OW)。"""
    # TODO: im2col(x) @ W.reshape(FN, -1).T + b を (N, OH, OW, FN) → (N, FN, OH, OW) に並べ替える
    raise NotImplementedError


def conv_backward(dout, cache):
    """dout: (N, FN, OH, OW)。(dx, dW, db) を返す。"""
    # TODO: dout を (N*OH*OW, FN) に並べ替えてから db, dW, dcol → col2im で dx
    raise NotImplementedError
