"""Day 4: im2col / col2im（畳み込みを行列積にする変換）。"""

import numpy as np


def im2col(x, fh, fw, stride=1, pad=0):
    """x: (N, C, H, W)。col: (N*OH*OW, C*fh*fw) を返す（行は n, oh, ow の順、列は c, fh, fw の順）。"""
    # TODO: OH = (H + 2*pad - fh) // stride + 1（OW も同様）。np.pad で周囲を 0 で埋めてから切り出す
    raise NotImplementedError


def col2im(col, x_shape, fh, fw, stride=1, pad=0):
    """col: (N*OH*OW, C*fh*fw)。x_shape = (N, C, H, W) の配列を返す（重なった部分は足し合わせる）。"""
    # TODO: im2col の逆向き。重なりは += で足し、最後に pad の分を切り落とす
    raise NotImplementedError
