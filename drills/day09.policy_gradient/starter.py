"""Day 9: REINFORCE の損失 reinforce_loss（線形ソフトマックス方策）。"""

import numpy as np


def reinforce_loss(theta, states, actions, returns):
    """theta: (D, A), states: (N, D), actions: (N,) 整数, returns: (N,)。(loss, dtheta) を返す。"""
    # TODO: π = softmax(states @ theta)、loss = -mean(returns * log π(actions|states))
    raise NotImplementedError
