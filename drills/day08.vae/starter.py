"""Day 8: VAE の再パラメータ化トリック（z = mu + exp(0.5*logvar) * eps）と KL 項。"""

import numpy as np


def reparameterize_forward(mu, logvar, eps):
    """mu, logvar, eps: (N, Z)。(z, cache) を返す。z: (N, Z)。"""
    # TODO
    raise NotImplementedError


def reparameterize_backward(dz, cache):
    """dz: (N, Z)。(dmu, dlogvar) を返す（eps には勾配なし）。"""
    # TODO
    raise NotImplementedError


def vae_kl(mu, logvar):
    """mu, logvar: (N, Z)。(kl, dmu, dlogvar) を返す。kl はスカラー（バッチ平均）。"""
    # TODO: kl = -0.5 * Σ(1 + logvar - mu² - exp(logvar)) / N
    raise NotImplementedError
