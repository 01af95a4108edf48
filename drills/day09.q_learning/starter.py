"""Day 9: Q 学習の 1 回分の更新 q_learning_update。"""

import numpy as np


def q_learning_update(Q, s, a, r, s_next, done, alpha, gamma):
    """Q: (S, A)。遷移 (s, a, r, s_next, done) で Q[s, a] を更新した表を返す。"""
    # TODO: target = r（done のとき）または r + gamma * max_a' Q[s_next, a']。Q[s, a] += alpha * (target - Q[s, a])
    raise NotImplementedError
