"""Properties: what the commands write reads back exactly, and random sequences of commands
keep the repository valid and saying what a model of it says.

Quick by default (25-50 examples); ``HYPOTHESIS_PROFILE=long`` runs many more.
"""

from __future__ import annotations

import json
import shutil
import tempfile
from datetime import date, timedelta
from pathlib import Path
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, invariant, rule
from typer.testing import CliRunner

from salescoach import store
from salescoach.cli.app import app
from salescoach.models import SLUG_MAX, Manager, Meeting, Settings
from salescoach.yamledit import quote
from tests.hostile.helpers import TODAY, examples, make_repo

PLANNED = "meetings/anna/2026-11-30.yaml"
SLUGS = st.from_regex(r"[a-z0-9][a-z0-9-]*", fullmatch=True).filter(lambda s: len(s) <= SLUG_MAX)
NOTES = st.text(max_size=80)

QUICK = settings(
    max_examples=examples(30),
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)


def run(*args: object) -> Any:
    return CliRunner().invoke(app, [str(a) for a in args], catch_exceptions=False)


def _fresh_repo() -> Path:
    root = Path(tempfile.mkdtemp(prefix="salescoach-prop-")) / "repo"
    return make_repo(root)


def _meeting(root: Path, rel: str) -> Meeting:
    value, problems = store.read_model(store.Layout(root), root / rel, Meeting)
    assert problems == [], problems
    assert value is not None
    return value


def _check_passes(root: Path) -> None:
    result = run("--repo", root, "--today", TODAY, "check", "--format", "json")
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["errors"] == 0


# ---------------------------------------------------------------- round-trips


@QUICK
@given(rep=st.sampled_from(["petra", "laszlo"]), score=st.integers(1, 4), note=NOTES)
def test_rate_rep_note_reads_back_exactly(rep: str, score: int, note: str) -> None:
    root = _fresh_repo()
    try:
        (root / PLANNED).write_text("date: 2026-11-30\nstatus: planned\n", encoding="utf-8")
        result = run("--repo", root, "--today", TODAY, "rate", "rep", rep, score, f"--note={note}")
        assert result.exit_code == 0, result.output
        rating = _meeting(root, PLANNED).ratings[rep]
        assert rating is not None
        assert (rating.score, rating.note) == (score, note)
        _check_passes(root)
    finally:
        shutil.rmtree(root.parent)


@QUICK
@given(because=st.text(min_size=1, max_size=80).filter(lambda t: t.strip() != ""))
def test_meeting_move_reason_reads_back_exactly(because: str) -> None:
    root = _fresh_repo()
    try:
        (root / PLANNED).write_text("date: 2026-11-30\nstatus: planned\n", encoding="utf-8")
        result = run(
            "--repo", root, "--today", TODAY, "meeting", "move", "anna", "2026-11-30",
            "--to", "2026-12-01", f"--because={because}",
        )  # fmt: skip
        assert result.exit_code == 0, result.output
        moved = _meeting(root, "meetings/anna/2026-12-01.yaml")
        assert moved.moved_because == because.strip()  # the reason is trimmed, on purpose
        assert moved.moved_from == date(2026, 11, 30)
        assert not (root / PLANNED).exists()
        _check_passes(root)
    finally:
        shutil.rmtree(root.parent)


@QUICK
@given(rep_id=SLUGS, name=st.text(min_size=1, max_size=60), note=NOTES)
def test_any_rep_id_and_name_round_trip_through_rate_rep(rep_id: str, name: str, note: str) -> None:
    root = _fresh_repo()
    try:
        manager = f"name: {quote(name)}\nreps:\n  - {{id: {rep_id}, name: {quote(name)}}}\n"
        (root / "managers/bela.yaml").write_text(manager, encoding="utf-8")
        (root / "meetings/bela/2026-11-20.yaml").unlink()
        planned = "meetings/bela/2026-11-30.yaml"
        (root / planned).write_text("date: 2026-11-30\nstatus: planned\n", encoding="utf-8")
        (root / "funnel/2026-09-30.yaml").unlink()  # it names kinga, no longer a rep
        (root / "funnel/2026-11-15.yaml").unlink()
        loaded = store.require_manager(store.Layout(root), "bela")
        assert [(r.id, r.name) for r in loaded.reps] == [(rep_id, name)]
        result = run("--repo", root, "--today", TODAY, "rate", "rep", rep_id, 2, f"--note={note}")
        assert result.exit_code == 0, result.output
        rating = _meeting(root, planned).ratings[rep_id]
        assert rating is not None
        assert (rating.score, rating.note) == (2, note)
        _check_passes(root)
    finally:
        shutil.rmtree(root.parent)


@QUICK
@given(organisation=st.text(min_size=1, max_size=60).filter(lambda t: t.strip() != ""))
def test_init_organisation_reads_back_exactly(organisation: str) -> None:
    folder = Path(tempfile.mkdtemp(prefix="salescoach-prop-"))
    try:
        result = run("init", folder / "new", f"--organisation={organisation}")
        assert result.exit_code == 0, result.output
        loaded, problems = store.load_settings(store.Layout(folder / "new"))
        assert problems == []
        assert isinstance(loaded, Settings)
        assert loaded.organisation == organisation
    finally:
        shutil.rmtree(folder)


# ---------------------------------------------------------------- random sequences


GOALS = ["2026-11-16#1", "2026-11-23#1"]
ACTIONS = ["2026-11-16#1", "2026-11-23#1", "2026-11-23#2"]


class RepoMachine(RuleBasedStateMachine):
    """Random rate rep / goal grade / action done / agenda next --write / meeting move,
    checked against a model of what the repository must say."""

    def __init__(self) -> None:
        super().__init__()
        self.root = _fresh_repo()
        self.planned: date | None = None
        self.moved_from: date | None = None
        self.moved_because: str | None = None
        self.bare = False
        """The planned file holds only the date and the move (``meeting move`` wrote it)."""
        self.ratings: dict[str, tuple[int | None, str]] = {}
        self.goals: dict[str, str | None] = {"2026-11-16#1": None, "2026-11-23#1": None}
        self.done = {"2026-11-16#1": True, "2026-11-23#1": False, "2026-11-23#2": False}

    def teardown(self) -> None:
        shutil.rmtree(self.root.parent, ignore_errors=True)

    def cli(self, *args: object) -> Any:
        result = run("--repo", self.root, "--today", TODAY, *args)
        assert "Traceback" not in result.output
        assert result.exit_code in (0, 1), result.output
        return result

    @rule()
    def write_agenda(self) -> None:
        result = self.cli("agenda", "next", "anna", "--write")
        if self.planned is None or self.bare:  # a file of the move alone is filled in
            assert result.exit_code == 0, result.output
            self.planned = self.planned or date(2026, 11, 30)
            self.ratings = {"petra": (None, ""), "laszlo": (None, "")}
            self.bare = False
        else:
            assert result.exit_code == 1
            assert "already exists" in result.stderr

    @rule(rep=st.sampled_from(["petra", "laszlo"]), score=st.integers(1, 4), note=NOTES)
    def rate(self, rep: str, score: int, note: str) -> None:
        result = self.cli("rate", "rep", rep, score, f"--note={note}")
        if self.planned is None:
            assert result.exit_code == 1
            assert result.stderr.startswith("error: Anna Manager (anna) has no 1:1 today")
        else:
            assert result.exit_code == 0, result.output
            self.ratings[rep] = (score, note)
            self.bare = False

    @rule(goal=st.sampled_from(GOALS), result=st.sampled_from(["met", "partly", "missed"]))
    def grade(self, goal: str, result: str) -> None:
        outcome = self.cli("goal", "grade", "anna", goal, result)
        assert outcome.exit_code == 0, outcome.output
        self.goals[goal] = result

    @rule(action=st.sampled_from(ACTIONS))
    def mark_done(self, action: str) -> None:
        result = self.cli("action", "done", "anna", action)
        assert result.exit_code == 0, result.output
        self.done[action] = True

    @rule(days=st.integers(1, 6), because=st.text(min_size=1, max_size=30))
    def move(self, days: int, because: str) -> None:
        if self.planned is None:  # the projected 1:1 (Mon 30 Nov) gets its planned file
            result = self.cli("meeting", "move", "anna", "--to", "2026-12-01", "--because=x")
            assert result.exit_code == 0, result.output
            self.planned, self.moved_from = date(2026, 12, 1), date(2026, 11, 30)
            self.moved_because = "x"
            self.ratings = {}
            self.bare = True
            return
        new = self.planned + timedelta(days=days)
        args = (
            "meeting", "move", "anna", self.planned.isoformat(), "--to", new.isoformat(),
            f"--because={because}", "--force",
        )  # fmt: skip
        if not because.strip():  # a blank reason is a usage error (exit 2), nothing moves
            refused = run("--repo", self.root, "--today", TODAY, *args)
            assert refused.exit_code == 2, refused.output
            assert refused.stderr.startswith("error: a 1:1 is moved with a reason")
            return
        result = self.cli(*args)
        assert result.exit_code == 0, result.output
        self.moved_from = self.moved_from or self.planned
        self.moved_because = because.strip()
        self.planned = new

    @invariant()
    def check_passes_and_repo_matches_the_model(self) -> None:
        _check_passes(self.root)
        held = _meeting(self.root, "meetings/anna/2026-11-23.yaml")
        earlier = _meeting(self.root, "meetings/anna/2026-11-16.yaml")
        assert earlier.goals[0].result == self.goals["2026-11-16#1"]
        assert held.goals[0].result == self.goals["2026-11-23#1"]
        assert earlier.actions[0].done == self.done["2026-11-16#1"]
        assert [a.done for a in held.actions] == [self.done[a] for a in ACTIONS[1:]]
        planned_files = sorted(
            p.name
            for p in (self.root / "meetings/anna").glob("*.yaml")
            if p.name > "2026-11-23.yaml"
        )
        if self.planned is None:
            assert planned_files == []
            return
        assert planned_files == [f"{self.planned.isoformat()}.yaml"]
        planned = _meeting(self.root, f"meetings/anna/{self.planned.isoformat()}.yaml")
        assert planned.status == "planned"
        assert planned.moved_from == self.moved_from
        assert planned.moved_because == self.moved_because
        got = {rep: (r.score, r.note) if r else (None, "") for rep, r in planned.ratings.items()}
        assert got == self.ratings
        manager = store.require_manager(store.Layout(self.root), "anna")
        assert isinstance(manager, Manager)


RepoMachine.TestCase.settings = settings(
    max_examples=examples(25),
    stateful_step_count=8,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
)
test_random_command_sequences = RepoMachine.TestCase
