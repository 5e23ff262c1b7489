"""Rating reps: record a rep's 1–4 rating in their manager's 1:1 (``rate rep``), commit it
(``--commit``), and the ratings tables over recent 1:1s (``rate show``)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from salescoach import messages, ratings, store
from salescoach.errors import NotFound, UsageError
from salescoach.i18n import _
from salescoach.models import Manager, Meeting
from salescoach.store import Layout
from salescoach.yamledit import EditableDocument, edit_yaml_file

if TYPE_CHECKING:
    from salescoach.usecases.write_commits import Committed


@dataclass(frozen=True)
class RatingRecorded:
    """What ``record_rating`` did: the rep's old and new score in one meeting file."""

    rep: str
    old: int | None
    """The score recorded there before, or None when the rep was not rated yet."""
    new: int
    changed: bool
    """False when the file already said exactly this (nothing was written)."""
    path: Path
    manager: Manager
    meeting_date: date
    note: str | None = None
    """The note given with the rating (None: the note in the file was left as it was)."""


def record_rating(
    layout: Layout,
    rep_id: str,
    score: int,
    *,
    note: str | None = None,
    day: date | None = None,
    manager_id: str | None = None,
    today: date,
) -> RatingRecorded:
    """Record ``rep_id``'s ``score`` (and ``note``) in the 1:1 on ``day``, else today's, else
    the latest planned one of the rep's manager; rating again replaces the score. Only the
    rating's lines change. A rep who moved is rated in the team they are in today; a 1:1
    on a day the rep was not in the team is refused."""
    value = ratings.parse_score(str(score))
    store.require_id(rep_id, "rep")
    if manager_id is not None:
        store.require_id(manager_id, "manager")
    manager = store.find_rep_manager(layout, rep_id, manager_id, today=today)
    path = meeting_for_rating(layout, manager, day, today)
    _require_in_team(manager, rep_id, date.fromisoformat(path.stem))

    def change(doc: EditableDocument) -> int | None:
        return _set_rating(doc, rep_id, value, note)

    result = edit_yaml_file(layout, path, change, model=Meeting)
    meeting = result.model
    assert isinstance(meeting, Meeting)
    return RatingRecorded(
        rep_id, result.value, value, result.changed, result.path, manager, meeting.date, note
    )


def _require_in_team(manager: Manager, rep_id: str, day: date) -> None:
    """Refuse a rating in a 1:1 held on a day the rep was not in the manager's team."""
    from salescoach.checks import not_in_team

    reason = not_in_team(manager, rep_id, day)
    if reason is not None:
        raise UsageError(reason, hint=_("give --date of a 1:1 when the rep was in the team"))


def _set_rating(doc: EditableDocument, rep: str, score: int, note: str | None) -> int | None:
    """Set ``ratings.REP`` in the document, keeping a note not replaced; the old score."""
    current = doc.get(("ratings", rep))
    if isinstance(current, dict):
        old = current.get("score")
        doc.set(("ratings", rep, "score"), score)
        if note is not None:
            doc.set(("ratings", rep, "note"), note)
        return old if isinstance(old, int) else None
    rating: dict[str, object] = {"score": score}
    if note is not None:
        rating["note"] = note
    doc.set(("ratings", rep), rating)
    return None


def meeting_for_rating(layout: Layout, manager: Manager, day: date | None, today: date) -> Path:
    """The meeting file a rating goes to: the 1:1 on ``day``, else today's, else the latest
    planned one (``ratings.choose_meeting``); ``NotFound`` when there is none."""
    create = messages.hint_write_agenda(manager.id)
    if day is not None:
        path = layout.meeting_file(manager.id, day)
        if not path.exists():
            raise NotFound(
                _("{name} ({manager}) has no 1:1 on {day} (no file {path})").format(
                    name=manager.name,
                    manager=manager.id,
                    day=day.isoformat(),
                    path=layout.rel(path),
                ),
                hint=_(
                    "leave out --date to use today's or the next planned 1:1, or {create}"
                ).format(create=create),
            )
        return path
    today_path = layout.meeting_file(manager.id, today)
    if today_path.exists():
        return today_path
    meetings = store.require_recent_meetings(layout, manager.id, today=today)
    chosen = ratings.choose_meeting(meetings, today=today)
    if chosen is None:
        raise NotFound(
            _(
                "{name} ({manager}) has no 1:1 today ({today}) and no planned one to record "
                "the rating in"
            ).format(name=manager.name, manager=manager.id, today=today.isoformat()),
            hint=_("{create}, or give --date DATE of a past 1:1").format(create=create),
        )
    return layout.meeting_file(manager.id, chosen.date)


def commit_message(recorded: RatingRecorded) -> str:
    """``rate petra-nagy 2 → 3 (anna-kovacs, 2026-11-23): 92% of target``: the rep, the old
    and the new score, the 1:1 and the note, so that ``git log`` says what changed."""
    when = recorded.meeting_date.isoformat()
    old = f"{recorded.old} → " if recorded.old is not None and recorded.old != recorded.new else ""
    note = " ".join((recorded.note or "").split())
    said = f": {note}" if note else ""
    return f"rate {recorded.rep} {old}{recorded.new} ({recorded.manager.id}, {when}){said}"


def commit_rating(layout: Layout, recorded: RatingRecorded) -> Committed:
    """Commit just the meeting file of ``recorded`` to git (``gitops.commit_file``), said as
    every ``--commit`` says it (``write_commits.Committed``)."""
    from salescoach.gitops import commit_file
    from salescoach.usecases.write_commits import Committed

    message = commit_message(recorded)
    written = _("the rating was written to {path}").format(path=layout.rel(recorded.path))
    short = commit_file(layout.root, recorded.path, message, written=written)
    return Committed(short, message)


def ratings_tables(
    layout: Layout,
    *,
    manager_id: str | None = None,
    rep_id: str | None = None,
    last: int = ratings.DEFAULT_LAST,
    today: date,
) -> list[ratings.RatingsTable]:
    """The ratings table of one manager, of ``rep_id``'s manager, or of every manager; only
    ``rep_id``'s row when given. Each reads only that manager's recent meeting files."""
    if manager_id is not None:
        store.require_id(manager_id, "manager")
    if rep_id is not None:
        store.require_id(rep_id, "rep")
    if manager_id is not None:
        managers = [store.require_manager(layout, manager_id)]
        if rep_id is not None:
            store.find_rep_manager(layout, rep_id, manager_id)
    elif rep_id is not None:
        managers = [_rep_manager_for_history(layout, rep_id, today)]
    else:
        managers = store.require_managers(layout)
    return [_table(layout, m, last, rep_id, today) for m in managers]


def _rep_manager_for_history(layout: Layout, rep_id: str, today: date) -> Manager:
    """The team whose table shows ``rep_id``: the one they are in today, else the only one
    that ever listed them (a rep who left keeps their history)."""
    try:
        return store.find_rep_manager(layout, rep_id, None, today=today)
    except NotFound:
        return store.find_rep_manager(layout, rep_id, None)


def _table(
    layout: Layout, manager: Manager, last: int, rep_id: str | None, today: date
) -> ratings.RatingsTable:
    """One manager's table over enough recent meetings to find ``last`` rated ones."""
    meetings = store.require_recent_meetings(
        layout, manager.id, today=today, days=max(120, 21 * last), at_least=2 * last
    )
    return ratings.ratings_table(manager, meetings, last, rep_id, on=today)
