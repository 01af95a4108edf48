"""Day 2: L2 正則化の項と勾配（模範解答）。"""

import numpy as np


def l2_penalty(params, lam):
    penalty = 0.0
    grads = {}
    for k, w in params.items():
        if k.startswith("W"):
            penalty += 0.5 * lam * float(np.sum(w * w))
            grads[k] = lam * w
        else:
            grads[k] = np.zeros_like(w)
    return penalty, grads
