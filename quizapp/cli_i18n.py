"""``--help`` and argparse's own messages in the interface language (Japanese by default).

The command line is written in English in ``cli.py`` (and ``drills/cli.py``); :func:`localize`
walks the finished parser and replaces every description and help text with its Japanese
version from :data:`HELP_JA`, and :func:`install_argparse_messages` translates argparse's own
words ("usage:", "options", "error:", "invalid choice", …). A help text without a translation
stays English; ``tests/test_cli_i18n.py`` lists any such text so it gets one.
"""

from __future__ import annotations

import argparse
from collections.abc import Sequence

HELP_JA: dict[str, str] = {
    "JDLA E資格 (E検定) exam prep in the terminal. With no command, opens the app.":
        "JDLA E資格 (E検定) 対策をターミナルで。コマンドなしで起動するとアプリが開きます。",
    "show this help message and exit": "このヘルプを表示して終了する",
    "show program's version number and exit": "バージョンを表示して終了する",
    "SQLAlchemy database URL (default: $QUIZAPP_DB or a SQLite file in the data folder)":
        "SQLAlchemy のデータベース URL (既定: $QUIZAPP_DB、なければデータフォルダの SQLite ファイル)",
    "interface language (default: ja)": "表示言語 (既定: ja)",
    "learner profile: progress is kept per name (default: $QUIZAPP_LEARNER or 'default')":
        "学習者プロファイル: 名前ごとに進捗を分けて保存 (既定: $QUIZAPP_LEARNER、なければ 'default')",
    "open the app (the default)": "アプリを開く (既定)",
    "open the app straight into a quiz": "アプリを開いてすぐクイズを始める",
    "review the questions due today (spaced repetition)": "今日が復習日の問題を解く (間隔反復)",
    "practice your weakest topics": "弱点トピックを練習する",
    "DAY.10 mock exam (timed, scored per area)": "DAY.10 模擬試験 (時間制限つき、分野別に採点)",
    "DAY.10 technical test (timed coding drills)": "DAY.10 技術テスト (時間制限つきのコーディングドリル)",
    "check and count the question banks": "問題バンクの検査と集計",
    "progress report": "学習レポート",
    "coding drills (NumPy forward/backward)": "コーディングドリル (NumPy で順伝播・逆伝播)",
    "Open the terminal app.": "ターミナルアプリを開きます。",
    "Start a quiz in the app.": "アプリでクイズを始めます。",
    "curriculum day 0-9": "カリキュラムの日 (0〜9)",
    "area, e.g. 機械学習 or 深層学習": "分野 (例: 機械学習、深層学習)",
    "syllabus item: a 大項目 (4), 中項目 (4-2) or 小項目 (4-2-2)":
        "シラバス項目: 大項目 (4)、中項目 (4-2)、小項目 (4-2-2)",
    "syllabus keyword, e.g. NMS (see `quizapp bank coverage`)":
        "シラバスのキーワード (例: NMS。一覧は `quizapp bank coverage`)",
    "number of questions (default 10)": "出題数 (既定 10)",
    "Open the app on a review of every due item, most overdue first.":
        "復習日が来た問題を、期限を過ぎたものから順に出題します。",
    "Open the app on weak-spot practice.": "弱点の練習を始めます。",
    "only this part of the syllabus: 4, 4-2 or 4-2-2": "シラバスのこの範囲だけ: 4、4-2、4-2-2",
    "Open the app on a timed mock exam (resumes an unfinished one), or list past results with --history.":
        "時間制限つきの模擬試験を開きます (未完了のものがあれば再開)。--history で過去の結果を表示します。",
    "questions (default 100)": "問題数 (既定 100)",
    "time limit (default 120)": "制限時間 (分、既定 120)",
    "pass line in percent (default 65)": "合格ライン (%%、既定 65)",
    "share of a report area in percent, instead of the default draw by syllabus item (repeatable; "
    "areas not given keep 応用数学=10 機械学習=20 深層学習=60 開発・運用環境=10)":
        "スコアレポートの分野ごとの出題割合 (%%)。既定のシラバス項目ごとの出題の代わりに使います "
        "(複数指定可。指定しない分野は 応用数学=10 機械学習=20 深層学習=60 開発・運用環境=10)",
    "start a new exam even if one is unfinished": "未完了の試験があっても新しく始める",
    "print past results instead of opening the app": "アプリを開かずに過去の結果を表示する",
    "with --history: print JSON": "--history と併用: JSON で出力する",
    "Open the app on a timed set of drills from different days (resumes an unfinished one), "
    "or list past results with --history.":
        "異なる日のドリルを時間制限つきで解きます (未完了のものがあれば再開)。--history で過去の結果を表示します。",
    "drills (default 5)": "ドリル数 (既定 5)",
    "time limit (default 60)": "制限時間 (分、既定 60)",
    "Question-bank tools.": "問題バンクのツール。",
    "report every schema error (exit 1 if any)": "スキーマの誤りをすべて報告する (あれば終了コード 1)",
    "run every computation and code question (exit 1 on any failure)":
        "計算問題とコード問題をすべて実行する (失敗があれば終了コード 1)",
    "count questions by day, area, type and topic": "日・分野・形式・トピックごとに問題数を数える",
    "find test-taking cues (exit 1 on any finding not waived)":
        "解答の手がかりになる癖を探す (免除されていない指摘があれば終了コード 1)",
    "questions per syllabus item and keyword": "シラバス項目・キーワードごとの問題数",
    "Check bank files against the schema; every error with file, line and field.":
        "バンクファイルをスキーマで検査し、誤りをすべてファイル・行・フィールドつきで表示します。",
    "files or folders (default: the shipped banks and $QUIZAPP_BANKS)":
        "ファイルまたはフォルダ (既定: 同梱のバンクと $QUIZAPP_BANKS)",
    "Run numeric computations and code questions in a sandbox and check the answer keys.":
        "計算問題とコード問題をサンドボックスで実行し、正答を確かめます。",
    "files or folders (default: the shipped banks)": "ファイルまたはフォルダ (既定: 同梱のバンク)",
    "parallel sandboxes (default 2)": "並列に動かすサンドボックスの数 (既定 2)",
    "list questions that pass too": "合格した問題も表示する",
    "Bank statistics.": "バンクの統計。",
    "print JSON": "JSON で出力する",
    "Report, with file:line, the cues that let a test-wise learner pick the key without knowing the "
    "material: the longest key, a key alone in carrying a formula, gloss or hedge, absolute words only in "
    "distractors, choices named by position, duplicate choices, mixed punctuation widths, missing "
    "rationales, uneven key positions; and sentences broken mid-way by a line break. Waivers (waive: in "
    "the YAML, with a reason) are listed.":
        "内容を知らなくても正答を選べてしまう手がかりを、ファイル:行つきで報告します: 最も長い正答、"
        "正答だけが式・注釈・ぼかし表現を含む、誤答だけに断定語、選択肢を番号で呼ぶ解説、重複した選択肢、"
        "全角・半角の約物の混在、根拠 (why) の欠落、正答位置の偏り。文の途中の改行も報告します。"
        "免除 (YAML の waive: と理由) も表示します。",
    "Count questions, calculation/code questions and verified questions for every syllabus item "
    "(小項目) and keyword; mark items in scope under N questions.":
        "シラバスの小項目とキーワードごとに、問題数・計算/コード問題数・検証済み問題数を数え、"
        "N 問に満たない出題範囲の項目に印をつけます。",
    "list only examined items and keywords with fewer than N questions (exit 1 if any)":
        "出題範囲で N 問に満たない項目とキーワードだけを表示する (あれば終了コード 1)",
    "Print a progress report.": "学習レポートを出力します。",
    "text (default), md, html (self-contained, with charts), json or csv":
        "text (既定)、md、html (単体で開けるグラフつき)、json、csv",
    "write to this file instead of standard output": "標準出力ではなくこのファイルに書き出す",
    "Coding drills: write NumPy layers; the grader checks them in a sandbox.":
        "コーディングドリル: NumPy でレイヤを実装し、採点器がサンドボックスで確かめます。",
    "list the drills with their status": "ドリルの一覧と状態",
    "print a drill's statement": "ドリルの問題文を表示する",
    "copy the starter into your workspace and print its path": "雛形を作業フォルダにコピーしてパスを表示する",
    "grade your file (exit 0 pass, 1 fail, 2 usage error)": "ファイルを採点する (終了コード 0 合格、1 不合格、2 使い方の誤り)",
    "check again on every save of your file": "ファイルを保存するたびに採点し直す",
    "show the next hint": "次のヒントを表示する",
    "show the reference solution (recorded)": "模範解答を表示する (記録されます)",
    "put the starter back into your workspace (the old file is kept as .bak)":
        "作業ファイルを雛形に戻す (元のファイルは .bak として残ります)",
    "List the drills with their status.": "ドリルの一覧と状態を表示します。",
    "print JSON: a list of {id, day, title, passed, ...}": "JSON で出力する: {id, day, title, passed, ...} のリスト",
    "Print a drill's statement.": "ドリルの問題文を表示します。",
    "drill id, e.g. day01.relu (see `quizapp drill list`)": "ドリルの ID (例: day01.relu。一覧は `quizapp drill list`)",
    "Copy the starter into your workspace and print its path.": "雛形を作業フォルダにコピーし、パスを表示します。",
    "Grade your file (exit 0 pass, 1 fail, 2 usage error).":
        "ファイルを採点します (終了コード 0 合格、1 不合格、2 使い方の誤り)。",
    "check this file instead of your workspace file": "作業ファイルの代わりにこのファイルを採点する",
    "print JSON: {passed, checks: [{name, passed, message}], ...}":
        "JSON で出力する: {passed, checks: [{name, passed, message}], ...}",
    "Check again on every save of your file.": "ファイルを保存するたびに採点し直します。",
    "watch this file instead of your workspace file": "作業ファイルの代わりにこのファイルを見張る",
    "seconds between looks at the file (default 0.3)": "ファイルを確かめる間隔 (秒、既定 0.3)",
    "Show the next hint.": "次のヒントを表示します。",
    "Show the reference solution (recorded).": "模範解答を表示します (記録されます)。",
    "Put the starter back into your workspace (the old file is kept as .bak).":
        "作業ファイルを雛形に戻します (元のファイルは .bak として残ります)。",
    # class mode (quizapp final, quizapp class …)
    "take the open final test of your class (class mode)": "クラスで公開中の修了テストを受ける (クラスモード)",
    "class mode: a shared PostgreSQL database, finals, leaderboard (instructor)":
        "クラスモード: 共有 PostgreSQL データベース、修了テスト、ランキング (講師向け)",
    "Open the final test your instructor has opened on the class database (the knowledge test; --technical "
    "for the technical test). It resumes if started.":
        "講師がクラスのデータベースで公開した修了テストを開きます (知識テスト。--technical で技術テスト)。"
        "始めていれば再開します。",
    "the technical test instead of the knowledge test": "知識テストではなく技術テストを受ける",
    "Class mode for instructors: one PostgreSQL database for a course, a login per learner, the DAY.10 final, "
    "a live leaderboard and the awards. Give the database with --db URL (the instructor's login) or --data DIR "
    "(a `class serve` folder).":
        "講師向けのクラスモード: 講座ごとに 1 つの PostgreSQL データベース、受講者ごとのログイン、DAY.10 修了テスト、"
        "リアルタイムのランキングと表彰。データベースは --db URL (講師のログイン) か --data DIR "
        "(`class serve` のフォルダ) で指定します。",
    "run an embedded PostgreSQL for the class": "クラス用の組み込み PostgreSQL を動かす",
    "set up an existing PostgreSQL database for a class": "既存の PostgreSQL データベースをクラス用に準備する",
    "add learners (one login each)": "受講者を追加する (1 人に 1 ログイン)",
    "add the learners of a roster CSV": "名簿 CSV の受講者を追加する",
    "print the line a learner runs (new password)": "受講者が実行する 1 行を表示する (新しいパスワード)",
    "DAY.10 final tests: create, list, close": "DAY.10 修了テスト: 作成・一覧・締め切り",
    "leaderboard of a final": "修了テストのランキング",
    "the 優秀者 of a final (text and printable HTML)": "修了テストの優秀者 (テキストと印刷用 HTML)",
    "class report (html, csv or json)": "クラスのレポート (html、csv、json)",
    "Run an embedded PostgreSQL server for the class, keeping its data in DIR, until Ctrl-C. Creates the "
    "database, migrates it and creates the roles.":
        "クラス用の組み込み PostgreSQL サーバーを、データを DIR に置いて Ctrl-C まで動かします。"
        "データベースの作成、マイグレーション、ロールの作成も行います。",
    "data folder (created if missing)": "データフォルダ (なければ作成)",
    "TCP port for the learners (default 5432)": "受講者が接続する TCP ポート (既定 5432)",
    "address to listen on (default: all)": "待ち受けるアドレス (既定: すべて)",
    "host name learners use to connect (default: this machine's address)":
        "受講者が接続に使うホスト名 (既定: このマシンのアドレス)",
    "Migrate the database given with --db and install roles and row-level security.":
        "--db で指定したデータベースをマイグレーションし、ロールと行レベルセキュリティを設定します。",
    "the folder of `class serve` (instead of --db)": "`class serve` のフォルダ (--db の代わり)",
    "Add learners and print their lines.": "受講者を追加し、それぞれが実行する 1 行を表示します。",
    "host in the printed lines (default: the server's)": "表示する行のホスト (既定: サーバーのもの)",
    "port in the printed lines": "表示する行のポート",
    "Add every learner of a CSV file with a `name` column (or names in the first column) and print their lines.":
        "`name` 列 (または 1 列目の名前) を持つ CSV ファイルの受講者を全員追加し、それぞれの 1 行を表示します。",
    "Issue a new password for a learner and print the one line they run.":
        "受講者に新しいパスワードを発行し、その人が実行する 1 行を表示します。",
    "host in the printed line (default: the server's)": "表示する行のホスト (既定: サーバーのもの)",
    "port in the printed line": "表示する行のポート",
    "The class's final tests.": "クラスの修了テスト。",
    "define a final (fixed seeded questions and drills, open window)":
        "修了テストを定義する (シードで固定した問題とドリル、公開期間)",
    "list the finals": "修了テストの一覧",
    "close a final now": "修了テストを今すぐ締め切る",
    "Create a final: one seeded knowledge test for everybody, composed like the mock exam, a technical test of "
    "drills, and the window in which it is open.":
        "修了テストを作ります: 全員共通でシード固定の知識テスト (模擬試験と同じ構成)、ドリルの技術テスト、"
        "そして公開期間。",
    "knowledge-test questions (default 100)": "知識テストの問題数 (既定 100)",
    "knowledge-test time limit (default 120)": "知識テストの制限時間 (分、既定 120)",
    "technical-test drills (default 5)": "技術テストのドリル数 (既定 5)",
    "technical-test time limit (default 60)": "技術テストの制限時間 (分、既定 60)",
    "opens in this many minutes (default now)": "何分後に公開するか (既定: 今すぐ)",
    "how long it stays open (default 4)": "公開しておく長さ (既定 4)",
    "seed of the question draw (default random)": "出題のシード (既定: ランダム)",
    "List the finals with their windows.": "修了テストを公開期間とともに一覧します。",
    "Close a final now (server clock).": "修了テストを今すぐ締め切ります (サーバーの時計で)。",
    "Knowledge, technical and combined scores of a final, recomputed from the stored answers; ties go to less "
    "time used.":
        "修了テストの知識・技術・合計スコアを保存された回答から計算し直します。同点なら所要時間の短い方が上です。",
    "final id (default: the newest)": "修了テストの ID (既定: 最新)",
    "a live screen that refreshes as answers arrive": "回答が届くたびに更新される画面で表示する",
    "The top N of a final by combined score, with the rule printed.":
        "合計スコアで修了テストの上位 N 人を、決め方とともに表示します。",
    "how many (default 3)": "人数 (既定 3)",
    "also write a printable HTML page": "印刷用の HTML ページも書き出す",
    "Per learner: progress by day, area and topic, exam and technical-test history, final results, and who is "
    "falling behind.":
        "受講者ごとの日・分野・トピック別の進捗、模擬試験と技術テストの履歴、修了テストの結果、遅れている人。",
    "check the sandbox and the environment": "サンドボックスと環境を確認する",
    "Say whether drill and bank programs run kernel-confined (Landlock and seccomp-bpf) or limited, and make a trial run.":
        "ドリルと問題バンクのプログラムがカーネルで閉じ込められて (Landlock と seccomp-bpf) 動くか、制限付きで動くかを示し、試しに 1 回実行する。",
    "print JSON: {sandbox, kernel, trial, ...}": "JSON で出力する: {sandbox, kernel, trial, ...}",
    "grade learners' code even where the kernel sandbox is not available (a hostile submission could then forge its verdict)":
        "カーネルのサンドボックスが使えない環境でも学習者のコードを採点する (悪意あるコードが判定を偽造できるおそれがある)",
    # quizapp db … (quizapp/store/cli.py)
    "check, back up or restore the progress database": "学習記録のデータベースを検査・バックアップ・復元する",
    "Look after the progress database (SQLite files).": "学習記録のデータベース (SQLite ファイル) を管理します。",
    "run SQLite's integrity_check and count the rows of every table (exit 1 on problems)":
        "SQLite の integrity_check を実行し、テーブルごとの行数を数える (問題があれば終了コード 1)",
    "Check the database without changing it: integrity_check, schema revision, rows per table and the backups "
    "kept beside it. Exit 0 when healthy, 1 on any problem.":
        "データベースを変更せずに調べます: integrity_check、スキーマのリビジョン、テーブルごとの行数、横に保存されている"
        "バックアップ。問題がなければ終了コード 0、問題があれば 1。",
    "copy the database (safe while the app runs)": "データベースをコピーする (アプリの実行中でも安全)",
    "Copy the database with SQLite's online backup API (a consistent copy even while the app writes), checked "
    "before it is kept. Without PATH it goes to the backups folder beside the database.":
        "SQLite のオンラインバックアップ API でデータベースをコピーします (アプリが書き込み中でも一貫したコピー)。"
        "保存する前に検査します。PATH を省くと、データベースの横の backups フォルダーに保存します。",
    "replace the database with a backup (the current one is kept)":
        "データベースをバックアップで置き換える (現在のものは保存される)",
    "Check the backup PATH (integrity, a quizapp schema this version can read), then put it in place of the "
    "database. The database it replaces is kept in the backups folder; nothing is deleted. Close the app "
    "before restoring.":
        "バックアップ PATH を検査し (整合性、この版が読める quizapp のスキーマか)、データベースと置き換えます。"
        "置き換えられたデータベースは backups フォルダーに保存され、何も削除されません。復元の前にアプリを閉じてください。",
    "where to write the copy (default: backups/ beside the database)":
        "コピーの保存先 (既定: データベースの横の backups/)",
    "the backup file to restore": "復元するバックアップファイル",
}

#: argparse's own words (its gettext message ids) in Japanese.
ARGPARSE_JA: dict[str, str] = {
    "usage: ": "使い方: ",
    "options": "オプション",
    "positional arguments": "位置引数",
    "show this help message and exit": "このヘルプを表示して終了する",
    "%(prog)s: error: %(message)s\n": "%(prog)s: エラー: %(message)s\n",
    "argument %(argument_name)s: %(message)s": "引数 %(argument_name)s: %(message)s",
    "invalid choice: %(value)r (choose from %(choices)s)": "選べない値です: %(value)r (選べるもの: %(choices)s)",
    "invalid %(type)s value: %(value)r": "%(type)s として読めない値です: %(value)r",
    "the following arguments are required: %s": "次の引数が必要です: %s",
    "unrecognized arguments: %s": "知らない引数です: %s",
    "expected one argument": "値が 1 つ必要です",
    "expected at least one argument": "値が 1 つ以上必要です",
    "expected at most one argument": "値は 1 つまでです",
    "ambiguous option: %(option)s could match %(matches)s": "あいまいなオプションです: %(option)s は %(matches)s のどれにも当てはまります",
    "not allowed with argument %s": "引数 %s と一緒には使えません",
    "one of the arguments %s is required": "引数 %s のどれかが必要です",
    "ignored explicit argument %r": "値 %r は使われません",
}

_original_gettext = argparse._  # type: ignore[attr-defined]


def lang_from_argv(argv: Sequence[str]) -> str:
    """``--lang en`` / ``--lang=en`` anywhere on the command line (before parsing it), else
    ``QUIZAPP_LANG``, else ja."""
    from quizapp.i18n import default_lang

    lang = default_lang()
    for i, arg in enumerate(argv):
        if arg == "--lang" and i + 1 < len(argv):
            lang = argv[i + 1]
        elif arg.startswith("--lang="):
            lang = arg.split("=", 1)[1]
    return lang if lang in ("ja", "en") else default_lang()


def install_argparse_messages(lang: str) -> None:
    """argparse looks its words up through ``argparse._`` when it builds and runs a parser."""
    if lang == "ja":
        argparse._ = lambda message: ARGPARSE_JA.get(message, _original_gettext(message))  # type: ignore[attr-defined]
    else:
        argparse._ = _original_gettext  # type: ignore[attr-defined]


def localize(parser: argparse.ArgumentParser, lang: str) -> None:
    """Every description and help text of ``parser`` and its subcommands in ``lang``."""
    if lang != "ja":
        return
    if parser.description:
        parser.description = HELP_JA.get(parser.description, parser.description)
    for action in parser._actions:
        if action.help and action.help != argparse.SUPPRESS:
            action.help = HELP_JA.get(action.help, action.help)
        if isinstance(action, argparse._SubParsersAction):
            for choice in action._choices_actions:
                if choice.help:
                    choice.help = HELP_JA.get(choice.help, choice.help)
            for sub in dict.fromkeys(action.choices.values()):
                localize(sub, lang)


def untranslated(parser: argparse.ArgumentParser) -> list[str]:
    """Help texts of an English parser that have no Japanese version (for the test)."""
    missing: list[str] = []

    def walk(p: argparse.ArgumentParser) -> None:
        if p.description and p.description not in HELP_JA:
            missing.append(p.description)
        for action in p._actions:
            if action.help and action.help != argparse.SUPPRESS and action.help not in HELP_JA:
                missing.append(action.help)
            if isinstance(action, argparse._SubParsersAction):
                missing.extend(c.help for c in action._choices_actions if c.help and c.help not in HELP_JA)
                for sub in dict.fromkeys(action.choices.values()):
                    walk(sub)

    walk(parser)
    return list(dict.fromkeys(missing))
