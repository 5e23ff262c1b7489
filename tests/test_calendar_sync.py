"""`salescoach calendar sync` against a real local CalDAV server (Radicale), started on a free
port with a temporary storage folder and no authentication, and stopped after the tests."""

from __future__ import annotations

import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import icalendar
import pytest

from tests.conftest import Run

caldav = pytest.importorskip("caldav", reason="the caldav extra is not installed")
pytest.importorskip("radicale", reason="radicale (test extra) is not installed")

TODAY = "2026-11-27"
BUDAPEST = ZoneInfo("Europe/Budapest")
OTHER = (
    "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//test//dentist//EN\r\nBEGIN:VEVENT\r\n"
    "UID:dentist-1@example.org\r\nDTSTAMP:20261101T000000Z\r\n"
    "DTSTART:20261130T070000Z\r\nDTEND:20261130T080000Z\r\nSUMMARY:Dentist\r\n"
    "END:VEVENT\r\nEND:VCALENDAR\r\n"
)


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture(scope="module")
def radicale(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """A Radicale server of its own: its base URL, until the module's tests are done."""
    storage = tmp_path_factory.mktemp("radicale")
    port = _free_port()
    server = subprocess.Popen(
        [
            sys.executable, "-m", "radicale",
            "--server-hosts", f"127.0.0.1:{port}",
            "--storage-filesystem-folder", str(storage / "collections"),
            "--auth-type", "none",
            "--logging-level", "warning",
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )  # fmt: skip
    try:
        deadline = time.monotonic() + 20
        while True:
            try:
                socket.create_connection(("127.0.0.1", port), timeout=0.5).close()
                break
            except OSError:
                if server.poll() is not None or time.monotonic() > deadline:
                    raise RuntimeError(f"radicale did not start: {server.stderr}") from None
                time.sleep(0.1)
        yield f"http://127.0.0.1:{port}/"
    finally:
        server.terminate()
        server.wait(timeout=10)


@pytest.fixture
def calendar_url(radicale: str, request: pytest.FixtureRequest) -> str:
    """A new, empty calendar of user 'coach', with one unrelated event (a dentist's)."""
    client = caldav.DAVClient(url=radicale, username="coach", password="secret")
    cal_id = request.node.name.replace("_", "-")
    calendar = client.principal().make_calendar(name="Work", cal_id=cal_id)
    calendar.add_event(OTHER)
    return f"{radicale}coach/{cal_id}/"


def server_events(url: str) -> dict[str, icalendar.Event]:
    """The events on the server, by UID, read with caldav and icalendar (not salescoach)."""
    client = caldav.DAVClient(url=url, username="coach", password="secret")
    found = {}
    for item in client.calendar(url=url).get_events():
        for event in icalendar.Calendar.from_ical(item.data).walk("VEVENT"):
            found[str(event["uid"])] = event
    return found


@pytest.fixture
def sync(cli: Run, example: Path, calendar_url: str, monkeypatch: pytest.MonkeyPatch) -> Run:
    """``calendar sync`` of the example to the test calendar, four weeks from TODAY."""
    monkeypatch.setenv("TZ", "Europe/Budapest")
    monkeypatch.setenv("SALESCOACH_CALDAV_PASSWORD", "secret")

    def run(*more: object) -> object:
        return cli(
            "--repo", example, "--today", TODAY, "calendar", "sync",
            "--url", calendar_url, "--user", "coach", "--weeks", "4", *more,
        )  # fmt: skip

    return run


def test_sync_creates_moves_and_removes_leaving_other_events(
    sync: Run, cli: Run, example: Path, calendar_url: str
) -> None:
    first = sync()
    assert first.exit_code == 0, first.output
    events = server_events(calendar_url)
    ours = {u for u in events if u.startswith("salescoach-")}
    assert len(ours) == 11
    assert first.stderr.splitlines()[-1] == (
        f"synced {calendar_url}: 11 created, 0 updated, 0 removed, 0 unchanged; "
        "1 other event left alone"
    )
    assert "created  Mon 2026-11-30 09:00  1:1 with Anna Kovács\n" in first.stderr
    uid = "salescoach-anna-kovacs-13@acme-components"
    assert events[uid].decoded("dtstart") == datetime(2026, 11, 30, 9, 0, tzinfo=BUDAPEST)
    assert int(events[uid]["sequence"]) == 0

    again = sync()
    assert again.stderr.splitlines()[-1] == (
        f"synced {calendar_url}: 0 created, 0 updated, 0 removed, 11 unchanged; "
        "1 other event left alone"
    )

    moved = cli(
        "--repo", example, "--today", TODAY, "meeting", "move", "anna-kovacs", "2026-11-30",
        "--to", "2026-12-01", "--because", "trade fair",
    )  # fmt: skip
    assert moved.exit_code == 0, moved.output
    third = sync()
    assert third.exit_code == 0, third.output
    # Tuesday is Gábor's day, also at 09:00: Anna (by ID) takes 09:00, Gábor follows at 10:00
    assert third.stderr.splitlines() == [
        "updated  Tue 2026-12-01 09:00  1:1 with Anna Kovács (was Mon 2026-11-30 09:00)",
        "updated  Tue 2026-12-01 10:00  1:1 with Gábor Szabó (was Tue 2026-12-01 09:00)",
        f"synced {calendar_url}: 0 created, 2 updated, 0 removed, 9 unchanged; "
        "1 other event left alone",
    ]
    after = server_events(calendar_url)
    assert after[uid].decoded("dtstart") == datetime(2026, 12, 1, 9, 0, tzinfo=BUDAPEST)
    assert int(after[uid]["sequence"]) == 1
    gabor = after["salescoach-gabor-szabo-14@acme-components"]
    assert gabor.decoded("dtstart") == datetime(2026, 12, 1, 10, 0, tzinfo=BUDAPEST)
    assert int(gabor["sequence"]) == 1
    assert set(after) == set(events)

    # Péter leaves the role today: his 1:1 of 12-10 is no longer upcoming
    peter = example / "managers/peter-varga.yaml"
    peter.write_text(peter.read_text(encoding="utf-8") + "left: 2026-11-27\n", encoding="utf-8")
    fourth = sync()
    assert fourth.exit_code == 0, fourth.output
    assert fourth.stderr.splitlines() == [
        "removed  Thu 2026-12-10 09:00  salescoach-peter-varga-8@acme-components",
        f"synced {calendar_url}: 0 created, 0 updated, 1 removed, 10 unchanged; "
        "1 other event left alone",
    ]
    final = server_events(calendar_url)
    assert set(final) == set(events) - {"salescoach-peter-varga-8@acme-components"}
    dentist = final["dentist-1@example.org"]
    assert str(dentist["summary"]) == "Dentist"
    assert dentist.decoded("dtstart") == datetime(2026, 11, 30, 7, 0, tzinfo=ZoneInfo("UTC"))


def test_sync_keeps_past_1on1s_and_bumps_a_sequence_the_server_is_ahead_of(
    sync: Run, calendar_url: str
) -> None:
    client = caldav.DAVClient(url=calendar_url, username="coach", password="secret")
    calendar = client.calendar(url=calendar_url)
    past = OTHER.replace("dentist-1@example.org", "salescoach-anna-kovacs-12@acme-components")
    calendar.add_event(past.replace("20261130T07", "20261123T07"), increase_seqno=False)
    ahead = OTHER.replace("dentist-1@example.org", "salescoach-anna-kovacs-13@acme-components")
    calendar.add_event(ahead.replace("SUMMARY", "SEQUENCE:4\r\nSUMMARY"), increase_seqno=False)
    result = sync()
    assert result.exit_code == 0, result.output
    assert result.stderr.splitlines()[-1] == (
        f"synced {calendar_url}: 10 created, 1 updated, 0 removed, 0 unchanged; "
        "2 other events left alone"
    )
    events = server_events(calendar_url)
    assert str(events["salescoach-anna-kovacs-12@acme-components"]["summary"]) == "Dentist"
    moved = events["salescoach-anna-kovacs-13@acme-components"]
    assert int(moved["sequence"]) == 5
    assert moved.decoded("dtstart") == datetime(2026, 11, 30, 9, tzinfo=BUDAPEST)


def test_a_wrong_calendar_address_is_a_clear_error(sync: Run, radicale: str) -> None:
    result = sync("--url", f"{radicale}coach/no-such-calendar/")
    assert result.exit_code == 1
    assert result.stderr.startswith(f"error: no calendar at {radicale}coach/no-such-calendar/")


def test_without_caldav_the_command_says_how_to_install_it(
    cli: Run, example: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setitem(sys.modules, "caldav", None)
    monkeypatch.setenv("SALESCOACH_CALDAV_PASSWORD", "secret")
    monkeypatch.setenv("TZ", "Europe/Budapest")
    result = cli(
        "--repo", example, "--today", TODAY, "calendar", "sync",
        "--url", "http://127.0.0.1:9/x/", "--user", "coach",
    )  # fmt: skip
    assert result.exit_code == 1
    assert result.stderr == (
        "error: calendar sync needs the caldav package, which is not installed\n"
        "hint: install it with: pip install 'salescoach[caldav]'\n"
    )


def test_the_password_is_asked_when_not_in_the_environment(
    cli: Run, example: Path, calendar_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("SALESCOACH_CALDAV_PASSWORD", raising=False)
    monkeypatch.setenv("TZ", "Europe/Budapest")
    result = cli(
        "--repo", example, "--today", TODAY, "calendar", "sync",
        "--url", calendar_url, "--user", "coach", "--weeks", "1",
        input="secret\n",
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    assert "secret" not in result.output
    assert result.stderr.splitlines()[-1].startswith(f"synced {calendar_url}: 2 created,")
