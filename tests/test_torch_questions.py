"""PyTorch code questions: detected from their imports, verified in the kernel sandbox with
PyTorch preloaded by the worker, and skipped (counted, with the reason) where it is missing."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap
from dataclasses import replace

import pytest

from quizapp.bank import load_file
from quizapp.bank import verify as verify_mod
from quizapp.bank.verify import verify_all, verify_question
from quizapp.sandbox import Limits, Sandbox

from tests.conftest import REPO

HEAD = "day: 1\nquestions:\n"

QUESTION = """\
- id: tq-1
  type: code
  syllabus: [3-1-1]
  keywords: [全結合層・重み・バイアス]
  topic: PyTorch テスト
  difficulty: 2
  prompt: |
    行ごとの和を返すように空欄を埋めよ。
  code: |
    import torch
    def f(x):
        return (あ)
  blanks:
    - label: あ
      choices:
        - {text: "x.sum(dim=1)", why: "正しい。"}
        - {text: "x.sum(dim=0)", why: "列ごとの和になる。"}
        - {text: "SECOND", why: "—"}
        - {text: "x.max(dim=1).values", why: "最大値になる。"}
      answer: 1
      explanation: 行ごとの和。
  check: |
    x = torch.arange(6.0).view(2, 3)
    assert torch.equal(f(x), torch.tensor([3.0, 12.0]))
  explanation: |
    dim=1 で行ごとに和を取ります。
"""


def write(tmp_path, second: str = "x.mean(dim=1)"):
    p = tmp_path / "t.yaml"
    p.write_text(HEAD + textwrap.indent(QUESTION.replace("SECOND", second), "  "), encoding="utf-8")
    return p


def load_one(path):
    qs, issues = load_file(path)
    assert not issues, issues
    return qs[0]


@pytest.fixture(scope="module")
def sb():
    with Sandbox() as box:
        yield box


def test_a_question_needs_torch_exactly_when_its_programs_import_it(tmp_path):
    q = load_one(write(tmp_path))
    assert q.frameworks == ("torch",)
    plain = replace(q, code="import numpy as np\ndef f(x):\n    return (あ)\n", check="# import torch\nimport torchvision_like")
    assert plain.frameworks == ()
    assert replace(q, code="import numpy as np, torch.nn as nn\n").frameworks == ("torch",)
    assert replace(q, code="x = 1\n", check="from torch import nn\n").frameworks == ("torch",)


def test_a_pytorch_code_question_is_verified_blank_by_blank(tmp_path, sb):
    res = verify_question(load_one(write(tmp_path)), sb)
    assert res.ok and not res.skipped, str(res)
    assert res.runs == 4  # the keyed program, then one run per distractor
    # A distractor that also passes the check makes the question ambiguous, and verify says so.
    res = verify_question(load_one(write(tmp_path, second="x.sum(1)")), sb)
    assert not res.ok
    assert any("ambiguous" in p and "x.sum(1)" in p for p in res.problems), res.problems


def test_a_torch_job_stays_confined(tmp_path, sb):
    canary = tmp_path / "pwned.pt"
    attempts = {
        "read a file": "import torch\nx = open('/etc/hostname').read()",
        "torch.load": "import torch\nx = torch.load('/etc/hostname')",
        "torch.save": f"import torch\ntorch.save(torch.ones(2), {str(canary)!r})",
        "worker processes": ("import torch\nfrom torch.utils.data import DataLoader\n"
                             "n = len(list(DataLoader(list(range(8)), batch_size=2, num_workers=2)))"),
        "more threads": "import torch\ntorch.set_num_threads(4)\na = torch.randn(600, 600)\nanswer = float((a @ a).sum())",
        "load a library": "import torch\ntorch.ops.load_library('/tmp/nothing-here.so')",
    }
    for name, code in attempts.items():
        r = sb.run(code, result_names=["answer"], preload=["torch"], limits=Limits(wall_s=10))
        assert not r.ok, name
        assert r.confinement == "full" or os.environ.get("QUIZAPP_SANDBOX") == "limited", name
    assert not canary.exists()
    # The worker keeps serving: the next honest job passes.
    r = sb.run("import torch\nanswer = float(torch.ones(3).sum())", result_names=["answer"], preload=["torch"])
    assert r.ok and r.values["answer"] == 3.0


def test_loading_torch_does_not_change_a_jobs_memory_allowance(sb):
    sb.run("import torch", preload=["torch"])
    # The limit counts from the worker's size before PyTorch was mapped: 600 MB still fit in
    # the default 1 GiB, 1.6 GB still does not, with or without PyTorch loaded.
    for preload in ((), ("torch",)):
        ok = sb.run("import numpy as np\nanswer = float(np.ones(75_000_000).sum())", result_names=["answer"],
                    preload=preload)
        assert ok.ok and ok.values["answer"] == 75_000_000.0, ok.summary()
        big = sb.run("import numpy as np\nanswer = float(np.ones(200_000_000).sum())", result_names=["answer"],
                     preload=preload)
        assert not big.ok


def test_an_unknown_framework_is_refused_without_running(sb):
    r = sb.run("answer = 1", result_names=["answer"], preload=["tensorflow"])
    assert r.kind == "MissingFramework" and "tensorflow" in r.error
    assert r.values == {}


def test_without_torch_verify_skips_and_counts(tmp_path, monkeypatch):
    q = load_one(write(tmp_path))
    monkeypatch.setattr(verify_mod, "framework_available", lambda name: False)
    (res,) = verify_all([q])
    assert res.ok and res.skipped == ("torch",) and res.runs == 0
    assert "skipped" in str(res) and "PyTorch" in str(res)


@pytest.mark.parametrize("lang", ["ja", "en"])
def test_bank_verify_without_torch_says_how_many_it_skipped_and_why(tmp_path, lang):
    # A "torch" that cannot be imported stands in for a machine without PyTorch.
    fake = tmp_path / "fake" / "torch"
    fake.mkdir(parents=True)
    (fake / "__init__.py").write_text("raise ImportError('No module named torch')\n")
    path = write(tmp_path)
    env = dict(os.environ, PYTHONPATH=os.pathsep.join([str(tmp_path / "fake"), str(REPO)]))
    out = subprocess.run([sys.executable, "-m", "quizapp", "--lang", lang, "bank", "verify", str(path)],
                         capture_output=True, text=True, env=env, timeout=120, stdin=subprocess.DEVNULL)
    assert out.returncode == 0, out.stderr
    assert "0 of 0 verifiable question(s) ok" in out.stdout and "1 skipped" in out.stdout
    if lang == "ja":
        assert "1 問は検証していません" in out.stderr and "PyTorch (torch)" in out.stderr
    else:
        assert "1 question(s) not verified" in out.stderr and "PyTorch (torch)" in out.stderr
    assert "pip install '.[torch]'" in out.stderr


def test_doctor_says_whether_pytorch_questions_can_be_verified(monkeypatch, capsys):
    from quizapp.cli import main

    assert main(["doctor", "--lang", "en"]) in (0, 1)
    assert "PyTorch: installed" in capsys.readouterr().out  # the test extra installs it
    monkeypatch.setattr(verify_mod, "framework_available", lambda name: False)
    main(["doctor"])
    assert "PyTorch: なし" in capsys.readouterr().out
    main(["doctor", "--json"])
    assert json.loads(capsys.readouterr().out)["torch"] is False
