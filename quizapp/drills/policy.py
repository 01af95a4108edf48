"""The static check of a learner's drill file, in the app, before anything runs.

Drills need NumPy and arithmetic, not introspection. The file is parsed (never run) and refused,
with the line named, when it reaches for:

- dunder attributes or names (``x.__class__``, ``__builtins__``, ``__import__``; ``__name__``
  alone may be read, for ``if __name__ == "__main__":``);
- modules other than NumPy and a few pure ones (math, itertools, functools, …), above all
  ``sys``, ``gc``, ``ctypes``, ``importlib``, ``inspect``, ``os``, ``builtins``;
- ``exec``, ``eval``, ``compile``, ``globals``, ``locals``, ``vars``, ``open``, ``input``,
  ``breakpoint``, and ``getattr``/``setattr``/``delattr``/``hasattr`` with a computed name;
- NumPy's doors out: ``np.ctypeslib``, ``arr.ctypes``, file I/O (``np.load``/``save``/
  ``fromfile``/``tofile``/``memmap``/``loadtxt``/…), ``np.lib.format``.

This is a policy for learners' code, not the security boundary (the kernel sandbox is):
bank programs, which are authored content, run in the same sandbox without it. The messages
are in the interface language.
"""

from __future__ import annotations

import ast
import re
from dataclasses import dataclass

from quizapp import i18n

ALLOWED_MODULES = frozenset({
    "numpy", "math", "cmath", "itertools", "functools", "collections", "typing", "dataclasses",
    "operator", "heapq", "bisect", "numbers", "copy", "string", "fractions", "statistics",
    "random", "__future__", "abc", "enum",
})
#: NumPy submodules that are a way out of the sandbox's rules (files, raw memory, compilers).
BLOCKED_NUMPY = frozenset({"ctypeslib", "f2py", "distutils", "testing", "lib.format", "_core", "core",
                           "lib.npyio", "lib._npyio_impl", "lib._datasource"})
FORBIDDEN_NAMES = frozenset({
    "exec", "eval", "compile", "globals", "locals", "vars", "open", "input", "breakpoint", "__import__",
})
NAMED_ATTR_FUNCS = frozenset({"getattr", "setattr", "delattr", "hasattr"})
FORBIDDEN_ATTRS = frozenset({
    "ctypeslib", "ctypes", "tofile", "fromfile", "load", "save", "savez", "savez_compressed", "savetxt",
    "loadtxt", "genfromtxt", "fromregex", "memmap", "DataSource", "open_memmap", "f2py", "distutils",
    "testing", "gi_frame", "gi_code", "cr_frame", "ag_frame", "f_globals", "f_locals", "f_back", "f_builtins",
    "tb_frame", "func_globals", "_core", "core",
})
_DUNDER_IN_TEXT = re.compile(r"__\w+__")
ALLOWED_DUNDER_NAMES = frozenset({"__name__"})
ALLOWED_DUNDER_STRINGS = frozenset({"__main__"})


@dataclass(frozen=True, slots=True)
class Problem:
    line: int
    message: str

    def __str__(self) -> str:
        return i18n.t("drill_policy_line", line=self.line, msg=self.message)


def _dunder(name: str) -> bool:
    return len(name) > 4 and name.startswith("__") and name.endswith("__")


def _module_ok(name: str) -> bool:
    top, _, rest = name.partition(".")
    if top not in ALLOWED_MODULES:
        return False
    if top == "numpy" and rest:
        return not any(rest == b or rest.startswith(b + ".") for b in BLOCKED_NUMPY)
    return True


def _dotted(node: ast.AST) -> str:
    parts = []
    while isinstance(node, ast.Attribute):
        parts.append(node.attr)
        node = node.value
    if isinstance(node, ast.Name):
        parts.append(node.id)
    return ".".join(reversed(parts))


class _Visitor(ast.NodeVisitor):
    def __init__(self) -> None:
        self.problems: list[Problem] = []

    def bad(self, node: ast.AST, key: str, **kw: object) -> None:
        self.problems.append(Problem(getattr(node, "lineno", 0), i18n.t(key, **kw)))

    def visit_Import(self, node: ast.Import) -> None:
        for alias in node.names:
            if not _module_ok(alias.name):
                self.bad(node, "drill_policy_import", name=alias.name)
        self.generic_visit(node)

    def visit_ImportFrom(self, node: ast.ImportFrom) -> None:
        mod = node.module or ""
        if node.level or not _module_ok(mod):
            self.bad(node, "drill_policy_import", name=("." * node.level) + mod)
        else:
            for alias in node.names:
                if alias.name == "*" or _dunder(alias.name) or not _module_ok(f"{mod}.{alias.name}") \
                        or alias.name in FORBIDDEN_ATTRS or alias.name in FORBIDDEN_NAMES:
                    self.bad(node, "drill_policy_import", name=f"{mod}.{alias.name}")
        self.generic_visit(node)

    def visit_Name(self, node: ast.Name) -> None:
        if _dunder(node.id) and node.id not in ALLOWED_DUNDER_NAMES:
            self.bad(node, "drill_policy_dunder", name=node.id)
        elif node.id in FORBIDDEN_NAMES:
            self.bad(node, "drill_policy_builtin", name=node.id)
        self.generic_visit(node)

    def visit_Attribute(self, node: ast.Attribute) -> None:
        if _dunder(node.attr):
            self.bad(node, "drill_policy_dunder", name=f".{node.attr}")
        elif node.attr in FORBIDDEN_ATTRS:
            self.bad(node, "drill_policy_attr", name=_dotted(node) or f".{node.attr}")
        elif node.attr == "format" and isinstance(node.value, ast.Attribute) and node.value.attr == "lib":
            self.bad(node, "drill_policy_attr", name=_dotted(node))
        self.generic_visit(node)

    def visit_Call(self, node: ast.Call) -> None:
        if isinstance(node.func, ast.Name) and node.func.id in NAMED_ATTR_FUNCS:
            name = node.args[1] if len(node.args) > 1 else None
            if not (isinstance(name, ast.Constant) and isinstance(name.value, str)):
                self.bad(node, "drill_policy_computed", name=node.func.id)
            elif _dunder(name.value) or name.value in FORBIDDEN_ATTRS:
                self.bad(node, "drill_policy_dunder", name=name.value)
        self.generic_visit(node)

    def visit_Constant(self, node: ast.Constant) -> None:
        # "__class__" in a string is a way to name a dunder for a computed lookup
        if isinstance(node.value, str):
            for m in _DUNDER_IN_TEXT.findall(node.value):
                if m not in ALLOWED_DUNDER_STRINGS and m not in ALLOWED_DUNDER_NAMES:
                    self.bad(node, "drill_policy_dunder", name=m)
                    break


def check_source(source: str) -> list[Problem]:
    """Every policy problem of ``source`` (a syntax error is left to the import check)."""
    try:
        tree = ast.parse(source, filename="learner.py")
    except (SyntaxError, ValueError, RecursionError, MemoryError):
        return []
    v = _Visitor()
    try:
        v.visit(tree)
    except RecursionError:
        return [Problem(0, i18n.t("drill_policy_nested"))]
    v.problems.sort(key=lambda p: p.line)
    return v.problems
