"""LaTeX in drill statements shown as readable Unicode in the terminal."""

from __future__ import annotations

import pytest

from quizapp.drills.mathtext import convert, markdown_math, text_math
from quizapp.drills.model import load_drills


@pytest.mark.parametrize("tex,text", [
    (r"\frac{\partial L}{\partial x}", "∂L/∂x"),
    (r"y = \frac{1}{1 + e^{-x}}", "y = 1/(1 + e⁻ˣ)"),
    (r"\sum_{n} x_n", "Σₙ xₙ"),
    (r"\hat{x}_n = \frac{x_n - \mu}{\sqrt{\sigma^2 + \epsilon}}", "x̂ₙ = (xₙ - μ)/(√(σ² + ε))"),
    (r"W^\top", "Wᵀ"),
    (r"\lVert x \rVert_2", "‖ x ‖₂"),
    (r"\left\lfloor \frac{H + 2p - FH}{s} \right\rfloor + 1", "⌊ (H + 2p - FH)/s ⌋ + 1"),
    (r"\begin{cases} 1 & (x > 0) \\ 0 & (x \le 0) \end{cases}", "1 (x > 0) ; 0 (x ≤ 0)"),
    (r"\mathrm{ReLU}(X W_1 + \mathbf{b}_1)", "ReLU(X W₁ + b₁)"),
    (r"\beta_1^t", "β₁ᵗ"),
    (r"x_{i,:}", "x_i,:"),
])
def test_convert(tex, text):
    assert convert(tex) == text


def test_markdown_and_text_forms():
    md = markdown_math("和は $\\sum_i x_i$ です。\n\n$$ y = x^2 $$\n")
    assert "`Σᵢ xᵢ`" in md and "```text\ny = x²\n```" in md
    assert text_math("$a_1$ と $$ b^2 $$") == "a₁ と \n    b²\n"


def test_every_statement_converts_without_leftover_commands():
    for d in load_drills().values():
        if d.day > 3:  # the drills of issue 3
            continue
        out = markdown_math(d.statement)
        assert "$" not in out, d.id
        assert "\\frac" not in out and "\\sum" not in out and "\\partial" not in out, d.id
