"""The sandbox's words as a learner reads them, in the interface language.

The sandbox worker and :mod:`quizapp.confine` describe what happened in fixed English phrases
("did not finish within 10 s", "the process ended: CPU time limit", "no Landlock"): they are
part of the worker's reply, not of the interface. The places that show them to a person (drill
feedback, ``quizapp doctor``, the drill screen, class mode) pass them through :func:`run_error`
and :func:`describe`, which put the known phrases into the interface language and leave
anything else (a Python exception's own message) as it is. No Textual here.
"""

from __future__ import annotations

import re

from quizapp import i18n

STRINGS: dict[str, dict[str, str]] = {
    "sbx_timeout": {"ja": "{seconds} 秒以内に終わりませんでした", "en": "did not finish within {seconds} s"},
    "sbx_ended": {"ja": "プロセスが終了しました: {why}", "en": "the process ended: {why}"},
    "sbx_sig_cpu": {"ja": "CPU 時間の上限", "en": "CPU time limit"},
    "sbx_sig_kill": {"ja": "強制終了 (CPU 時間かメモリの上限)", "en": "killed (CPU time or memory limit)"},
    "sbx_sig_output": {"ja": "出力の上限", "en": "output limit"},
    "sbx_sig_segv": {"ja": "異常終了 (セグメンテーション違反)", "en": "crashed (segmentation fault)"},
    "sbx_sig_other": {"ja": "シグナル {sig}", "en": "signal {sig}"},
    "sbx_exited": {"ja": "プロセスが結果を返す前に終了しました (終了コード {code})",
                   "en": "the process exited (code {code}) before returning a result"},
    "sbx_too_large": {"ja": "結果が 64 MiB を超えました", "en": "the result was larger than 64 MiB"},
    "sbx_malformed_result": {"ja": "プログラムの結果の形式が正しくありません: フィールド {field} が {type} ではありません",
                             "en": "the program's result was malformed: field {field} is not a {type}"},
    "sbx_malformed_reply": {"ja": "サンドボックスの応答の形式が正しくありません (フィールド {field})",
                            "en": "the sandbox's reply was malformed (field {field})"},
    "sbx_unreadable": {"ja": "結果を読み取れませんでした{detail}", "en": "the result could not be read{detail}"},
    "sbx_failure": {"ja": "サンドボックスの障害: {detail}", "en": "sandbox failure: {detail}"},
    "sbx_no_confine": {"ja": "サンドボックスがプログラムを隔離できませんでした: {detail}",
                       "en": "the sandbox could not confine the program: {detail}"},
    "sbx_not_allowed": {"ja": "サンドボックスでは許可されていません: {what}", "en": "not allowed in the sandbox: {what}"},
    "sbx_writing": {"ja": "{path} への書き込み", "en": "writing to {path}"},
    "sbx_not_available": {"ja": "ここではカーネルのサンドボックスが使えません ({what})",
                          "en": "the kernel sandbox is not available here ({what})"},
    # what the kernel offers (quizapp.confine.Support.describe and its reason)
    "sbx_landlock": {"ja": "Landlock ABI {abi}", "en": "Landlock ABI {abi}"},
    "sbx_no_landlock": {"ja": "Landlock なし", "en": "no Landlock"},
    "sbx_seccomp": {"ja": "seccomp-bpf", "en": "seccomp-bpf"},
    "sbx_no_seccomp": {"ja": "seccomp-bpf なし", "en": "no seccomp-bpf"},
    "sbx_forced": {"ja": "QUIZAPP_SANDBOX=limited。カーネルが提供するもの: {what}",
                   "en": "QUIZAPP_SANDBOX=limited; the kernel offers {what}"},
    "sbx_reason_os": {"ja": "{os} には Landlock も seccomp もありません", "en": "{os} has neither Landlock nor seccomp"},
    "sbx_reason_landlock": {"ja": "Landlock が使えません ({error})", "en": "Landlock unavailable ({error})"},
    "sbx_reason_seccomp": {"ja": "{machine} 用の seccomp フィルタがありません", "en": "no seccomp filter for {machine}"},
    "sbx_reason_libc": {"ja": "libc がありません: {error}", "en": "no libc: {error}"},
}
i18n._STRINGS.update(STRINGS)  # noqa: SLF001 - the sandbox's texts live beside their translation

_SIGNALS = {"CPU time limit": "sbx_sig_cpu", "killed (CPU time or memory limit)": "sbx_sig_kill",
            "output limit": "sbx_sig_output", "crashed (segmentation fault)": "sbx_sig_segv"}

#: The worker's and the sandbox's fixed phrases: (pattern, key, how the groups become values).
_RUN_PHRASES: list[tuple[re.Pattern[str], str]] = [
    (re.compile(r"did not finish within (?P<seconds>[\d.e+-]+) s"), "sbx_timeout"),
    (re.compile(r"the process ended: (?P<why>.+)"), "sbx_ended"),
    (re.compile(r"the process exited \(code (?P<code>-?\d+)\) before returning a result"), "sbx_exited"),
    (re.compile(r"the result was larger than 64 MiB"), "sbx_too_large"),
    (re.compile(r"the program's result was malformed: field (?P<field>.+?) is not a (?P<type>\w+)"), "sbx_malformed_result"),
    (re.compile(r"the sandbox's reply was malformed \(field (?P<field>.+?)\)"), "sbx_malformed_reply"),
    (re.compile(r"the result could not be read(?P<detail>.*)", re.S), "sbx_unreadable"),
    (re.compile(r"sandbox failure: (?P<detail>.*)", re.S), "sbx_failure"),
    (re.compile(r"the sandbox could not confine the program: (?P<detail>.*)", re.S), "sbx_no_confine"),
    (re.compile(r"the kernel sandbox is not available here \((?P<what>.*)\)", re.S), "sbx_not_available"),
]
_NOT_ALLOWED = re.compile(r"not allowed in the sandbox: (?P<what>[^\n]*)")
_WRITING = re.compile(r"writing to (?P<path>.+)")


def _signal(why: str) -> str:
    key = _SIGNALS.get(why)
    if key:
        return i18n.t(key)
    m = re.fullmatch(r"signal (\d+)", why)
    return i18n.t("sbx_sig_other", sig=m.group(1)) if m else why


def _not_allowed(m: re.Match[str]) -> str:
    what = m.group("what")
    w = _WRITING.fullmatch(what)
    return i18n.t("sbx_not_allowed", what=i18n.t("sbx_writing", path=w.group("path")) if w else what)


def run_error(text: str) -> str:
    """A sandbox run's error or summary (``RunResult.error`` / ``summary()``) in the interface
    language; text that is not one of the sandbox's own phrases is returned unchanged."""
    if not text:
        return text
    stripped = text.strip()
    for pattern, key in _RUN_PHRASES:
        m = pattern.fullmatch(stripped)
        if m:
            values = m.groupdict()
            if key == "sbx_ended":
                values["why"] = _signal(values["why"])
            if key == "sbx_not_available":
                values["what"] = describe_text(values["what"])
            if key == "sbx_unreadable" and values.get("detail") and not values["detail"].startswith(":"):
                break
            return i18n.t(key, **values)
    return _NOT_ALLOWED.sub(_not_allowed, text)


def _reason(text: str) -> str:
    parts = []
    for part in text.split("; "):
        for pattern, key in ((r"(?P<os>\S+) has neither Landlock nor seccomp", "sbx_reason_os"),
                             (r"Landlock unavailable \((?P<error>.*)\)", "sbx_reason_landlock"),
                             (r"no seccomp filter for (?P<machine>\S+)", "sbx_reason_seccomp"),
                             (r"no libc: (?P<error>.*)", "sbx_reason_libc")):
            m = re.fullmatch(pattern, part)
            if m:
                part = i18n.t(key, **m.groupdict())
                break
        parts.append(part)
    return "; ".join(parts) if i18n.get_lang() == "en" else "、".join(parts)


def describe_text(text: str) -> str:
    """:func:`quizapp.sandbox.describe`'s English text in the interface language."""
    if i18n.get_lang() == "en":
        return text
    forced = text.startswith("QUIZAPP_SANDBOX=limited; the kernel offers ")
    if forced:
        text = text[len("QUIZAPP_SANDBOX=limited; the kernel offers "):]
    head, _, reason = text.partition("; ")
    words = {"no Landlock": i18n.t("sbx_no_landlock"), "no seccomp-bpf": i18n.t("sbx_no_seccomp")}
    out = ", ".join(words.get(w, w) for w in head.split(", "))
    if reason:
        out += "; " + _reason(reason)
    return i18n.t("sbx_forced", what=out) if forced else out


def describe() -> str:
    """What the kernel offers, in a few words, in the interface language."""
    from quizapp import sandbox

    return describe_text(sandbox.describe())
