"""A wheel built from the repo ships the banks, drills, migrations and styles, and the
installed app (not the source tree) loads them."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import sysconfig
import venv
import zipfile

import pytest

from quizapp.bank import load_bank

from tests.conftest import REPO


@pytest.mark.slow
def test_wheel_ships_content_and_installed_app_loads_it(tmp_path):
    dist = tmp_path / "dist"
    subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w", str(dist), str(REPO)],
                   check=True, timeout=300, capture_output=True)
    wheel = next(dist.glob("quizapp-*.whl"))
    names = set(zipfile.ZipFile(wheel).namelist())
    shipped_banks = sorted(p.name for p in (REPO / "question_bank").glob("*.yaml"))
    assert shipped_banks
    for name in shipped_banks:
        assert f"quizapp/_data/question_bank/{name}" in names
    assert any(n.startswith("quizapp/store/migrations/versions/0001") for n in names)
    assert "quizapp/tui/app.tcss" in names
    drills = [p for p in (REPO / "drills").rglob("*") if p.is_file() and "__pycache__" not in p.parts]
    for p in drills:
        assert f"quizapp/_data/drills/{p.relative_to(REPO / 'drills').as_posix()}" in names

    # Install the wheel into a fresh venv; dependencies come from this test run's environment
    # through a .pth file (no network), while quizapp itself comes only from the wheel.
    env_dir = tmp_path / "venv"
    venv.EnvBuilder(with_pip=False).create(env_dir)
    py = env_dir / "bin" / "python"
    site = subprocess.run([str(py), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
                          capture_output=True, text=True, check=True).stdout.strip()
    with zipfile.ZipFile(wheel) as zf:
        zf.extractall(site)
    deps = sysconfig.get_paths()["purelib"]
    with open(os.path.join(site, "zz_deps.pth"), "w") as fh:
        fh.write(deps + "\n")
    env = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"}
    out = subprocess.run(
        [str(py), "-c", "import json, quizapp.paths as p, quizapp.bank as b, sys;"
                        "bank = b.load_bank(); print(json.dumps({'file': p.__file__, 'bank_dir': str(p.bank_dir()),"
                        "'total': len(bank), 'issues': len(bank.issues)}))"],
        capture_output=True, text=True, cwd=tmp_path, env=env, timeout=120,
    )
    assert out.returncode == 0, out.stderr
    info = json.loads(out.stdout)
    assert info["file"].startswith(site), info
    assert info["bank_dir"].startswith(site) and info["bank_dir"].endswith("_data/question_bank")
    assert info["total"] == len(load_bank([REPO / "question_bank"])) > 0
    assert info["issues"] == 0
    r = subprocess.run([str(py), "-m", "quizapp", "bank", "stats", "--json"], capture_output=True, text=True,
                       cwd=tmp_path, env=env, timeout=120)
    assert r.returncode == 0, r.stderr
    assert json.loads(r.stdout)["total"] == info["total"]
