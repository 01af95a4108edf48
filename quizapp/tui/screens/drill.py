"""The drill screen: the statement beside an editor, checks on a key and on save, the result of
each check, hints one at a time, the solution after passing (or on an explicit, recorded
request), and "open in $EDITOR" with external edits of the workspace file noticed."""

from __future__ import annotations

import os
import shlex
import subprocess
from dataclasses import replace
from pathlib import Path

from rich.cells import cell_len
from textual import on, work
from textual.app import ComposeResult, SuspendNotSupported
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.message import Message
from textual.screen import Screen
from textual.widgets import Footer, Markdown, Static, TextArea

from quizapp import i18n
from quizapp.drills import service
from quizapp.drills.grader import Verdict, default_grader, prepare
from quizapp.drills.mathtext import markdown_math
from quizapp.jatext import JaMarkdown
from quizapp.drills.model import get_drill
from quizapp.store.store import Store

# The screen's texts live in quizapp/i18n.py as "drill_scr_<key>"; the binding descriptions
# below are these keys.
_S = frozenset({"check", "save", "hint", "solution", "editor", "back", "checking", "passed", "failed",
                "not_checked", "unlocked", "confirm_solution", "no_hints", "hint_n", "external", "saved",
                "functions", "workspace", "output", "seconds", "last_hint", "next", "next_offer", "no_next"})

#: Seconds between autosaves of unsaved edits to the side file (a crash loses at most this much).
AUTOSAVE_SECONDS = 3.0


def autosave_path(path: Path) -> Path:
    """The side file unsaved edits are autosaved to: ``.name.autosave`` beside the workspace file."""
    return path.with_name(f".{path.name}.autosave")


def _t(key: str, **kw: object) -> str:
    return i18n.t(f"drill_scr_{key}", **kw)


def shorten_left(text: str, width: int) -> str:
    """``text`` cut from the left to ``width`` cells with ``…``: the file name stays readable."""
    if cell_len(text) <= width:
        return text
    width = max(width, 2)
    out = text
    while out and cell_len(out) > width - 1:
        out = out[1:]
    return "…" + out


def _t_unsaved(key: str, **kw: object) -> str:
    return i18n.t(f"drill_unsaved_{key}", **kw)


def statement_markdown(drill) -> str:
    lines = [f"# {drill.title}", "", markdown_math(drill.statement.rstrip()), "", f"**{_t('functions')}**", ""]
    for f in drill.functions:
        lines.append(f"- `{f.signature}`" + (f" — {f.shapes}" if f.shapes else ""))
    return "\n".join(lines) + "\n"


_LIMITED_SAID = False


def _say_limited(screen) -> None:
    """Say "sandbox: limited" once per app run (no kernel confinement on this machine)."""
    global _LIMITED_SAID
    from quizapp import sandbox

    if not _LIMITED_SAID and sandbox.level() != "full":
        _LIMITED_SAID = True
        from quizapp.sandbox_text import describe

        screen.notify(i18n.t("sandbox_limited", why=describe()), severity="warning", timeout=8)


class DrillScreen(Screen):
    """One drill: edit, check, read the feedback, take hints, see the solution."""

    DEFAULT_CSS = """
    DrillScreen #drill-head { height: 1; padding: 0 1; background: $boost; }
    DrillScreen #drill-main { height: 1fr; }
    DrillScreen #drill-left { width: 2fr; border-right: solid $primary-darken-2; }
    DrillScreen #drill-right { width: 3fr; }
    DrillScreen #drill-editor { height: 2fr; }
    DrillScreen #drill-results { height: 1fr; border-top: solid $primary-darken-2; padding: 0 1; }
    DrillScreen #drill-status { text-style: bold; }
    DrillScreen .check-pass { color: $success; }
    DrillScreen .check-fail { color: $error; }
    DrillScreen #drill-hints, DrillScreen #drill-solution { margin: 1 0 0 0; }
    """

    BINDINGS = [
        Binding("f5", "check", "check", id="drill.check", priority=True),
        Binding("ctrl+r", "check", "check", id="drill.check_r", show=False, priority=True),
        Binding("ctrl+s", "save_and_check", "save", id="drill.save", priority=True),
        Binding("f2", "hint", "hint", id="drill.hint", priority=True),
        Binding("f3", "solution", "solution", id="drill.solution", priority=True),
        Binding("f4", "open_editor", "editor", id="drill.editor", priority=True),
        Binding("f6", "next_drill", "next", id="drill.next", priority=True),
        Binding("escape", "back", "back", id="drill.back"),
    ]

    class Checked(Message):
        """A verdict for the drill came back from the grading worker."""

        def __init__(self, verdict: Verdict, source: str) -> None:
            super().__init__()
            self.verdict = verdict
            self.source = source

    def __init__(self, drill_id: str, store: Store) -> None:
        super().__init__()
        table = self._bindings.key_to_bindings  # descriptions in the interface language
        for key, bindings in table.items():
            table[key] = [replace(b, description=_t(b.description)) if b.description in _S else b for b in bindings]
        self.drill = get_drill(drill_id)
        self.store = store
        self.path: Path = service.workspace_path(self.drill)
        self.verdict: Verdict | None = None
        self.passed = self.drill.id in store.passed_drills()
        self.checking = False
        self._mtime: int | None = None
        self._confirm_solution = False
        self._hints: list[str] = []
        self._saved_text = ""  # the text on disk as last loaded or saved
        self._autosaved = ""
        self._asking = False  # a question about the file is open: do not ask another

    # -- layout -------------------------------------------------------------------------
    def compose(self) -> ComposeResult:
        yield Static(id="drill-head")
        with Horizontal(id="drill-main"):
            with VerticalScroll(id="drill-left"):
                yield Static(JaMarkdown(statement_markdown(self.drill)), id="drill-statement")
                yield Markdown("", id="drill-hints")
                yield Markdown("", id="drill-solution")
            with Vertical(id="drill-right"):
                yield TextArea.code_editor("", language=self._language(), id="drill-editor")
                with VerticalScroll(id="drill-results"):
                    yield Static(_t("not_checked"), id="drill-status")
                    yield Vertical(id="drill-checks")
        yield Footer()

    @staticmethod
    def _language() -> str | None:
        try:  # syntax highlighting needs tree-sitter (textual[syntax]); edit plainly without it
            import tree_sitter_python  # noqa: F401
        except ImportError:
            return None
        return "python"

    def on_mount(self) -> None:
        service.start(self.drill)
        self._load_file()
        self._update_head()
        if self.passed:
            self._show_unlocked()
        shown = service.hints_shown(self.store, self.drill)
        self._hints = [self._hint_line(i + 1, self.drill.hints[i]) for i in range(shown)]
        self._render_hints()
        self.query_one("#drill-editor", TextArea).focus()
        self.set_interval(0.5, self._poll_file)
        self.set_interval(AUTOSAVE_SECONDS, self._autosave)
        self._offer_autosave()
        self._warm()
        _say_limited(self)

    @work(thread=True, exclusive=True, group="drill-warm")
    def _warm(self) -> None:
        default_grader().warm()
        prepare(self.drill)

    # -- the workspace file -------------------------------------------------------------
    def _stat(self) -> int | None:
        try:
            return self.path.lstat().st_mtime_ns
        except OSError:
            return None

    def _load_file(self) -> None:
        try:
            text = service.read_source(self.path)  # never blocks on a FIFO or device
        except service.DrillFileError as exc:
            self.notify(str(exc.strerror), severity="error")
            text = self.drill.starter
        except (OSError, UnicodeDecodeError):
            text = self.drill.starter
        self.query_one("#drill-editor", TextArea).load_text(text)
        self._saved_text = text
        self._mtime = self._stat()

    @property
    def editor_text(self) -> str:
        return self.query_one("#drill-editor", TextArea).text

    @property
    def dirty(self) -> bool:
        """The editor holds edits that are not in the workspace file."""
        return self.editor_text != self._saved_text

    def _save(self) -> None:
        text = self.editor_text
        try:
            service.write_source(self.path, text)  # never follows a symlink or blocks on a FIFO
        except OSError as exc:
            self.notify(str(exc.strerror or exc), severity="error")
            return
        self._saved_text = text
        self._mtime = self._stat()
        self._drop_autosave()

    def _autosave(self) -> None:
        """Unsaved edits go to the side file every few seconds; the workspace file is untouched."""
        text = self.editor_text
        if text != self._saved_text and text != self._autosaved:
            try:
                service.write_source(autosave_path(self.path), text)
                self._autosaved = text
            except OSError:
                pass

    def _drop_autosave(self) -> None:
        self._autosaved = ""
        autosave_path(self.path).unlink(missing_ok=True)

    def _offer_autosave(self) -> None:
        """Edits autosaved before a crash or kill are offered back when the drill is reopened."""
        side = autosave_path(self.path)
        try:
            text = service.read_source(side)
        except (OSError, UnicodeDecodeError):
            return
        if text == self._saved_text:
            self._drop_autosave()
            return

        def answer(value: str | None) -> None:
            self._asking = False
            if value == "restore":
                self.query_one("#drill-editor", TextArea).load_text(text)
                self._autosaved = text
                self.notify(_t_unsaved("restored"))
            else:
                self._drop_autosave()

        self._ask(_t_unsaved("restore_question", path=side.name),
                  [("restore", "r", _t_unsaved("restore")), ("discard", "d", _t_unsaved("discard_old"))], answer)

    def _ask(self, question: str, answers: list[tuple[str, str, str]], then) -> None:
        from quizapp.tui.widgets.ask import Ask

        self._asking = True
        self.app.push_screen(Ask(question, answers), then)

    def _poll_file(self) -> None:
        mtime = self._stat()
        if mtime is None or mtime == self._mtime or self._asking:
            return
        if not self.dirty:
            self._load_file()
            self.notify(_t("external"))
            self.action_check()
            return
        # Changed on disk while the editor has unsaved edits: ask which to keep, never reload over them.
        self._mtime = mtime

        def answer(value: str | None) -> None:
            self._asking = False
            if value == "file":
                self._load_file()
                self._drop_autosave()
                self.action_check()
            else:
                self._autosave()  # the editor's text stays; it is saved on Ctrl+S

        self._ask(_t_unsaved("external_question"),
                  [("file", "f", _t_unsaved("load_file")), ("mine", "k", _t_unsaved("keep_mine"))], answer)

    # -- actions ------------------------------------------------------------------------
    def action_check(self) -> None:
        source = self.query_one("#drill-editor", TextArea).text
        self.checking = True
        self.query_one("#drill-status", Static).update(_t("checking"))
        self._grade(source)

    def action_save_and_check(self) -> None:
        self._save()
        self.notify(_t("saved", path=str(self.path)), timeout=2)
        self.action_check()

    @work(thread=True, exclusive=True, group="drill-check")
    def _grade(self, source: str) -> None:
        verdict = default_grader().grade(self.drill, source, filename=self.path.name)
        self.post_message(self.Checked(verdict, source))

    @on(Checked)
    async def _on_checked(self, message: Checked) -> None:
        verdict = message.verdict
        self.checking = False
        self.store.record_drill_submission(self.drill.id, message.source, verdict.passed, verdict.checks,
                                           verdict.seconds)
        status = self.query_one("#drill-status", Static)
        word = _t("passed") if verdict.passed else _t("failed")
        status.update(f"{'✓' if verdict.passed else '✗'} {word} ({_t('seconds', seconds=f'{verdict.seconds:.2f}')})")
        status.set_class(verdict.passed, "check-pass")
        status.set_class(not verdict.passed, "check-fail")
        box = self.query_one("#drill-checks", Vertical)
        await box.remove_children()
        rows = []
        for c in verdict.checks:
            row = Static(f"{'✓' if c['passed'] else '✗'} {c['name']}: {c['message']}", markup=False,
                         classes="check-pass" if c["passed"] else "check-fail")
            rows.append(row)
        if verdict.output.strip():
            out = "\n".join(verdict.output.rstrip().splitlines()[:20])
            rows.append(Static(f"{_t('output')}\n{out}", markup=False))
        await box.mount_all(rows)
        self.verdict = verdict  # set once the rows are shown (tests wait for it)
        if verdict.passed and not self.passed:
            self.passed = True
            self._update_head()
            self._show_unlocked()
        if verdict.passed and self.offers_next:  # rustlings' flow: the next drill is one key away
            nxt = self.next_drill_id()
            self.notify(_t("next_offer", title=get_drill(nxt).title) if nxt else _t("no_next"), timeout=8)

    def action_hint(self) -> None:
        got = service.next_hint(self.drill, self.store)
        if got is None:
            self.notify(_t("no_hints"))
            return
        n, text = got
        line = self._hint_line(n, text)
        if line in self._hints:  # every hint is already shown
            self.notify(_t("last_hint", n=len(self.drill.hints)))
        else:
            self._hints.append(line)
        self._render_hints()
        hints = self.query_one("#drill-hints")
        self.call_after_refresh(hints.scroll_visible, animate=False)  # what F2 revealed, in view

    def action_solution(self) -> None:
        if not self.passed and not self._confirm_solution:
            self._confirm_solution = True
            self.notify(_t("confirm_solution"), severity="warning")
            return
        code = service.solution(self.drill, self.store)
        solution = self.query_one("#drill-solution", Markdown)
        solution.update(f"**{_t('solution')}**\n\n```python\n{code}```\n")
        self.call_after_refresh(solution.scroll_visible, animate=False, top=True)  # what F3 revealed, in view

    def action_open_editor(self) -> None:
        self._save()
        editor = os.environ.get("VISUAL") or os.environ.get("EDITOR") or "vi"
        argv = [*shlex.split(editor), str(self.path)]
        try:
            with self.app.suspend():
                subprocess.run(argv, check=False)
        except SuspendNotSupported:  # no terminal to hand over (web, tests): a GUI editor still works
            self._run_editor(argv)
            return
        except OSError as exc:
            self.notify(str(exc), severity="error")
        self._poll_file()

    @work(thread=True, exclusive=True, group="drill-editor")
    def _run_editor(self, argv: list[str]) -> None:
        try:
            subprocess.run(argv, check=False, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                           stderr=subprocess.DEVNULL)
        except OSError as exc:
            self.app.call_from_thread(self.notify, str(exc), severity="error")
            return
        self.app.call_from_thread(self._poll_file)

    def _settle_unsaved(self, then) -> None:
        """Ask save / discard / stay when the editor has unsaved edits; ``then()`` unless stay."""
        if not self.dirty:
            self._drop_autosave()
            then()
            return

        def answer(value: str | None) -> None:
            self._asking = False
            if value == "save":
                self._save()
                then()
            elif value == "discard":
                self._drop_autosave()
                self._saved_text = self.editor_text  # nothing more to ask
                then()

        self._ask(_t_unsaved("leave_question"),
                  [("save", "s", _t_unsaved("save")), ("discard", "d", _t_unsaved("discard")),
                   ("stay", "c", _t_unsaved("stay"))], answer)

    #: After a pass, offer the next drill (not inside the technical test).
    offers_next = True

    def next_drill_id(self) -> str | None:
        """The drill after this one in course order that is not passed yet (or None)."""
        from quizapp.drills.model import load_drills

        ids = list(load_drills())
        passed = self.store.passed_drills()
        later = ids[ids.index(self.drill.id) + 1:] if self.drill.id in ids else ids
        return next((i for i in later if i not in passed), None)

    def action_next_drill(self) -> None:
        if not self.offers_next:
            return
        nxt = self.next_drill_id() if self.passed else None
        if nxt is None:
            self.notify(_t("no_next") if self.passed else _t("not_checked"))
            return
        self._settle_unsaved(lambda: self.app.switch_screen(type(self)(nxt, self.store)))

    def action_back(self) -> None:
        self._settle_unsaved(self.app.pop_screen)

    def before_quit(self, proceed) -> None:
        """The app is quitting (Ctrl+C / Ctrl+Q): unsaved edits are settled first."""
        if self.dirty:
            self._settle_unsaved(lambda: proceed(False))
        else:
            self._drop_autosave()
            proceed()

    # -- helpers ------------------------------------------------------------------------
    def _hint_line(self, n: int, text: str) -> str:
        return f"- **{_t('hint_n', n=n, total=len(self.drill.hints))}** {markdown_math(text)}"

    def _render_hints(self) -> None:
        md = self.query_one("#drill-hints", Markdown)
        md.update(f"**{_t('hint')}**\n\n" + "\n".join(self._hints) + "\n" if self._hints else "")

    def _show_unlocked(self) -> None:
        self.query_one("#drill-solution", Markdown).update(f"*{_t('unlocked')}*")

    def display_path(self) -> str:
        """The workspace file as shown in the header (``~`` for the home folder)."""
        path = str(self.path)
        home = str(Path.home())
        return "~" + path[len(home):] if home != "/" and path.startswith(home + os.sep) else path

    def _update_head(self) -> None:
        mark = "  ✓ " + _t("passed") if self.passed else ""
        head = f"{i18n.t('drill_cli_day', day=self.drill.day)}  {self.drill.id} — {self.drill.title}{mark}   {_t('workspace')}: "
        width = max(20, self.size.width - 2) if self.size.width else 200
        self.query_one("#drill-head", Static).update(head + shorten_left(self.display_path(), width - cell_len(head)))

    def on_resize(self) -> None:
        self._update_head()
