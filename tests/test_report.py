"""``salescoach report``: the one-file HTML report of examples/acme and examples/crm-sample.
Every number it shows is checked against the JSON of the command it names, the page is
checked to be whole (no script, nothing fetched) and the same bytes twice; the refusals are
those of the other commands. (The page in a real browser: tests/test_report_browser.py.)"""

from __future__ import annotations

import json
import shlex
import shutil
import sys
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import ROOT, Run, write

SAMPLE = ROOT / "examples" / "crm-sample"
TODAY = "2026-11-27"
SECTIONS = ["ratings", "funnel", "changes", "rhythm", "goals"]


class Page(HTMLParser):
    """What the tests look at in a report: its numbers, sections, tags and texts."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.numbers: list[dict[str, str]] = []
        self.sections: list[str] = []
        self.tags: set[str] = set()
        self.html_lang: str | None = None
        self.texts: list[str] = []
        self._number: dict[str, str] | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        found = {k: v or "" for k, v in attrs}
        self.tags.add(tag)
        if tag == "html":
            self.html_lang = found.get("lang")
        if tag == "section":
            self.sections.append(found["id"])
        if tag == "data":
            self._number = {**found, "text": ""}
            self.numbers.append(self._number)

    def handle_endtag(self, tag: str) -> None:
        if tag == "data":
            self._number = None

    def handle_data(self, data: str) -> None:
        self.texts.append(data)
        if self._number is not None:
            self._number["text"] += data


def parse(html: str) -> Page:
    page = Page()
    page.feed(html)
    page.close()
    return page


def at(data: Any, pointer: str) -> Any:
    """The value at a JSON pointer (RFC 6901)."""
    for part in pointer.split("/")[1:]:
        key = part.replace("~1", "/").replace("~0", "~")
        data = data[int(key)] if isinstance(data, list) else data[key]
    return data


@pytest.fixture
def sample(tmp_path: Path) -> Path:
    """A private copy of examples/crm-sample (deals only: no 1:1s, no ratings)."""
    target = tmp_path / "crm-sample"
    shutil.copytree(SAMPLE, target, ignore=shutil.ignore_patterns(".salescoach-*"))
    return target


def report(cli: Run, repo: Path, *args: str, out: Path | None = None) -> str:
    """The report's HTML (written to ``out``, default: a file beside the repository)."""
    out = out or repo.parent / "report.html"
    result = cli("--repo", repo, "--today", TODAY, "report", *args, "-o", out)
    assert result.exit_code == 0, result.stderr
    return out.read_text(encoding="utf-8")


def check_numbers(cli: Run, repo: Path, page: Page) -> set[str]:
    """Assert each number of the page equals its command's JSON; the commands named."""
    outputs: dict[str, Any] = {}
    for number in page.numbers:
        command, _, pointer = number["data-json"].partition("#")
        if command not in outputs:
            result = cli("--repo", repo, "--today", TODAY, *shlex.split(command), "-f", "json")
            assert result.exit_code == 0, (command, result.stderr)
            outputs[command] = json.loads(result.stdout)
        expected = at(outputs[command], pointer)
        shown = None if number["value"] == "" else json.loads(number["value"])
        assert shown == expected, (number, expected)
        assert isinstance(expected, (int, float)) or expected is None, number
        assert number["text"].strip(), number
    return set(outputs)


def test_acme_every_number_is_its_commands(cli: Run, example: Path) -> None:
    page = parse(report(cli, example))
    commands = check_numbers(cli, example, page)
    assert commands == {
        "rate show",
        "funnel review",
        "coach scorecard",
        "schedule",
        "goals anna-kovacs",
        "goals gabor-szabo",
        "goals peter-varga",
        "goals zsofia-toth",
    }
    assert len(page.numbers) > 400
    assert page.sections == SECTIONS


def test_acme_one_manager_since(cli: Run, example: Path) -> None:
    """One manager and ``--since``: the commands are run with the same arguments."""
    page = parse(report(cli, example, "anna-kovacs", "--since", "2026-10-01"))
    commands = check_numbers(cli, example, page)
    assert commands == {
        "rate show anna-kovacs",
        "funnel review anna-kovacs --since 2026-10-01",
        "coach scorecard --since 2026-10-01",
        "schedule next anna-kovacs",
        "goals anna-kovacs --since 2026-10-01",
    }
    assert "Anna Kovács (anna-kovacs) and their team" in page.texts
    assert "Report of Fri 27 Nov 2026 · since Thu 1 Oct 2026 · coach: Éva Horváth" in page.texts


def test_crm_sample_every_number_and_the_parts_without_data(cli: Run, sample: Path) -> None:
    page = parse(report(cli, sample))
    commands = check_numbers(cli, sample, page)
    assert "funnel review" in commands
    assert page.sections == SECTIONS
    assert page.texts.count("No ratings yet.") == 6
    assert (
        "No pipeline changes to show: they need two CRM imports to compare (a snapshot has no "
        "deals)." in page.texts
    )
    assert "No 1:1 was due in the period." in page.texts


def test_win_rate_shown_as_the_review_shows_it(cli: Run, sample: Path) -> None:
    """A number's text is its JSON value formatted: a rate as a percentage, money whole."""
    page = parse(report(cli, sample, "cara-losch"))
    review = json.loads(
        cli(
            "--repo", sample, "--today", TODAY, "funnel", "review", "cara-losch", "-f", "json"
        ).stdout
    )
    team = review["teams"][0]
    by_place = {n["data-json"]: n["text"] for n in page.numbers}
    rate = by_place["funnel review cara-losch#/teams/0/win_rate"]
    assert rate == f"{team['win_rate'] * 100:.1f}%"
    assert by_place["funnel review cara-losch#/teams/0/won_value"] == f"{team['won_value']:,.0f}"


def test_same_bytes_twice_html_and_charts(cli: Run, example: Path, tmp_path: Path) -> None:
    runs = []
    for n in (1, 2):
        out, charts = tmp_path / f"r{n}.html", tmp_path / f"charts{n}"
        result = cli("--repo", example, "--today", TODAY, "report", "-o", out, "--charts", charts)
        assert result.exit_code == 0, result.stderr
        files = {p.name: p.read_bytes() for p in sorted(charts.iterdir())}
        runs.append((out.read_bytes(), files))
    assert runs[0] == runs[1]
    html, files = runs[0]
    assert "anna-kovacs-ratings.svg" in files
    svg = files["anna-kovacs-ratings.svg"].decode()
    assert svg in html.decode()  # the file is the very chart of the page


def test_the_page_is_whole_and_prints_on_a4(cli: Run, example: Path) -> None:
    html = report(cli, example)
    page = parse(html)
    assert html.startswith('<!DOCTYPE html>\n<html lang="en">')
    assert not page.tags & {"script", "link", "img", "iframe", "object", "embed"}
    assert "@page{size:A4;" in html
    assert "@media print{" in html
    for fetching in ("url(", "@import", "@font-face", " src=", ' href="http'):
        assert fetching not in html
    outside = {
        u
        for u in _links(html)
        if u not in {"http://www.w3.org/2000/svg", "http://www.w3.org/1999/xlink"}
    }
    assert outside == set()
    assert "default-src 'none'" in html


def _links(html: str) -> set[str]:
    import re

    return set(re.findall(r"https?://[^\s\"'<>)]+", html))


def test_hungarian_page(cli: Run, example: Path, tmp_path: Path) -> None:
    out = tmp_path / "hu.html"
    result = cli("--repo", example, "--today", TODAY, "--lang", "hu", "report", "-o", out)
    assert result.exit_code == 0, result.stderr
    html = out.read_text(encoding="utf-8")
    page = parse(html)
    assert page.html_lang == "hu"
    assert any("2026. november 27., péntek" in t for t in page.texts)
    averages = [n for n in page.numbers if n["data-json"].endswith("/average") and n["value"]]
    assert averages
    assert all("," in n["text"] for n in averages if "." in n["value"])


def test_data_text_is_escaped(cli: Run, example: Path) -> None:
    """HTML in a name is text; a terminal escape or a bidi override reads as its escape."""
    manager = example / "managers" / "anna-kovacs.yaml"
    text = manager.read_text(encoding="utf-8")
    text = text.replace("name: Petra Nagy", """name: 'Petra <script>x</script> & "N"'""")
    text = text.replace("name: László Fekete", r'name: "László\e]8;;http://x\a Fekete\u202e"')
    manager.write_text(text, encoding="utf-8")
    html = report(cli, example, "anna-kovacs")
    assert "<script>" not in html
    assert "Petra &lt;script&gt;x&lt;/script&gt; &amp; &quot;N&quot;" in html
    assert "\x1b" not in html
    assert "\u202e" not in html
    assert r"László\x1b]8;;http://x\x07 Fekete\u202e" in html


def test_standard_output_and_the_default_file(
    cli: Run, example: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    result = cli("--repo", example, "--today", TODAY, "report", "peter-varga", "-o", "-")
    assert result.exit_code == 0
    assert result.stdout.startswith("<!DOCTYPE html>")
    assert result.stderr == ""
    monkeypatch.chdir(tmp_path)
    result = cli("--repo", example, "--today", TODAY, "report", "peter-varga")
    assert result.exit_code == 0
    assert result.stderr == (
        "wrote report-peter-varga-2026-11-27.html: open it in a browser, print it from there "
        "on A4\n"
    )
    assert (tmp_path / "report-peter-varga-2026-11-27.html").read_text() == result_stdout(
        cli, example
    )


def result_stdout(cli: Run, example: Path) -> str:
    return cli("--repo", example, "--today", TODAY, "report", "peter-varga", "-o", "-").stdout


def test_without_pygal_it_says_how_to_install(
    cli: Run, example: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setitem(sys.modules, "pygal", None)  # import pygal → ImportError
    out = tmp_path / "r.html"
    result = cli("--repo", example, "--today", TODAY, "report", "-o", out)
    assert result.exit_code == 1
    assert result.stderr == (
        "error: charts need the pygal package, which is not installed\n"
        "hint: install the report extra: pip install 'salescoach[report]'\n"
    )
    assert not out.exists()


@pytest.mark.parametrize(
    ("args", "code", "stderr"),
    [
        (
            ["anna-kovac"],
            1,
            "error: no manager 'anna-kovac' (no file managers/anna-kovac.yaml)\n"
            "hint: did you mean 'anna-kovacs'?\n",
        ),
        (["Anna Kovacs"], 2, "error: 'Anna Kovacs' is not a valid manager ID"),
        (
            ["--since", "2026-13-01"],
            2,
            "error: --since takes a date as YYYY-MM-DD, got '2026-13-01'\n",
        ),
        (["--since", "2026-12-01"], 2, "error: --since 2026-12-01 is after today (2026-11-27)\n"),
        (
            ["--since", "2026-11-20"],
            1,
            "error: --since 2026-11-20 is after the review date 2026-11-15\n",
        ),
    ],
)
def test_refusals(
    cli: Run, example: Path, tmp_path: Path, args: list[str], code: int, stderr: str
) -> None:
    out = tmp_path / "r.html"
    result = cli("--repo", example, "--today", TODAY, "report", *args, "-o", out)
    assert result.exit_code == code
    assert result.stderr.startswith(stderr)
    assert not out.exists()


def test_output_to_a_folder_is_refused(cli: Run, example: Path, tmp_path: Path) -> None:
    result = cli("--repo", example, "--today", TODAY, "report", "-o", tmp_path)
    assert result.exit_code == 2
    assert result.stderr == f"error: -o takes a file, and {tmp_path} is a folder\n"


def test_a_repo_with_errors_is_refused(cli: Run, example: Path, tmp_path: Path) -> None:
    write(example, "meetings/anna-kovacs/2026-11-23.yaml", "date: 2026-11-23\nstatus: done\n")
    result = cli("--repo", example, "--today", TODAY, "report", "-o", tmp_path / "r.html")
    assert result.exit_code == 1
    assert result.stderr.startswith(
        "error: the repository has errors in meetings/anna-kovacs/2026-11-23.yaml"
    )


def test_a_manager_who_left_has_no_next_meeting(cli: Run, example: Path) -> None:
    """A manager who left keeps their ratings, scorecard and goals; no next 1:1 is invented."""
    manager = example / "managers" / "peter-varga.yaml"
    manager.write_text("left: 2026-11-25\n" + manager.read_text(encoding="utf-8"), "utf-8")
    page = parse(report(cli, example, "peter-varga"))
    commands = check_numbers(cli, example, page)
    assert "No next 1:1: the manager has left the role." in page.texts
    assert not any(c.startswith("schedule") for c in commands)
    assert "rate show peter-varga" in commands


def test_money_is_in_the_repositorys_currency(cli: Run, example: Path, tmp_path: Path) -> None:
    settings = example / "salescoach.yaml"
    text = settings.read_text(encoding="utf-8")
    settings.write_text(text.replace("funnel:\n", "funnel:\n  currency: EUR\n"), "utf-8")
    page = parse(report(cli, example, "anna-kovacs"))
    by_place = {n["data-json"]: n for n in page.numbers}
    won = by_place["funnel review anna-kovacs#/teams/0/won_value"]
    assert (won["value"], won["text"]) == ("330000", "330,000 EUR")
    out = tmp_path / "hu.html"
    cli("--repo", example, "--today", TODAY, "--lang", "hu", "report", "anna-kovacs", "-o", out)
    hungarian = {n["data-json"]: n["text"] for n in parse(out.read_text("utf-8")).numbers}
    assert hungarian["funnel review anna-kovacs#/teams/0/won_value"] == "330\xa0000\xa0EUR"


def test_the_rhythm_timeline_marks_each_1_1_of_the_scorecard(
    cli: Run, example: Path, tmp_path: Path
) -> None:
    """The rhythm section's timeline is drawn from ``coach scorecard``'s list of 1:1s: a
    mark for each, at its day and in its status's shape; the overdue count is the JSON's."""
    from tests.test_charts import check_timeline

    out, folder = tmp_path / "r.html", tmp_path / "charts"
    result = cli("--repo", example, "--today", TODAY, "report", "-o", out, "--charts", folder)
    assert result.exit_code == 0, result.stderr
    html = out.read_text(encoding="utf-8")
    card = json.loads(
        cli("--repo", example, "--today", TODAY, "coach", "scorecard", "-f", "json").stdout
    )
    svg = (folder / "rhythm.svg").read_text(encoding="utf-8")
    rhythm = html[html.index('<section id="rhythm"') : html.index('<section id="goals"')]
    assert svg in rhythm
    check_timeline(svg, card)
    for i, manager in enumerate(card["managers"]):
        overdue = [o["status"] for o in manager["one_on_ones"]].count("overdue")
        pointer = f"coach scorecard#/managers/{i}/meetings/overdue"
        assert f'<data value="{overdue}" data-json="{pointer}">{overdue}</data>' in rhythm
