"""Day 5: Global Average Pooling gap_forward / gap_backward。"""

import numpy as np


def gap_forward(x):
    """x: (N, C, H, W)。(out, cache) を返す。out: (N, C)（各チャンネルの空間平均）。"""
    # TODO
    raise NotImplementedError


def gap_backward(dout, cache):
    """dout: (N, C)。dx: (N, C, H, W) を返す。"""
    # TODO: 平均の勾配は 1/(H*W) を全画素に均等に
    raise NotImplementedError
