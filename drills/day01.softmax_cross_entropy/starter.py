"""Day 1: ソフトマックス＋交差エントロピー誤差（バッチ平均）。"""

import numpy as np


def softmax_cross_entropy(x, t):
    """x: (N, C) スコア, t: (N,) 正解ラベル (int)。(loss, dx) を返す。"""
    # TODO: 数値的に安定に。loss は N で割った平均
    raise NotImplementedError
