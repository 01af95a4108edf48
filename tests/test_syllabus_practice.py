"""Practice and mock exams by syllabus item: quiz --syllabus/--keyword, weak spots per item,
the exam's default composition, readiness per 中項目."""

from __future__ import annotations

import random
from collections import Counter

import pytest

from quizapp.bank import load_bank
from quizapp.bank.syllabus import load_syllabus
from quizapp.cli import main
from quizapp.exam import ExamConfig, select_exam_items
from quizapp.quiz import QuizError, select_questions
from quizapp.readiness import syllabus_readiness, weakest_sections
from quizapp.store.types import Progress, split_item
from quizapp.study import start_weak
from quizapp.tui.app import QuizRequest, make_app
from quizapp.tui.screens.home import HomeScreen
from quizapp.tui.screens.quiz import QuizScreen

from tests.conftest import REPO, TEST_BANK

SHIPPED = load_bank([REPO / "question_bank"])
SYL = load_syllabus()


def test_select_by_syllabus_node_and_keyword():
    bank = load_bank([TEST_BANK])
    qs = select_questions(bank, syllabus="3-1", count=10, rng=random.Random(0))
    assert {q.id for q in qs} == {"t-single", "t-multi", "t-code"}  # 3-1-4; t-numeric is 1-3-1
    assert {q.id for q in select_questions(bank, syllabus="1", count=10)} == {"t-numeric"}
    assert {q.id for q in select_questions(bank, keyword="tanh", count=10)} == {"t-multi"}
    assert {q.id for q in select_questions(bank, keyword="relu", count=10)} == {"t-single", "t-multi", "t-code"}
    with pytest.raises(QuizError, match="4-9-9"):
        select_questions(bank, syllabus="4-9-9")
    with pytest.raises(QuizError, match="no syllabus keyword|キーワード"):
        select_questions(bank, keyword="quantum annealing")
    with pytest.raises(QuizError):  # a real item with no question in this bank
        select_questions(bank, syllabus="4-2")


def test_cli_rejects_unknown_items_and_keywords(capsys):
    assert main(["quiz", "--syllabus", "9-9"]) == 2
    assert "9-9" in capsys.readouterr().err
    assert main(["quiz", "--keyword", "zzz"]) == 2
    assert "zzz" in capsys.readouterr().err
    assert main(["weak", "--syllabus", "4-99"]) == 2
    assert "4-99" in capsys.readouterr().err


async def test_quiz_by_syllabus_and_keyword_in_the_app():
    bank = load_bank([TEST_BANK])
    for request, expected in ((QuizRequest(syllabus="3-1-4", count=10, seed=1), {"t-single", "t-multi", "t-code"}),
                              (QuizRequest(keyword="自己情報量", count=10, seed=1), {"t-numeric"})):
        app = make_app(request=request, bank=bank)
        async with app.run_test(size=(100, 32)) as pilot:
            await app.store_ready.wait()
            await pilot.pause()
            assert isinstance(app.screen, QuizScreen)
            assert {split_item(i)[0] for i in app.screen.run.items} == expected
            assert app.screen.run.mode in ("syllabus", "keyword")


async def test_home_syllabus_tree_starts_a_quiz_on_the_highlighted_node():
    bank = load_bank([TEST_BANK])
    app = make_app(bank=bank)
    async with app.run_test(size=(100, 40)) as pilot:
        await app.store_ready.wait()
        await pilot.pause()
        home = app.screen
        assert isinstance(home, HomeScreen)
        tree = home.query_one("#syllabus")
        keys = [k.value for k in tree.rows]
        assert keys[:4] == ["1", "1-1", "1-2", "1-3"] and "3-1" in keys and len(keys) == 5 + 24
        tree.focus()
        tree.move_cursor(row=keys.index("3-1"))
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, QuizScreen)
        assert {split_item(i)[0] for i in app.screen.run.items} == {"t-single", "t-multi", "t-code"}


def test_weak_spots_inside_one_syllabus_node(store):
    bank = load_bank([TEST_BANK])
    run = start_weak(bank, store, syllabus="1-3", rng=random.Random(0))  # nothing studied yet: its questions
    assert [split_item(i)[0] for i in run.items] == ["t-numeric"]
    with pytest.raises(QuizError):
        start_weak(bank, store, syllabus="4-2")


def test_readiness_per_section():
    bank = load_bank([TEST_BANK])
    progress = {"t-single": Progress(2, 2, 1), "t-multi": Progress(1, 0, 1)}
    nodes = {n.id: n for n in syllabus_readiness(bank, progress, {"t-single": 0.9})}
    s = nodes["3-1"]
    assert (s.questions, s.studied, s.answers, s.correct) == (3, 2, 3, 2)
    # parts: t-single 0.9, t-multi unseen 0.25, t-code two blanks unseen 0.25 each
    assert s.predicted == pytest.approx(100 * (0.9 + 0.25 * 3) / 4, abs=0.05)
    assert nodes["3"].questions == 3 and nodes["1-3"].questions == 1 and nodes["4-2"].questions == 0
    order = [n.id for n in weakest_sections(list(nodes.values()))]
    assert order == ["1-3", "3-1"]  # 1-3 unseen (25%) before 3-1


def _tagged_examined(q):
    return not q.course_only and any(SYL.item(i).examined for i in q.syllabus_items)


def test_default_mock_exam_is_drawn_by_syllabus_item():
    sections_with_questions = {SYL.item(i).section for q in SHIPPED.questions if _tagged_examined(q)
                               for i in q.syllabus_items if SYL.item(i).examined}
    seen_sections: Counter = Counter()
    for seed in range(20):
        items = select_exam_items(SHIPPED, ExamConfig(), random.Random(seed))
        assert len(items) == 100 and len(set(items)) == 100
        qs = {split_item(i)[0]: SHIPPED.get(split_item(i)[0]) for i in items}
        for q in qs.values():
            assert not q.course_only, q.id
            assert q.syllabus_items, f"untagged {q.id} in the default exam"
            assert any(SYL.item(i).examined for i in q.syllabus_items), f"only gray items: {q.id}"
            seen_sections.update({SYL.item(i).section for i in q.syllabus_items if SYL.item(i).examined})
        for i, it in enumerate(items):  # linked sets stay together
            qid, part = split_item(it)
            if part == "あ" and len(SHIPPED.get(qid).blanks) > 1:
                assert items[i + 1] == f"{qid}#い"
    assert sections_with_questions <= set(seen_sections), sections_with_questions - set(seen_sections)


def test_share_overrides_still_leave_out_gray_and_course_only():
    items = select_exam_items(SHIPPED, ExamConfig(shares={"応用数学": 0.1, "機械学習": 0.2, "深層学習": 0.6,
                                                          "開発・運用環境": 0.1}), random.Random(3))
    assert len(items) == 100
    examined = {i.id for i in SYL.examined_items}
    for it in items:
        q = SHIPPED.get(split_item(it)[0])
        assert not q.course_only and (not q.syllabus_items or examined.intersection(q.syllabus_items))
