"""UI strings of the kernel sandbox, the drill-code policy and ``quizapp doctor`` (merged into
:mod:`quizapp.i18n`; kept apart so that the sandbox's texts live in one place)."""

from __future__ import annotations

STRINGS: dict[str, dict[str, str]] = {
    "drill_policy_failed": {"ja": "このコードは実行前の検査で止められました (ドリルでは NumPy と算術だけを使います): {problems}",
                            "en": "This code was stopped by the check before running (drills use NumPy and arithmetic only): {problems}"},
    "drill_policy_line": {"ja": "{line} 行目: {msg}", "en": "line {line}: {msg}"},
    "drill_policy_import": {"ja": "モジュール {name} は使えません (numpy, math など計算用のものだけ)",
                            "en": "module {name} is not allowed (only numpy, math and other computing modules)"},
    "drill_policy_dunder": {"ja": "ダンダー属性・名前 {name} は使えません", "en": "the dunder attribute or name {name} is not allowed"},
    "drill_policy_builtin": {"ja": "{name} は使えません", "en": "{name} is not allowed"},
    "drill_policy_attr": {"ja": "{name} は使えません (ファイル入出力・生メモリ・実行中のフレームへのアクセス)",
                          "en": "{name} is not allowed (file I/O, raw memory or frame introspection)"},
    "drill_policy_computed": {"ja": "{name} には文字列リテラルの名前だけが使えます", "en": "{name} is allowed with a literal name only"},
    "drill_policy_nested": {"ja": "式の入れ子が深すぎます", "en": "expressions nested too deeply"},
    "sandbox_limited": {"ja": "サンドボックス: 制限付き (カーネルによる隔離 Landlock/seccomp なし — {why})。採点は rlimit とプロセス内の検査だけで行います",
                        "en": "sandbox: limited (no kernel confinement by Landlock/seccomp — {why}); grading relies on rlimits and in-process guards only"},
    "sandbox_full": {"ja": "サンドボックス: カーネルで隔離 ({what})", "en": "sandbox: kernel-confined ({what})"},
    "sandbox_refused": {"ja": "カーネルのサンドボックスが使えないため、採点を拒否しました ({why})",
                        "en": "grading refused: the kernel sandbox is not available ({why})"},
    "drill_bad_result_type": {"ja": "{name} が {what} です。普通の NumPy 配列 (ndarray) か数値を返してください",
                              "en": "{name} is {what}; return a plain NumPy array (ndarray) or number"},
    "drill_file_refused": {"ja": "{path} は通常のファイルではありません ({what})。開かずに止めました",
                           "en": "{path} is not a regular file ({what}); not opened"},
    "drill_file_too_big": {"ja": "{path} が大きすぎます ({size} バイト、上限 {limit})",
                           "en": "{path} is too large ({size} bytes, limit {limit})"},
    "doctor_python": {"ja": "Python {version} ({exe})", "en": "Python {version} ({exe})"},
    "doctor_db": {"ja": "データベース: {url}", "en": "database: {url}"},
    "doctor_probe_ok": {"ja": "試験実行: 隔離されたジョブはファイルを開けませんでした (正常)",
                        "en": "trial run: a confined job could not open a file (as it should)"},
    "doctor_probe_bad": {"ja": "試験実行: ジョブがファイルを開けました — 隔離が効いていません",
                         "en": "trial run: a job could open a file — confinement is not working"},
    "doctor_probe_limited": {"ja": "試験実行: ジョブはファイルを開けました (制限付きモードでは想定どおり)",
                             "en": "trial run: a job could open a file (as expected when limited)"},
    "doctor_probe_failed": {"ja": "試験実行に失敗しました: {error}", "en": "trial run failed: {error}"},
}
