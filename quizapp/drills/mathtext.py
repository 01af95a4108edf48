"""Formulas for a terminal: the drill statements keep LaTeX (``$…$``, ``$$…$$``); this turns
it into readable Unicode (``\\frac{a}{b}`` → ``a/b``, ``\\sum_n`` → ``Σₙ``, ``\\hat{x}`` → ``x̂``)
inside Markdown code spans, so that ``_`` and ``*`` are not read as emphasis. Best effort: an
unknown command keeps its name."""

from __future__ import annotations

import re

_SYMBOLS = {
    "alpha": "α", "beta": "β", "gamma": "γ", "delta": "δ", "epsilon": "ε", "varepsilon": "ε", "zeta": "ζ",
    "eta": "η", "theta": "θ", "kappa": "κ", "lambda": "λ", "mu": "μ", "nu": "ν", "xi": "ξ", "pi": "π",
    "rho": "ρ", "sigma": "σ", "tau": "τ", "phi": "φ", "varphi": "φ", "chi": "χ", "psi": "ψ", "omega": "ω",
    "Gamma": "Γ", "Delta": "Δ", "Theta": "Θ", "Lambda": "Λ", "Pi": "Π", "Sigma": "Σ", "Phi": "Φ", "Omega": "Ω",
    "sum": "Σ", "prod": "Π", "partial": "∂", "nabla": "∇", "infty": "∞", "odot": "⊙", "otimes": "⊗",
    "cdot": "·", "times": "×", "div": "÷", "pm": "±", "le": "≤", "leq": "≤", "ge": "≥", "geq": "≥",
    "ne": "≠", "neq": "≠", "approx": "≈", "sim": "~", "propto": "∝", "in": "∈", "notin": "∉",
    "leftarrow": "←", "gets": "←", "rightarrow": "→", "to": "→", "Rightarrow": "⇒", "mapsto": "↦",
    "lVert": "‖", "rVert": "‖", "Vert": "‖", "|": "‖", "lvert": "|", "rvert": "|", "mid": "|",
    "lfloor": "⌊", "rfloor": "⌋", "lceil": "⌈", "rceil": "⌉", "langle": "⟨", "rangle": "⟩",
    "dots": "…", "ldots": "…", "cdots": "⋯", "top": "ᵀ", "forall": "∀", "exists": "∃",
    "max": "max", "min": "min", "log": "log", "exp": "exp", "tanh": "tanh", "argmax": "argmax",
    "arg": "arg", "sqrt": "√", "quad": "  ", "qquad": "    ", ",": " ", ";": " ", ":": " ", "!": "",
    " ": " ", "{": "{", "}": "}", "_": "_", "%": "%", "#": "#", "&": "&",
}
_ACCENTS = {"hat": "\u0302", "widehat": "\u0302", "tilde": "\u0303", "widetilde": "\u0303", "bar": "\u0304",
            "overline": "\u0304", "dot": "\u0307", "vec": "\u20d7"}
_PLAIN = {"mathrm", "mathbf", "mathit", "mathsf", "mathtt", "text", "textrm", "operatorname", "boldsymbol",
          "mathcal", "mathbb", "underbrace", "overbrace", "left", "right", "big", "Big", "bigg", "Bigg",
          "bigl", "bigr", "Bigl", "Bigr", "biggl", "biggr", "Biggl", "Biggr", "displaystyle"}
_SIZES = {"left", "right", "big", "Big", "bigg", "Bigg", "bigl", "bigr", "Bigl", "Bigr", "biggl", "biggr", "Biggl",
          "Biggr", "displaystyle"}
_SUP = dict(zip("0123456789+-=()nitTkx", "⁰¹²³⁴⁵⁶⁷⁸⁹⁺⁻⁼⁽⁾ⁿⁱᵗᵀᵏˣ"))
_SUB = dict(zip("0123456789+-=()aehijklmnoprstuvx", "₀₁₂₃₄₅₆₇₈₉₊₋₌₍₎ₐₑₕᵢⱼₖₗₘₙₒₚᵣₛₜᵤᵥₓ"))
_MATH = re.compile(r"\$\$(.+?)\$\$|\$(.+?)\$", re.S)


def _group(s: str, i: int) -> tuple[str, int]:
    """The argument starting at ``s[i]`` (a {…} group, a command or one character) and the end."""
    while i < len(s) and s[i] == " ":
        i += 1
    if i >= len(s):
        return "", i
    if s[i] == "{":
        depth, j = 0, i
        while j < len(s):
            depth += {"{": 1, "}": -1}.get(s[j], 0)
            if depth == 0:
                return s[i + 1:j], j + 1
            j += 1
        return s[i + 1:], len(s)
    if s[i] == "\\":
        m = re.match(r"\\([A-Za-z]+|.)", s[i:])
        assert m is not None
        return m.group(0), i + len(m.group(0))
    return s[i], i + 1


def _atom(text: str) -> bool:
    return len(text) <= 1 or re.fullmatch(r"[\w.]+|[^\s+\-·×/=<>]+", text) is not None


def _script(text: str, table: dict[str, str], mark: str) -> str:
    if text and all(c in table for c in text):
        return "".join(table[c] for c in text)
    simple = _atom(text) and not (len(text) > 1 and any(c in text for c in "_^"))
    return mark + (text if simple else f"({text})")


def convert(tex: str) -> str:
    """One formula (without the dollars) as plain Unicode text."""
    out: list[str] = []
    i = 0
    s = tex.replace(r"\begin{cases}", "{ ").replace(r"\end{cases}", " }")
    while i < len(s):
        c = s[i]
        if c == "\\":
            if s.startswith("\\\\", i):
                out.append("; ")
                i += 2
                continue
            m = re.match(r"\\([A-Za-z]+|.)", s[i:])
            assert m is not None
            name = m.group(1)
            i += len(m.group(0))
            if name == "frac" or name == "dfrac" or name == "tfrac":
                a, i = _group(s, i)
                b, i = _group(s, i)
                a, b = convert(a), convert(b)
                out.append(f"{a if _atom(a) else '(' + a + ')'}/{b if _atom(b) else '(' + b + ')'}")
                if s[i:i + 1] == "\\":
                    out.append(" ")
            elif name == "sqrt":
                a, i = _group(s, i)
                a = convert(a)
                out.append("√" + (a if _atom(a) else f"({a})"))
            elif name in _ACCENTS:
                a, i = _group(s, i)
                a = convert(a)
                out.append(a + _ACCENTS[name] if len(a) == 1 else f"{a}{_ACCENTS[name]}")
            elif name in _PLAIN:
                if name in _SIZES:
                    continue
                a, i = _group(s, i)
                out.append(convert(a))
            else:
                out.append(_SYMBOLS.get(name, name))
        elif c in "^_":
            a, i = _group(s, i + 1)
            a = convert(a)
            if c == "^" and a == "ᵀ":
                out.append("ᵀ")
            else:
                out.append(_script(a, _SUP if c == "^" else _SUB, c))
        elif c in "{}":
            i += 1
        elif c == "&":
            out.append(" ")
            i += 1
        else:
            out.append(c)
            i += 1
    lines = (re.sub(r"[ \t]+", " ", line).strip() for line in "".join(out).splitlines())
    return "\n".join(line for line in lines if line).replace("∂ ", "∂")


def markdown_math(text: str) -> str:
    """Markdown with its ``$…$`` and ``$$…$$`` formulas rendered as Unicode code spans/blocks."""

    def repl(m: re.Match) -> str:
        if m.group(1) is not None:
            return "\n```text\n" + convert(m.group(1)) + "\n```\n"
        return "`" + convert(m.group(2)) + "`"

    return _MATH.sub(repl, text)


def text_math(text: str) -> str:
    """Plain text (a terminal without Markdown): display formulas on their own indented line."""

    def repl(m: re.Match) -> str:
        if m.group(1) is not None:
            return "\n" + "".join(f"    {line}\n" for line in convert(m.group(1)).splitlines())
        return convert(m.group(2))

    return _MATH.sub(repl, text)
