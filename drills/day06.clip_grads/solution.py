"""Day 6: 勾配クリッピング（模範解答）。"""

import numpy as np


def clip_grads(grads, max_norm):
    total_norm = np.sqrt(sum(float(np.sum(g ** 2)) for g in grads.values()))
    rate = max_norm / (total_norm + 1e-6)
    if rate < 1:
        return {k: g * rate for k, g in grads.items()}
    return {k: g.copy() for k, g in grads.items()}
