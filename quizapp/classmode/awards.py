"""The 優秀者 (awards) of a final: the top N by combined score, with the rule, as text and HTML."""

from __future__ import annotations

import html

from quizapp import i18n


def winners(board, top: int):
    """Everybody who took part, ranked within the top ``top`` (ties share a rank and are all in)."""
    took = [s for s in board if s.knowledge_correct or s.technical_passed or s.seconds]
    return [s for s in took if s.rank <= top]


def awards_text(final, board, top: int) -> str:
    from quizapp.classmode.cli import _fmt_time

    lines = [i18n.t("class_awards_title", title=final.title), i18n.t("class_awards_rule", n=top), ""]
    won = winners(board, top)
    if not won:
        lines.append(i18n.t("class_awards_none"))
    for s in won:
        lines.append(f"{s.rank}. {s.learner}  {s.combined_pct:.1f}%  (知識 {s.knowledge_pct:.1f}% / "
                     f"技術 {s.technical_pct:.1f}%, {_fmt_time(s.seconds)})")
    return "\n".join(lines)


def awards_html(final, board, top: int) -> str:
    from quizapp.classmode.cli import _fmt_time

    rows = "".join(
        f"<tr><td class=r>{s.rank}</td><td>{html.escape(s.learner)}</td><td class=r>{s.combined_pct:.1f}%</td>"
        f"<td class=r>{s.knowledge_pct:.1f}%</td><td class=r>{s.technical_pct:.1f}%</td>"
        f"<td class=r>{_fmt_time(s.seconds)}</td></tr>" for s in winners(board, top))
    title = html.escape(i18n.t("class_awards_title", title=final.title))
    return (f"<!doctype html><html lang=ja><meta charset=utf-8><title>{title}</title>"
            "<style>body{font-family:sans-serif;margin:2cm}h1{text-align:center}table{border-collapse:collapse;"
            "width:100%}td,th{border:1px solid #444;padding:.4em}.r{text-align:right}"
            "@media print{body{margin:1cm}}</style>"
            f"<h1>{title}</h1><p>{html.escape(i18n.t('class_awards_rule', n=top))}</p>"
            "<table><tr><th>順位</th><th>氏名</th><th>総合</th><th>知識</th><th>技術</th><th>所要時間</th></tr>"
            f"{rows or '<tr><td colspan=6>' + html.escape(i18n.t('class_awards_none')) + '</td></tr>'}</table>"
            "</html>\n")
