"""Day 0: 全ペアの二乗ユークリッド距離（ループなし）。"""

import numpy as np


def pairwise_sqdist(A, B):
    """A: (N, K), B: (M, K)。D[i, j] = ||A[i] - B[j]||^2 の (N, M) 配列を返す。"""
    # TODO: |a|^2 + |b|^2 - 2 a.b をブロードキャストと行列積で
    raise NotImplementedError
