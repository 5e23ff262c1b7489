"""The charts (render/charts*.py): static, offline, deterministic SVG whose every number is
the number of the command's JSON it was drawn from, and the files ``write_charts`` writes."""

from __future__ import annotations

import hashlib
import json
import re
import shutil
import subprocess
import sys
import xml.etree.ElementTree as ET
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from salescoach.cli.app import app
from salescoach.errors import SalescoachError
from salescoach.i18n import use
from salescoach.render import charts

ROOT = Path(__file__).resolve().parents[1]
TODAY = "2026-12-01"
MANAGER = "anna-kovacs"
SVG = "{http://www.w3.org/2000/svg}"


@pytest.fixture(scope="module")
def acme(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A copy of examples/acme, shared by the tests that only read it."""
    target = tmp_path_factory.mktemp("charts") / "acme"
    shutil.copytree(
        ROOT / "examples" / "acme", target, ignore=shutil.ignore_patterns(".salescoach-*")
    )
    return target


def command_json(repo: Path, *args: str) -> Any:
    """What ``salescoach ARGS --format json`` prints, parsed."""
    result = CliRunner().invoke(app, ["--repo", str(repo), "--today", TODAY, *args, "-f", "json"])
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


@pytest.fixture(scope="module")
def data(acme: Path) -> dict[str, Any]:
    """The JSON of every command a chart is drawn from."""
    return {
        "ratings": command_json(acme, "rate", "show"),
        "team": command_json(acme, "funnel", "review", MANAGER)["teams"][0],
        "scorecard": command_json(acme, "coach", "scorecard"),
        "schedule": command_json(acme, "schedule"),
        "goals": command_json(acme, "goals", MANAGER),
    }


CHANGES = {
    "manager": MANAGER,
    "manager_name": "Anna Kovács",
    "changes": {
        "before": "funnel/imports/2026-10-01-crm.csv",
        "before_as_of": "2026-10-01",
        "after": "funnel/imports/2026-11-15-crm.csv",
        "after_as_of": "2026-11-15",
        "traceable": True,
        "untraced": 0,
        "team": {
            "new": 7,
            "won": 3,
            "lost": 2,
            "forward": 5,
            "back": 1,
            "pushed": 4,
            "grown": 0,
            "shrunk": 2,
            "gone": 1,
            "pushes": 6,
            "unchanged": 30,
        },
        "reps": {},
        "deals": [],
    },
}
"""A team's ``changes`` as ``funnel review`` gives them with two imports."""


def all_charts(data: dict[str, Any]) -> dict[str, str | None]:
    """Every chart of the example, by kind."""
    team = data["team"]
    return {
        "ratings": charts.ratings_heatmap(data["ratings"], MANAGER),
        "funnel": charts.team_funnel(team, "HUF"),
        "reps": charts.rep_vs_team(team),
        "changes": charts.pipeline_waterfall(CHANGES),
        "rhythm": charts.rhythm_timeline(data["scorecard"], data["schedule"]),
        "goals": charts.goal_hit_rates(data["goals"]),
    }


def overlay(svg: str) -> list[list[str]]:
    """The numbers printed on the chart: each series' texts, series in the order added (a
    zero not printed is left out)."""
    root = ET.fromstring(svg)
    plot = next(g for g in root.iter(f"{SVG}g") if "text-overlay" in g.get("class", ""))
    order = {int(re.findall(r"serie-(\d+)", s.get("class", ""))[0]): s for s in plot}
    return [[t.text for t in order[i].iter(f"{SVG}text") if t.text] for i in sorted(order)]


def titles(svg: str) -> list[str]:
    """The lines of the chart's title."""
    root = ET.fromstring(svg)
    box = next(g for g in root.iter(f"{SVG}g") if g.get("class") == "titles")
    return [t.text or "" for t in box.iter(f"{SVG}text")]


def pct(rate: float) -> str:
    return f"{rate * 100:.1f}%"


# ---------------------------------------------------------------- static and deterministic


def test_every_chart_is_static_offline_svg_for_inline_html(data: dict[str, Any]) -> None:
    for kind, svg in all_charts(data).items():
        assert svg is not None, kind
        assert svg.startswith("<svg "), kind  # no XML declaration
        assert "<script" not in svg, kind
        assert "<!--" not in svg, kind
        links = set(re.findall(r"https?://[^\"' )<>]+", svg))
        assert links <= {"http://www.w3.org/2000/svg", "http://www.w3.org/1999/xlink"}, kind
        assert 'xmlns="http://www.w3.org/2000/svg"' in svg, kind
        assert "@import" not in svg, kind
        assert "url(" not in svg, kind
        root = ET.fromstring(svg)
        assert root.get("width") == "100%", kind
        assert root.get("viewBox", "").startswith("0 0 800 "), kind
        assert "height" not in root.attrib, kind


def test_the_same_input_gives_the_same_bytes_in_two_runs_and_two_processes(
    data: dict[str, Any], tmp_path: Path
) -> None:
    first, second = all_charts(data), all_charts(data)
    assert first == second
    source = tmp_path / "data.json"
    source.write_text(json.dumps({**data, "changes": CHANGES}), encoding="utf-8")
    script = (
        "import hashlib, json, sys\n"
        "from salescoach.render import charts\n"
        "d = json.load(open(sys.argv[1], encoding='utf-8'))\n"
        f"out = [charts.ratings_heatmap(d['ratings'], {MANAGER!r}),\n"
        "       charts.team_funnel(d['team'], 'HUF'), charts.rep_vs_team(d['team']),\n"
        "       charts.pipeline_waterfall(d['changes']),\n"
        "       charts.rhythm_timeline(d['scorecard'], d['schedule']),\n"
        "       charts.goal_hit_rates(d['goals'])]\n"
        "print(' '.join(hashlib.sha256(s.encode()).hexdigest() for s in out))\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", script, str(source)], capture_output=True, text=True, check=True
    )
    here = " ".join(hashlib.sha256(s.encode()).hexdigest() for s in first.values() if s)
    assert done.stdout.strip() == here


def test_two_charts_on_one_page_share_no_id(data: dict[str, Any]) -> None:
    ids: list[str] = []
    for svg in all_charts(data).values():
        ids += re.findall(r'\bid="([^"]+)"', svg or "")
    assert len(ids) == len(set(ids))


# ---------------------------------------------------------------- every number is the JSON's


def test_heatmap_prints_each_score_and_the_team_average(data: dict[str, Any]) -> None:
    entry = next(m for m in data["ratings"]["managers"] if m["manager"] == MANAGER)
    dates = entry["meetings"]
    expected = [[str(r["scores"][d]) for d in dates if r["scores"].get(d)] for r in entry["reps"]]
    expected.append([f"{entry['team_average'][d]:.1f}" for d in dates])
    assert overlay(charts.ratings_heatmap(data["ratings"], MANAGER)) == expected


def test_heatmap_rows_carry_each_reps_trend_and_average(data: dict[str, Any]) -> None:
    svg = charts.ratings_heatmap(data["ratings"], MANAGER)
    entry = next(m for m in data["ratings"]["managers"] if m["manager"] == MANAGER)
    arrows = {"up": "↑ up", "down": "↓ down", "flat": "→ flat"}
    for rep in entry["reps"]:
        assert f"{rep['rep_name']} {arrows[rep['trend']]}, avg {rep['average']:.1f}" in svg


def test_funnel_prints_each_stage_and_conversion_with_its_n(data: dict[str, Any]) -> None:
    team = data["team"]
    svg = charts.team_funnel(team, "HUF")
    into = {c["to"]: c for c in team["conversions"]}
    expected = []
    for stage in reversed(team["stages"]):
        text = f"{stage['count']:,}"
        if (c := into.get(stage["stage"])) is not None:
            text += f" · → {pct(c['rate'])} (n={c['n']:,})"
        expected.append(text)
    assert overlay(svg) == [expected]
    won = f"{team['won_value']:,.0f} HUF"
    n, cycle_n = team["win_rate_n"], team["cycle_days_n"]
    assert titles(svg) == [
        "Funnel: Anna Kovács",
        f"win rate – (n={n}) · cycle – days (n={cycle_n}) · won {won}",
    ]


def test_reps_against_the_team_print_each_rate_with_its_n(data: dict[str, Any]) -> None:
    team = data["team"]
    expected = []
    for row in [*team["reps"], team]:
        rates = [(c["rate"], c["n"]) for c in row["conversions"]]
        rates.append((row["win_rate"], row["win_rate_n"]))
        expected.append([f"{pct(r)} (n={n})" for r, n in reversed(rates) if r is not None])
    assert overlay(charts.rep_vs_team(team)) == expected


def test_pipeline_changes_print_each_kinds_count() -> None:
    counts = CHANGES["changes"]["team"]  # type: ignore[index]
    kinds = ("new", "won", "lost", "forward", "back", "pushed", "grown", "shrunk", "gone")
    svg = charts.pipeline_waterfall(CHANGES)
    assert svg is not None
    assert overlay(svg) == [[str(counts[k]) for k in kinds]]
    assert titles(svg) == ["Pipeline changes since 1 Oct 2026: Anna Kovács"]
    assert ">New<" in svg
    assert ">Gone<" in svg


def test_no_pipeline_changes_without_an_earlier_import(data: dict[str, Any]) -> None:
    assert data["team"]["changes"] is None
    assert charts.pipeline_waterfall(data["team"]) is None
    untraced = {**CHANGES, "changes": {**CHANGES["changes"], "traceable": False}}  # type: ignore[dict-item]
    assert charts.pipeline_waterfall(untraced) is None


RHYTHM_WORDS = {
    "held": ("held on the planned day", "circle"),
    "moved": ("held, moved", "path"),
    "skipped": ("skipped", "path"),
    "overdue": ("overdue", "path"),
    "planned": ("next 1:1, planned", "circle"),
}
"""Each status's legend words and the SVG element its mark is drawn with."""


def marks(svg: str) -> list[list[tuple[str, str, float, float]]]:
    """Each series' marks, series in the order added: (hover text, element, x, y), the
    centre of a path being the middle of its extent."""
    root = ET.fromstring(svg)
    plot = next(g for g in root.iter(f"{SVG}g") if g.get("class") == "plot overlay")
    out = []
    for serie in plot:
        found = []
        for dot in serie.findall(f"{SVG}g"):
            title = dot.find(f"{SVG}title")
            shape = next(e for e in dot if e.tag in (f"{SVG}circle", f"{SVG}path"))
            if shape.tag == f"{SVG}circle":
                x, y = float(shape.get("cx") or 0), float(shape.get("cy") or 0)
            else:
                numbers = [float(n) for n in re.findall(r"-?[\d.]+", shape.get("d") or "")]
                xs, ys = numbers[0::2], numbers[1::2]
                x, y = (min(xs) + max(xs)) / 2, (min(ys) + max(ys)) / 2
            text = "" if title is None else title.text or ""
            found.append((text, shape.tag[len(SVG) :], x, y))
        out.append(found)
    return out


def short(day: str) -> str:
    """``21 Oct``: a day of the JSON as the timeline writes it."""
    d = date.fromisoformat(day)
    return f"{d.day} {d:%b}"


def with_year(day: str) -> str:
    """``21 Oct 2025``: as the timeline writes it over a period across two years."""
    return f"{short(day)} {day[:4]}"


def expected_marks(
    card: dict[str, Any], words: Callable[[str], str]
) -> dict[str, list[tuple[str, int]]]:
    """Per status: each 1:1's hover text and the day it is drawn at (ordinal), counted here
    from the scorecard's JSON."""
    out: dict[str, list[tuple[str, int]]] = {status: [] for status in RHYTHM_WORDS}
    for m in [m for m in card["managers"] if m["one_on_ones"]][::-1]:
        for o in m["one_on_ones"]:
            name, status = m["manager_name"], o["status"]
            if status == "moved":
                text = f"{name}: held {words(o['held_on'])} (planned for {words(o['date'])})"
            else:
                text = f"{name}: {RHYTHM_WORDS[status][0]} {words(o['date'])}"
            day = date.fromisoformat(o["held_on"] or o["date"]).toordinal()
            out[status].append((text, day))
    return {status: found for status, found in out.items() if found}


def check_timeline(svg: str, card: dict[str, Any], words: Callable[[str], str] = short) -> None:
    """Every mark of the timeline is a 1:1 of the JSON, in its status's series and shape,
    at its day (x is one linear scale of the days) and on its manager's row."""
    expected = expected_marks(card, words)
    drawn = marks(svg)
    assert [len(d) for d in drawn] == [len(e) for e in expected.values()]
    scale: list[tuple[int, float]] = []
    rows: dict[str, list[float]] = {}
    for (status, wanted), series in zip(expected.items(), drawn, strict=True):
        assert [t for t, *_ in series] == [t for t, _d in wanted], status
        assert {e for _t, e, *_ in series} == {RHYTHM_WORDS[status][1]}, status
        for (text, _e, x, y), (_t, day) in zip(series, wanted, strict=True):
            scale.append((day, x))
            rows.setdefault(text.split(":")[0], []).append(y)
    (d0, x0), (d1, x1) = min(scale), max(scale)
    for day, x in scale:
        assert abs(x - (x0 + (x1 - x0) * (day - d0) / (d1 - d0))) < 0.5
    assert all(max(ys) - min(ys) < 1.5 for ys in rows.values()), rows  # one row each
    ordered = sorted(rows, key=lambda name: rows[name][0])
    names = [m["manager_name"] for m in card["managers"] if m["one_on_ones"]]
    assert ordered == names  # top to bottom in the JSON's order
    legend = [t.text for t in ET.fromstring(svg).iter(f"{SVG}text") if t.text in LEGENDS]
    assert legend == [RHYTHM_WORDS[s][0] for s in expected]


LEGENDS = {words for words, _shape in RHYTHM_WORDS.values()}


def test_rhythm_marks_each_1_1_of_the_json_on_its_day(data: dict[str, Any]) -> None:
    card = data["scorecard"]
    svg = charts.rhythm_timeline(card, data["schedule"])
    assert svg is not None
    check_timeline(svg, card)
    for m in card["managers"]:  # the counts are the list's (one rule, one function)
        statuses = [o["status"] for o in m["one_on_ones"]]
        meetings = m["meetings"]
        assert statuses.count("held") == meetings["held_on_planned_day"]
        assert statuses.count("moved") == meetings["moved"]
        assert statuses.count("skipped") == meetings["skipped"]
        assert statuses.count("overdue") == meetings["overdue"]
    overdue = {s["manager"]: s["overdue_days"] for s in data["schedule"] if s["overdue_days"]}
    assert overdue  # the example has an overdue 1:1 ...
    for manager_id, days in overdue.items():
        name = next(s["manager_name"] for s in data["schedule"] if s["manager"] == manager_id)
        assert f">{name} (overdue {days} day{'s' if days > 1 else ''})<" in svg  # ... named


SKIPPING = {
    "since": "2025-12-01",
    "today": "2026-01-20",
    "managers": [
        {
            "manager": "anna",
            "manager_name": "Anna Kovács-Szentgyörgyi",
            "one_on_ones": [
                {"date": "2025-12-01", "held_on": "2025-12-01", "status": "held", "next": False},
                {"date": "2025-12-08", "held_on": None, "status": "skipped", "next": False},
                {"date": "2025-12-15", "held_on": "2025-12-17", "status": "moved", "next": False},
                {"date": "2026-01-12", "held_on": None, "status": "overdue", "next": False},
                {"date": "2026-01-19", "held_on": None, "status": "overdue", "next": True},
            ],
        },
        {
            "manager": "gabor",
            "manager_name": "Gábor Szabó",
            "one_on_ones": [
                {"date": "2026-01-05", "held_on": "2026-01-05", "status": "held", "next": False},
                {"date": "2026-01-26", "held_on": None, "status": "planned", "next": True},
            ],
        },
        {"manager": "left", "manager_name": "Left Early", "one_on_ones": []},
    ],
}
"""A scorecard's JSON with every status, a period across two years and a manager with none."""


def test_every_status_has_its_own_mark_and_a_period_across_years_names_them() -> None:
    svg = charts.rhythm_timeline(SKIPPING)
    assert svg is not None
    check_timeline(svg, SKIPPING, with_year)  # the days carry the year: the period spans two
    assert ">Left Early<" not in svg
    assert ">1 Dec 2025<" in svg
    assert ">1 Jan 2026<" in svg
    assert titles(svg) == ["1:1 rhythm, 1 Dec 2025 – 20 Jan 2026"]


def test_no_rhythm_when_no_1_1_is_listed(data: dict[str, Any]) -> None:
    empty = {**data["scorecard"], "managers": []}
    assert charts.rhythm_timeline(empty) is None
    none = {**SKIPPING, "managers": SKIPPING["managers"][2:]}  # type: ignore[index]
    assert charts.rhythm_timeline(none) is None


def _month_texts(goals: list[dict[str, Any]], key: str, codes: tuple[str, str, str]) -> list[str]:
    """Each month's rate of ``key`` counted here, as the chart should print it."""
    texts = []
    for month in sorted({g["set_on"][:7] for g in goals}):
        graded = [g[key] for g in goals if g["set_on"][:7] == month and g[key]]
        score = graded.count(codes[0]) + graded.count(codes[1]) * 0.5
        if len(graded) >= 3:
            texts.append(f"{pct(round(score / len(graded), 3))} (n={len(graded)})")
    return texts


def test_goal_hit_rates_by_month_and_for_all_goals_equal_the_json(data: dict[str, Any]) -> None:
    goals = data["goals"]
    svg = charts.goal_hit_rates(goals)
    assert svg is not None
    met, helped = overlay(svg)
    results, help_ = goals["results"], goals["help"]
    met_all = f"{pct(results['rate'])} (n={results['graded']})"
    help_all = f"{pct(help_['rate'])} (n={help_['graded']})"
    assert met == [
        met_all,
        *_month_texts(goals["goals"], "result", ("met", "partly", "missed"))[::-1],
    ]
    assert helped == [
        help_all,
        *_month_texts(goals["goals"], "help_delivered", ("yes", "partly", "no"))[::-1],
    ]
    assert titles(svg)[1] == f"goals met {met_all} · help given {help_all}"
    assert ">Sep 2026<" in svg
    assert ">all goals<" in svg


def test_no_goal_chart_before_a_goal_is_graded(data: dict[str, Any]) -> None:
    none = {"graded": 0, "rate": None}
    ungraded = {**data["goals"], "results": none, "help": none}
    assert charts.goal_hit_rates(ungraded) is None


def test_labels_and_numbers_follow_the_language(data: dict[str, Any]) -> None:
    use("hu")
    try:
        svg = charts.team_funnel(data["team"], "HUF")
    finally:
        use("en")
    assert "42,7% (n=227)" in svg
    assert "330\xa0000\xa0Ft" in svg


# ---------------------------------------------------------------- files


def test_write_charts_writes_svg_and_png_under_stable_names(tmp_path: Path) -> None:
    svg = charts.pipeline_waterfall(CHANGES)
    assert svg is not None
    done = charts.write_charts(tmp_path / "out", {f"{MANAGER}-changes": svg})
    names = sorted(p.name for p in (tmp_path / "out").iterdir())
    assert names == [f"{MANAGER}-changes.png", f"{MANAGER}-changes.svg"]
    assert (tmp_path / "out" / f"{MANAGER}-changes.svg").read_text(encoding="utf-8") == svg
    assert (tmp_path / "out" / f"{MANAGER}-changes.png").read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    assert done.png_missing is None
    assert len(done.written) == 2


def test_without_cairosvg_the_svg_is_written_and_the_png_missing_said(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setitem(sys.modules, "cairosvg", None)
    done = charts.write_charts(tmp_path, {"x-changes": charts.pipeline_waterfall(CHANGES) or ""})
    assert [p.name for p in tmp_path.iterdir()] == ["x-changes.svg"]
    assert done.png_missing == (
        "cairosvg is not installed (install the report extra: pip install 'salescoach[report]')"
    )


def test_without_pygal_the_charts_say_how_to_install_it(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "pygal", None)
    with pytest.raises(SalescoachError) as caught:
        charts.require_pygal()
    assert caught.value.message == "charts need the pygal package, which is not installed"
    assert caught.value.hint == "install the report extra: pip install 'salescoach[report]'"
    assert caught.value.exit_code == 1


def test_names_from_the_data_stay_text(data: dict[str, Any]) -> None:
    hostile = json.loads(json.dumps(data["ratings"]))
    rep = hostile["managers"][0]["reps"][0]
    rep["rep_name"] = "<script>alert(1)</script> & <img src=http://x/>"
    svg = charts.ratings_heatmap(hostile, MANAGER)
    assert "<script" not in svg
    assert "<img" not in svg
    assert "&lt;script&gt;alert(1)&lt;/script&gt; &amp; &lt;img" in svg


def test_without_the_cairo_library_the_png_missing_says_what_to_install(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import importlib.abc

    class NoCairo(importlib.abc.MetaPathFinder):
        """cairosvg found, its libcairo not: cairocffi raises OSError on import."""

        def find_spec(self, name: str, *_args: object) -> None:
            if name == "cairosvg":
                raise OSError("no library called 'cairo-2' was found")

    monkeypatch.delitem(sys.modules, "cairosvg", raising=False)
    monkeypatch.setattr(sys, "meta_path", [NoCairo(), *sys.meta_path])
    done = charts.write_charts(tmp_path, {"x-changes": charts.pipeline_waterfall(CHANGES) or ""})
    assert [p.name for p in tmp_path.iterdir()] == ["x-changes.svg"]
    assert done.png_missing == (
        "cairosvg cannot load the system's cairo library (Debian, Ubuntu: apt install libcairo2)"
    )


def test_a_manager_without_ratings_gets_a_chart_that_says_so() -> None:
    svg = charts.ratings_heatmap({"managers": []}, "nobody")
    assert ">No data<" in svg
    assert 'class="value"' not in svg
