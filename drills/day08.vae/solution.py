"""Day 8: VAE の再パラメータ化トリックと KL 項（模範解答）。"""

import numpy as np


def reparameterize_forward(mu, logvar, eps):
    std = np.exp(0.5 * logvar)
    z = mu + std * eps
    return z, (std, eps)


def reparameterize_backward(dz, cache):
    std, eps = cache
    dmu = dz * 1.0
    dlogvar = dz * eps * 0.5 * std
    return dmu, dlogvar


def vae_kl(mu, logvar):
    N = mu.shape[0]
    kl = -0.5 * np.sum(1.0 + logvar - mu ** 2 - np.exp(logvar)) / N
    dmu = mu / N
    dlogvar = -0.5 * (1.0 - np.exp(logvar)) / N
    return float(kl), dmu, dlogvar
