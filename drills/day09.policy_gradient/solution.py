"""Day 9: REINFORCE（方策勾配法）の損失と勾配（模範解答）。"""

import numpy as np


def reinforce_loss(theta, states, actions, returns):
    N = states.shape[0]
    logits = states @ theta
    z = logits - np.max(logits, axis=1, keepdims=True)
    logp = z - np.log(np.sum(np.exp(z), axis=1, keepdims=True))
    rows = np.arange(N)
    loss = -np.mean(returns * logp[rows, actions])
    g = np.exp(logp)  # π(·|s)
    g[rows, actions] -= 1.0  # ∂(-log π(a|s))/∂logits = π - onehot(a)
    dlogits = g * returns[:, None] / N
    dtheta = states.T @ dlogits
    return float(loss), dtheta
