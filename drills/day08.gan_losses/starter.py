"""Day 8: GAN の損失（ロジットからの BCE、識別器の損失、非飽和の生成器損失）。"""

import numpy as np


def bce_with_logits(logits, targets):
    """logits, targets: 同じ形状。(loss, dlogits) を返す。loss は全要素の平均（スカラー）。"""
    # TODO: ロジットが ±1e3 でも nan/inf にならない書き方で
    raise NotImplementedError


def discriminator_loss(real_logits, fake_logits):
    """(loss, dreal, dfake) を返す。loss = BCE(real, 1) + BCE(fake, 0)。"""
    # TODO
    raise NotImplementedError


def generator_loss(fake_logits):
    """(loss, dfake) を返す。loss = BCE(fake, 1)（非飽和の生成器損失）。"""
    # TODO
    raise NotImplementedError
