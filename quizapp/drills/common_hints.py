"""Hints shared by several drills' checks.py (each drill's own hints stay in its folder)."""

#: Cross-entropy written as -log(p + 1e-7), the book's idiom (softmax_cross_entropy, two_layer_net).
CE_1E7_HINT = {
    "ja": "-log(p + 1e-7) になっています (「ゼロから作る」の cross_entropy_error の書き方)。1e-7 は log(0) を避けるための"
          "近似で、損失が -log p から最大 1e-7/p ずれ、p が 0 に近い行 (スコア ±1e3) では log(1e-7) ≈ -16 で頭打ちになります。"
          "このドリルは正確な値を求めます: 各行の最大値を引いて log-sum-exp で log p = z - log(sum(exp(z))) を計算してください",
    "en": "this is -log(p + 1e-7) (the book's cross_entropy_error idiom). The 1e-7 only keeps log(0) away: the loss is off "
          "from -log p by up to 1e-7/p, and where p is near 0 (scores ±1e3) it stops at -log(1e-7) ≈ 16. The drill asks "
          "for the exact value: subtract each row's max and use log-sum-exp, log p = z - log(sum(exp(z)))",
}
