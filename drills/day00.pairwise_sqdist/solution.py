"""Day 0: 全ペアの二乗ユークリッド距離（模範解答）。"""

import numpy as np


def pairwise_sqdist(A, B):
    a2 = np.sum(A * A, axis=1)[:, None]
    b2 = np.sum(B * B, axis=1)[None, :]
    return a2 + b2 - 2.0 * (A @ B.T)
