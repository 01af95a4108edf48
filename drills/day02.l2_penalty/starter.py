"""Day 2: L2 正則化の項と勾配。"""

import numpy as np


def l2_penalty(params, lam):
    """params: {名前: 配列}, lam: 係数。(penalty, grads) を返す。"W" で始まるキーだけ罰則。"""
    # TODO
    raise NotImplementedError
