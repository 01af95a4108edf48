"""Strings of class mode, in Japanese and English (added to quizapp.i18n's table on import)."""

from quizapp import i18n

STRINGS: dict[str, dict[str, str]] = {
    "class_final_open": {"ja": "修了テスト「{title}」を受験できます ({closes} UTC まで): quizapp final",
                         "en": "The final “{title}” is open (until {closes} UTC): quizapp final"},
    "class_no_final": {"ja": "受験できる修了テストはありません", "en": "No final test is open"},
    "class_board_title": {"ja": "修了テスト {id} 「{title}」 順位表", "en": "Final {id} “{title}”: leaderboard"},
    "class_board_head": {"ja": "順位  受講者               知識         技術        総合    所要時間",
                         "en": "Rank  Learner              Knowledge    Technical   Total   Time used"},
    "class_awards_title": {"ja": "優秀者 — {title}", "en": "Awards — {title}"},
    "class_awards_rule": {
        "ja": "選考基準: 知識テストと技術テストの得点率の平均 (総合) の高い順に上位 {n} 名。同点は所要時間の短い順。"
              "得点は講師側で、保存された解答を問題の正解と照合し、技術テストは提出コードを採点し直して算出。"
              "受験時間外の解答は数えない。",
        "en": "Rule: the top {n} by combined score (the mean of the knowledge and technical percentages); ties go to "
              "less time used. Scores are recomputed on the instructor's side from the stored answers against the "
              "keys and by grading the submitted code again; answers outside the window do not count."},
    "class_awards_none": {"ja": "まだ受験者がいません", "en": "Nobody has taken the final yet"},
    "class_report_title": {"ja": "クラスレポート", "en": "Class report"},
    "class_behind": {"ja": "遅れ気味", "en": "falling behind"},
}

i18n._STRINGS.update(STRINGS)  # noqa: SLF001 - class mode keeps its strings in its own module
