"""``quizapp doctor``: what this machine offers the app, above all the sandbox's confinement.

It says "sandbox: kernel-confined (…)" or, once, "sandbox: limited (…)" in the learner's
language, and makes a trial run: a sandboxed job tries to read a file that exists (this
module's own source); under Landlock that must fail. Exit 0, or 1 when the trial run shows
that confinement which the kernel claims is not working. No Textual here.
"""

from __future__ import annotations

import argparse
import platform
import sys
from pathlib import Path

from quizapp import i18n


def add_doctor_parser(sub, add_common) -> None:
    p = sub.add_parser("doctor", help="check the sandbox and the environment",
                       description="Say whether drill and bank programs run kernel-confined (Landlock and "
                                   "seccomp-bpf) or limited, and make a trial run.")
    add_common(p)
    p.add_argument("--json", action="store_true", help="print JSON: {sandbox, kernel, trial, ...}")


def cmd_doctor(args: argparse.Namespace) -> int:
    import json

    from quizapp import sandbox
    from quizapp.sandbox import Limits, Sandbox

    if getattr(args, "lang", None):
        i18n.set_lang(args.lang)
    lvl = sandbox.level()
    what = sandbox.describe()
    target = str(Path(__file__).resolve())
    trial = "failed"
    detail = ""
    try:
        with Sandbox() as sb:
            r = sb.run(f"data = len(open({target!r}, 'rb').read(16))", result_names=["data"],
                       limits=Limits(wall_s=10.0, cpu_s=5))
        if r.ok:
            trial = "opened"
        elif r.kind == "PermissionError":
            trial = "refused"
        else:
            detail = r.summary()
    except Exception as exc:  # noqa: BLE001 - the doctor reports, it does not crash
        detail = repr(exc)
    broken = lvl == "full" and trial != "refused"
    from quizapp.bank.verify import framework_available

    has_torch = framework_available("torch")
    if args.json:
        print(json.dumps({"sandbox": lvl, "kernel": platform.release(), "offers": what, "trial": trial,
                          "detail": detail, "python": platform.python_version(), "torch": has_torch},
                         ensure_ascii=False, indent=2))
        return 1 if broken else 0
    print(i18n.t("doctor_python", version=platform.python_version(), exe=sys.executable))
    print(f"Linux {platform.release()}" if platform.system() == "Linux" else platform.platform())
    print(i18n.t("sandbox_full", what=what) if lvl == "full" else i18n.t("sandbox_limited", why=what))
    if trial == "refused":
        print(i18n.t("doctor_probe_ok"))
    elif trial == "opened":
        print(i18n.t("doctor_probe_bad") if lvl == "full" else i18n.t("doctor_probe_limited"))
    else:
        print(i18n.t("doctor_probe_failed", error=detail))
    print(i18n.t("doctor_torch_yes") if has_torch else i18n.t("doctor_torch_no"))
    return 1 if broken else 0
