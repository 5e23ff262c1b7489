"""`rate show`, `actions`, `coach scorecard` and `goals` in Hungarian at 80 and at 120 columns,
on the example with Hungarian names and 9-digit forint amounts: golden files, no line over the
width, no trailing space, no name cut or split (tests/layout.py), Hungarian words and figures
only, and the same figures as the English view."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml

from tests.conftest import Run
from tests.layout import assert_fits, assert_golden
from tests.test_layouts_funnel import ALL_NAMES, TODAY, make_hu

WIDTHS = (80, 120)
VIEWS: dict[str, tuple[str, ...]] = {
    "rate-show": ("rate", "show"),
    "actions": ("actions",),
    "scorecard": ("coach", "scorecard"),
    "goals": ("goals", "zsofia-toth"),
}
ENGLISH_WORDS = (
    *("Team average", "Latest notes", "ratings at", "Avg", "open action", "the coach's"),
    *("The managers'", "Mark one done", "scorecard", "Held on", "Skipped", "Total"),
    *("Goals of", "Goals met", "Help delivered", "Partly counts", "too few", " met ", "partly"),
)
"""English texts of these views that must not show in their Hungarian output (the commands
they suggest stay English, and so do the example's notes and actions)."""


@pytest.fixture
def hu(tmp_path: Path, cli: Run) -> Path:
    """The example organisation with Hungarian names and forints."""
    return make_hu(tmp_path / "hu", cli)


def _view(
    cli: Run, root: Path, view: str, width: int, monkeypatch: pytest.MonkeyPatch, lang: str = "hu"
) -> str:
    monkeypatch.setenv("COLUMNS", str(width))
    result = cli("--repo", root, "--today", TODAY, "--lang", lang, *VIEWS[view])
    assert result.exit_code == 0, result.output
    return result.stdout


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("view", VIEWS)
def test_hungarian_view_fits_speaks_hungarian_and_matches_its_golden(
    cli: Run, hu: Path, monkeypatch: pytest.MonkeyPatch, view: str, width: int
) -> None:
    out = _view(cli, hu, view, width, monkeypatch)
    assert_fits(out, width, ALL_NAMES)
    prose = re.sub(r"`[^`]*`|salescoach [^\n]*|[^\n]*met\|partly\|missed", "", out)  # commands
    assert [w for w in ENGLISH_WORDS if w in prose] == []
    assert_golden(f"people-{view}-{width}.hu.txt", out)


def _ratings(root: Path, manager: str) -> list[dict[str, int]]:
    """Each rated 1:1 of ``manager``, oldest first: rep → score (read with plain YAML)."""
    meetings = []
    for path in sorted((root / "meetings" / manager).glob("*.yaml")):
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        scores = {rep: r["score"] for rep, r in (data.get("ratings") or {}).items()}
        if scores:
            meetings.append(scores)
    return meetings


def test_rate_show_averages_have_a_decimal_comma_and_equal_the_files(
    cli: Run, hu: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Bíró Márton is bence-molnar of zsofia-toth's team."""
    last = _ratings(hu, "zsofia-toth")[-6:]
    scores = [m["bence-molnar"] for m in last if "bence-molnar" in m]
    team = sum(last[-1].values()) / len(last[-1])
    expected = f"{sum(scores) / len(scores):.1f}".replace(".", ",")
    out = _view(cli, hu, "rate-show", 120, monkeypatch)
    row = next(line for line in out.splitlines() if line.startswith("Bíró Márton "))
    assert row.split()[2:8] == [str(s) for s in scores]
    assert row.split()[8] == expected
    section = out[out.index("Székely Júlia (zsofia-toth)") :]
    team_row = next(line for line in section.splitlines() if line.startswith("Csapatátlag"))
    assert team_row.split()[-1] == f"{team:.1f}".replace(".", ",")
    assert "Székely Júlia (zsofia-toth): értékelések a legutóbbi 6 értékelt megbeszélésen" in out


def test_goals_rates_in_hungarian_equal_a_count_of_the_files(
    cli: Run, hu: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    results = []
    for path in sorted((hu / "meetings" / "zsofia-toth").glob("*.yaml")):
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        results += [g["result"] for g in data.get("goals") or [] if g.get("result")]
    met, partly, missed = (results.count(r) for r in ("met", "partly", "missed"))
    rate = round(100 * (met + partly / 2) / len(results))
    text = " ".join(_view(cli, hu, "goals", 80, monkeypatch).split())
    assert (
        f"Teljesült célok: {rate}% ({met} teljesült, {partly} részben, "
        f"{missed} nem teljesült; n={len(results)})."
    ) in text
    assert "Teljesített hozzájárulás: még egy sincs értékelve." in text
    assert text.startswith("Székely Júlia csapatának céljai (állapot: 2026. november 27., péntek)")


def test_actions_and_scorecard_count_the_same_in_both_languages(
    cli: Run, hu: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    english = " ".join(_view(cli, hu, "actions", 120, monkeypatch, "en").split())
    found = re.search(r"(\d+) open actions \((\d+) the coach's, (\d+) overdue\)", english)
    assert found, english
    total, coach, late = found.groups()
    hungarian = " ".join(_view(cli, hu, "actions", 120, monkeypatch).split())
    assert (
        f"{total} nyitott teendő (ebből a coach-é {coach}, késésben {late}) "
        "4 értékesítési vezető egyéni megbeszélésein; állapot: 2026. november 27., péntek."
    ) in hungarian
    card = _view(cli, hu, "scorecard", 120, monkeypatch)
    assert card.startswith("Éva Horváth eredménylapja: 2026. augusztus 28., péntek – 2026.")
    moved = next(line for line in card.splitlines() if "Áthelyezve (átl. nap)" in line)
    assert "1 (1,0 nap)" in moved


def test_a_bad_rating_is_refused_in_hungarian_with_the_scale(cli: Run, hu: Path) -> None:
    result = cli("--repo", hu, "--lang", "hu", "rate", "rep", "bence-molnar", "5")
    assert (result.exit_code, result.stderr) == (
        2,
        "hiba: '5' nem értékelés; az értékelés egy egész szám 1 és 4 között\n"
        "tipp: a lehetséges értékek: 1 = nem érte el a célokat, 2 = a célok egy részét "
        "elérte, 3 = elérte a célokat, 4 = túlteljesítette a célokat\n",
    )


def test_the_help_of_rate_actions_coach_and_goals_in_hungarian(
    cli: Run, monkeypatch: pytest.MonkeyPatch
) -> None:
    from salescoach import i18n, messages

    monkeypatch.setenv("COLUMNS", "200")
    rep = " ".join(cli("--lang", "hu", "rate", "rep", "--help").stdout.split())
    i18n.use("hu")
    try:
        scale = messages.rating_scale_full()
    finally:
        i18n.use("en")
    assert f"{scale}." in rep  # the argument's help says the scale the refusal says
    assert "REP értékelésének (1–4) rögzítése" in rep
    helps = {
        ("rate", "show"): "Értékesítők × a legutóbbi értékelt megbeszélések",
        ("actions",): "Csak a lejárt határidejű teendők.",
        ("coach", "scorecard"): "JSON-kulcsok: since, today, coach",
        ("goals",): "Csak ennek az értékesítőnek a céljai.",
    }
    for command, text in helps.items():
        assert text in " ".join(cli("--lang", "hu", *command, "--help").stdout.split())
    english = " ".join(cli("rate", "rep", "--help").stdout.split())
    assert "1 = did not reach the goals, 2 = reached some of the goals" in english


def test_grading_a_goal_and_a_plan_answer_in_hungarian(cli: Run, hu: Path) -> None:
    run = ("--repo", hu, "--today", TODAY, "--lang", "hu")
    graded = cli(
        *run, "goal", "grade", "zsofia-toth", "2026-10-28#1", "met", "--help-delivered", "yes"
    )
    assert (graded.exit_code, graded.stderr) == (
        0,
        "értékelve: 2026-10-28#1 (andras-szucs: 10 follow-up meetings from the expo leads): "
        "teljesült, teljesített hozzájárulás: igen, itt: meetings/zsofia-toth/2026-10-28.yaml\n",
    )
    unknown = cli(*run, "plan", "done", "zsofia-toth", "9")
    assert (unknown.exit_code, unknown.stderr.splitlines()[0]) == (
        1,
        "hiba: zsofia-toth fejlődési tervében még nincs tétel",
    )


def test_a_rep_moved_to_their_own_team_is_refused_in_hungarian(cli: Run, hu: Path) -> None:
    result = cli("--repo", hu, "--lang", "hu", "rep", "move", "bence-molnar", "--to", "zsofia-toth")
    assert (result.exit_code, result.stderr) == (
        2,
        "hiba: Bíró Márton (bence-molnar) már Székely Júlia (zsofia-toth) csapatában van\n"
        "tipp: a --to legyen annak az értékesítési vezetőnek az azonosítója, akinek a "
        "csapatába az értékesítő kerül\n",
    )
