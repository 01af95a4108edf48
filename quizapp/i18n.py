"""UI strings: Japanese by default, English with ``--lang en``."""

from __future__ import annotations

_STRINGS: dict[str, dict[str, str]] = {
    "app_title": {"ja": "quizapp — E資格 対策", "en": "quizapp — JDLA E資格 prep"},
    "days": {"ja": "カリキュラム (日別)", "en": "Curriculum (by day)"},
    "areas": {"ja": "分野別", "en": "By area"},
    "col_day": {"ja": "日", "en": "Day"},
    "col_theme": {"ja": "テーマ", "en": "Theme"},
    "col_questions": {"ja": "問題", "en": "Qs"},
    "col_answered": {"ja": "回答済", "en": "Done"},
    "col_accuracy": {"ja": "正答率", "en": "Accuracy"},
    "col_progress": {"ja": "進捗", "en": "Progress"},
    "col_area": {"ja": "分野", "en": "Area"},
    "col_drills": {"ja": "ドリル", "en": "Drills"},
    "count": {"ja": "出題数", "en": "Questions per quiz"},
    "resume_none": {"ja": "再開できるクイズはありません", "en": "No quiz to resume"},
    "resume_some": {"ja": "未完了のクイズ: {title} ({done}/{total}) — r で再開", "en": "Unfinished quiz: {title} ({done}/{total}) — press r to resume"},
    "bank_warnings": {"ja": "問題バンクに {n} 件の問題があり、該当する問題を除外しました (quizapp bank validate で詳細)", "en": "{n} problem(s) in the question banks; affected questions were skipped (see quizapp bank validate)"},
    "bind_start": {"ja": "開始", "en": "Start"},
    "bind_mixed": {"ja": "全範囲", "en": "All days"},
    "bind_more": {"ja": "出題数+", "en": "More"},
    "bind_less": {"ja": "出題数-", "en": "Fewer"},
    "bind_resume": {"ja": "再開", "en": "Resume"},
    "bind_quit": {"ja": "終了", "en": "Quit"},
    "bind_leave": {"ja": "中断して戻る", "en": "Leave"},
    "bind_submit": {"ja": "決定", "en": "Submit"},
    "bind_next": {"ja": "次へ", "en": "Next"},
    "bind_toggle": {"ja": "選択切替", "en": "Toggle"},
    "bind_back": {"ja": "戻る", "en": "Back"},
    "question_n": {"ja": "問 {n}/{total}", "en": "Q {n}/{total}"},
    "difficulty": {"ja": "難易度", "en": "difficulty"},
    "hint_single": {"ja": "1〜{n} で選択し Enter で回答", "en": "Press 1-{n} to choose, Enter to answer"},
    "hint_multi": {"ja": "正しいものをすべて選択: 1〜{n} / Space で切替、Enter で回答", "en": "Select all that apply: 1-{n} or Space to toggle, Enter to answer"},
    "hint_numeric": {"ja": "数値を入力して Enter", "en": "Type a number and press Enter"},
    "hint_code": {"ja": "空欄 ({label}) に入るものを 1〜{n} で選択し Enter", "en": "Choose what goes in blank ({label}) with 1-{n}, then Enter"},
    "hint_next": {"ja": "Enter で次へ", "en": "Press Enter for the next question"},
    "hint_last": {"ja": "Enter で結果へ", "en": "Press Enter for the results"},
    "need_choice": {"ja": "選択肢を選んでください", "en": "Choose an answer first"},
    "need_number": {"ja": "数値を入力してください (例: 0.25)", "en": "Enter a number (e.g. 0.25)"},
    "correct": {"ja": "✓ 正解", "en": "✓ Correct"},
    "wrong": {"ja": "✗ 不正解", "en": "✗ Incorrect"},
    "right_answer": {"ja": "正答", "en": "Answer"},
    "your_answer": {"ja": "あなたの回答", "en": "Your answer"},
    "explanation": {"ja": "解説", "en": "Explanation"},
    "summary": {"ja": "結果", "en": "Results"},
    "score": {"ja": "{correct}/{total} 問正解 ({pct:.0f}%)", "en": "{correct}/{total} correct ({pct:.0f}%)"},
    "time_spent": {"ja": "所要時間 {m}分{s:02d}秒", "en": "Time {m}m {s:02d}s"},
    "to_review": {"ja": "間違えた問題", "en": "Questions to review"},
    "none_wrong": {"ja": "全問正解です", "en": "No mistakes"},
    "saved_left": {"ja": "回答は保存済みです。ホームの r で再開できます", "en": "Your answers are saved; press r on the home screen to resume"},
    "no_questions": {"ja": "該当する問題がありません", "en": "No questions match"},
    "quiz_day": {"ja": "DAY.{day} {title}", "en": "Day {day}: {title}"},
    "quiz_area": {"ja": "分野: {area}", "en": "Area: {area}"},
    "quiz_mixed": {"ja": "全範囲ミックス", "en": "All days mixed"},
    "loading": {"ja": "データベースを開いています…", "en": "Opening the database…"},
    "db_error": {"ja": "データベースを開けません: {error}", "en": "Cannot open the database: {error}"},
    "nothing_due": {"ja": "今日の復習はすべて終わっています", "en": "Nothing is due for review"},
    "review_title": {"ja": "復習 (間隔反復)", "en": "Review (spaced repetition)"},
    "no_history": {"ja": "弱点を判断するための回答履歴がまだありません", "en": "Not enough answers yet to find weak spots"},
    "weak_title": {"ja": "弱点練習: {topics}", "en": "Weak spots: {topics}"},
    "rating_line": {"ja": "復習の評価: {rating} ({how})   変更: {choices}", "en": "Review rating: {rating} ({how})   change: {choices}"},
    "rating_auto": {"ja": "自動", "en": "automatic"},
    "rating_set": {"ja": "変更済み", "en": "changed"},
    "plan": {"ja": "今日: 復習 {due} 件 ・ 新しい問題 {new} 問 ・ ドリル復習 {drills} 件 ・ 連続学習 {streak} 日",
             "en": "Today: {due} reviews · {new} new questions · {drills} drills due · streak {streak} days"},
    "bind_review": {"ja": "復習", "en": "Review"},
    "bind_weak": {"ja": "弱点練習", "en": "Weak spots"},
    "exam_title": {"ja": "DAY.10 知識テスト (模擬試験)", "en": "DAY.10 knowledge test (mock exam)"},
    "exam_answered": {"ja": "回答済 {done}/{total}", "en": "answered {done}/{total}"},
    "exam_left": {"ja": "残り", "en": "left"},
    "exam_hint": {"ja": "1〜9 選択 (何度でも変更可) ・ ←/→ 前後 ・ f フラグ ・ g 一覧 ・ Ctrl+S 提出 ・ Esc 中断 (時計は停止)",
                  "en": "1-9 choose (change any time) · ←/→ move · f flag · g list · Ctrl+S submit · Esc pause (clock stops)"},
    "exam_time_up": {"ja": "時間切れ: 自動で提出しました", "en": "Time is up: submitted automatically"},
    "exam_paused": {"ja": "模擬試験を中断しました。回答と残り時間は保存済みです (e で再開)", "en": "Exam paused; answers and time are saved (press e to resume)"},
    "exam_overview": {"ja": "問題一覧 (● 回答済 ○ 未回答 ⚑ フラグ) — Enter で移動", "en": "All questions (● answered ○ open ⚑ flagged) — Enter to jump"},
    "exam_confirm": {"ja": "提出しますか? 未回答 {unanswered} 問、フラグ {flagged} 問\n\ny: 提出する   n: 戻る",
                     "en": "Submit the exam? {unanswered} unanswered, {flagged} flagged\n\ny: submit   n: go back"},
    "exam_pass": {"ja": "合格ライン到達", "en": "PASS"},
    "exam_fail": {"ja": "合格ライン未達", "en": "FAIL"},
    "exam_line": {"ja": "合格ライン", "en": "pass line"},
    "exam_result_title": {"ja": "模擬試験の結果", "en": "Mock exam result"},
    "exam_review": {"ja": "全問の振り返り", "en": "Review of every question"},
    "bind_exam_next": {"ja": "次", "en": "Next"},
    "bind_exam_prev": {"ja": "前", "en": "Prev"},
    "bind_exam_flag": {"ja": "フラグ", "en": "Flag"},
    "bind_exam_list": {"ja": "一覧", "en": "List"},
    "bind_exam_submit": {"ja": "提出", "en": "Submit"},
    "bind_exam_pause": {"ja": "中断", "en": "Pause"},
    "bind_exam": {"ja": "模擬試験", "en": "Mock exam"},
    "report_title": {"ja": "学習レポート", "en": "Progress report"},
    "report_summary": {"ja": "回答 {answers} 件 ・ 正答率 {acc} ・ 学習日数 {days} 日 ・ 連続 {streak} 日",
                       "en": "{answers} answers · accuracy {acc} · {days} study days · streak {streak}"},
    "report_areas": {"ja": "試験の分野別 (予測スコアは復習カードの想起確率から)", "en": "Exam areas (predicted score from recall probabilities)"},
    "report_predicted": {"ja": "予測スコア", "en": "Predicted"},
    "report_overall": {"ja": "総合", "en": "Overall"},
    "report_calendar": {"ja": "学習カレンダー (過去26週)", "en": "Study calendar (26 weeks)"},
    "report_retention": {"ja": "実際の定着率 (true retention): {rate} ({n} 回の復習)、直近30日 {rate30} ({n30} 回)",
                         "en": "True retention: {rate} of {n} reviews; last 30 days {rate30} of {n30}"},
    "report_weak": {"ja": "弱点トピック — Enter でそのトピックを練習", "en": "Weakest topics — Enter to practise one"},
    "report_recall": {"ja": "想起確率", "en": "Recall"},
    "report_exams": {"ja": "模擬試験の履歴", "en": "Mock exam history"},
    "report_no_exams": {"ja": "まだありません (e で模擬試験)", "en": "None yet (press e for a mock exam)"},
    "col_topic": {"ja": "トピック", "en": "Topic"},
    "bind_report": {"ja": "レポート", "en": "Report"},
    "techtest_title": {"ja": "DAY.10 技術テスト", "en": "DAY.10 technical test"},
    "code_blank": {"ja": "コード (空欄 ({label}) を埋める)", "en": "Code (fill blank ({label}))"},
}

_lang = "ja"


def set_lang(lang: str | None) -> None:
    global _lang
    _lang = lang if lang in ("ja", "en") else "ja"


def get_lang() -> str:
    return _lang


def t(key: str, **kw: object) -> str:
    entry = _STRINGS[key]
    text = entry.get(_lang) or entry["ja"]
    return text.format(**kw) if kw else text


def has(key: str) -> bool:
    return key in _STRINGS
