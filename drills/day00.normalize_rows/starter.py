"""Day 0: 各行を L2 ノルムで正規化する。"""

import numpy as np


def normalize_rows(x):
    """x: (N, D)。各行を L2 ノルムで割った (N, D) の配列を返す。"""
    # TODO: Python のループを使わずに（ブロードキャストで）
    raise NotImplementedError
