"""Day 9: 価値反復法 value_iteration。"""

import numpy as np


def value_iteration(P, R, gamma, tol=1e-8):
    """P: (S, A, S) 遷移確率, R: (S, A) 期待報酬, gamma: 割引率。(V, policy) を返す。V: (S,), policy: (S,) 整数。"""
    # TODO: V(s) ← max_a [R(s, a) + γ Σ_s' P(s, a, s') V(s')] を変化が tol 未満になるまで繰り返す
    raise NotImplementedError
