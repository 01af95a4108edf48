"""Day 6: 勾配クリッピング clip_grads（全体の L2 ノルムで）。"""

import numpy as np


def clip_grads(grads, max_norm):
    """grads: 名前 → 配列 の dict。クリップ後の勾配を新しい dict で返す（引数の配列は書き換えない）。"""
    # TODO: 全配列をまとめた L2 ノルムが max_norm を超えたら、全配列に max_norm / (norm + 1e-6) を掛ける
    raise NotImplementedError
