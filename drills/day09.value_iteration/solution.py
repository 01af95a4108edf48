"""Day 9: 価値反復法（模範解答）。"""

import numpy as np


def value_iteration(P, R, gamma, tol=1e-8):
    S, A, _ = P.shape
    V = np.zeros(S)
    while True:
        Q = R + gamma * (P @ V)  # (S, A): Q[s, a] = R[s, a] + γ Σ_s' P[s, a, s'] V[s']
        V_new = np.max(Q, axis=1)
        if np.max(np.abs(V_new - V)) < tol:
            V = V_new
            break
        V = V_new
    policy = np.argmax(R + gamma * (P @ V), axis=1)
    return V, policy
