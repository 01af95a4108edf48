"""Day 8: GAN の損失（ロジットからの安定な BCE、模範解答）。"""

import numpy as np


def bce_with_logits(logits, targets):
    x, t = logits, targets
    e = np.exp(-np.abs(x))  # never overflows
    loss = np.mean(np.maximum(x, 0.0) - x * t + np.log1p(e))
    sig = np.where(x >= 0, 1.0 / (1.0 + e), e / (1.0 + e))
    dlogits = (sig - t) / x.size
    return float(loss), dlogits


def discriminator_loss(real_logits, fake_logits):
    loss_real, dreal = bce_with_logits(real_logits, np.ones_like(real_logits))
    loss_fake, dfake = bce_with_logits(fake_logits, np.zeros_like(fake_logits))
    return loss_real + loss_fake, dreal, dfake


def generator_loss(fake_logits):
    loss, dfake = bce_with_logits(fake_logits, np.ones_like(fake_logits))
    return loss, dfake
