"""Write a synthetic but realistic salescoach repository, for benchmarks and load tests.

    python benchmarks/generate.py --managers 100 --reps-per-manager 8 --years 10 \
        --seed 1 --out benchmarks/out/large [--opportunities 20000] [--until 2026-11-27]

The result has exactly the layout of ``examples/acme`` (see docs/format.md): salescoach.yaml,
one file per manager with their reps, a 1:1 every week (new and developing managers) or every
two weeks (experienced ones) over the years, each held, with a rating for every rep, goals
with results, actions, routine, own performance, expectations and notes (1–3 KB per file),
and a funnel snapshot at the end of every month. With ``--opportunities N`` it also writes a
raw CRM export, ``crm-export.csv`` at the repository's root, in the Maven Analytics
"CRM + Sales + Opportunities" layout
(``opportunity_id,sales_agent,product,account,deal_stage,engage_date,close_date,close_value``).

The same arguments always give byte-identical files. Text is written directly (no YAML
library); every value that YAML could misread is double-quoted.
"""

from __future__ import annotations

import argparse
import json
import random
import re
import sys
from datetime import date, timedelta
from pathlib import Path


def _words(text: str) -> list[str]:
    return text.split()


FIRST = _words(
    "Anna Bence Csaba Dóra Eszter Ferenc Gábor Hanna Ildikó János Katalin László Márta "
    "Norbert Olga Péter Réka Sándor Tímea Viktor Zsófia Ádám Balázs Emese Gergely Judit "
    "Kinga Lili Máté Noémi Orsolya Pál Rita Tamás Vilma Zoltán Alice Ben Chloe David Emma "
    "Felix Grace Henry Isla Jack Kate Liam Mia Noah Olivia Paul Ruby Sam Tara Will"
)
LAST = _words(
    "Kovács Szabó Tóth Varga Horváth Kiss Molnár Németh Farkas Balogh Papp Lakatos Takács "
    "Juhász Oláh Mészáros Simon Rácz Fekete Szilágyi Török Fehér Balázs Gál Kocsis Pintér "
    "Fazekas Orbán Bartha Novak Dvořák Smith Jones Brown Taylor Wilson Evans Walker "
    "Wright Green Hall Wood Clarke Hughes Lewis"
)
CITIES = _words(
    "Győri Debreceni Szegedi Pécsi Miskolci Egri Soproni Kecskeméti Tatabányai Zalai "
    "Bajai Budai Pesti Váci Ceglédi Szolnoki Ajkai Pápai Paksi Kaposvári Brno Košice "
    "Ostrava Graz"
)
TRADES = _words(
    "Gépgyár Fémmű Hűtő Pack Kábel Malom Agro Elektronika Optika Karosszéria Öntöde "
    "Energetika Logistics Foods Steelworks Drives Controls Precision Plastics Textil"
)
PRODUCTS = (
    "sensors", "connectors", "relays", "bearings", "pneumatics", "hydraulics", "spare parts",
    "cable assemblies", "automation components", "tooling",
)  # fmt: skip
CRM_PRODUCTS = ("GTX Basic", "GTX Pro", "GTX Plus Basic", "GTX Plus Pro", "MG Special",
                "MG Advanced", "GTK 500")  # fmt: skip
CRM_STAGES = ("Prospecting", "Engaging", "Won", "Lost")
STYLES = ("directing", "coaching", "supporting", "delegating")
TRAINING = ("forecasting", "negotiation", "pipeline reviews", "difficult conversations",
            "time management", "hiring", "call coaching", "territory planning")  # fmt: skip
STAGES = ("prospects", "meetings", "proposals", "won")

ROUTINE_NOTES = (
    "Admin time down since the new CRM views; Friday afternoons now go to call reviews.",
    "Still too much time in reports: the weekly Excel for finance takes two hours.",
    "Spent most of the week on hiring interviews, coaching slipped.",
    "Good balance this week: two joint visits and one call review per rep.",
    "Travelled a lot; coaching happened on the phone only.",
    "Forecast preparation took the whole of Monday again.",
)
CHANGES = (
    ("CRM hygiene on Fridays only", "frees two coaching hours a week"),
    ("One call review per rep per month", "the newer reps get almost no feedback"),
    ("Pipeline review in the team meeting, not one by one", "saves three hours a week"),
    ("Stop the daily status email", "nobody reads it and it costs 30 minutes a day"),
)
RATING_NOTES = {  # by score
    1: ("Below target, {p}%", "{p}%, pipeline thin for next month"),
    2: ("{p}% of target, two quotes slipped", "{p}%, pipeline thin for next month"),
    3: ("{p}% of target", "{p}%, steady", "{p}%; closed the {c} deal"),
    4: ("Strong month: {p}% of target", "{p}%; closed the {c} deal"),
}
GOALS = (
    "Book {n} discovery calls with new accounts",
    "Move {n} proposals to a decision",
    "Update every open deal in the CRM each Friday",
    "Win back {c} {t} volume to last year's level",
    "Get a second contact at {c} {t}",
    "Lift proposal-to-win rate to {n}%",
    "Prepare the {c} {t} framework renewal",
)
HELPS = (
    "Joins two of the calls",
    "Reviews the proposals with them on Thursday",
    "Monthly call review",
    "Meets their purchasing director with them",
    "Praises it in the team meeting when it holds",
    "Shares the pricing playbook and role-plays the objections",
)
ACHIEVED = (
    "Team at {p}% of the monthly target",
    "Hired a new rep for the {c} territory",
    "Ran the first team pipeline review without help",
    "Closed the quarter at {p}%",
)
IMPROVE = (
    "Delegation: still writes the big proposals herself",
    "Forecast accuracy: commit was off by 20%",
    "Preparing the 1:1s with the reps",
    "Saying no to low-value admin requests",
)
PLANS = (
    "Coach joins one review call a week",
    "Book the negotiation course for next month",
    "Plan the next quarter's territories together",
    "Weekly 15-minute forecast call until the numbers hold",
)
EXPECT = (
    ("Forecast by Friday noon", "Sends the forecast by Friday noon"),
    ("Every rep has a 30-day goal", "Writes goals for every rep before the next 1:1"),
    ("Call reviews every month", "Books the call reviews for the month on Monday"),
    ("Deals over 50k discussed before the proposal goes out", "Brings every large deal to the 1:1"),
)
COACH_DO = (
    "Share the pricing playbook",
    "Send the dates of the forecasting course",
    "Ask our MD to call the customer's technical director",
    "Book a half-day for territory planning",
)
MANAGER_DO = (
    "Pair the new rep with a senior one for two visits",
    "Send the forecast with commit and best case",
    "Draft the territory split",
    "Clean up deals older than 90 days in the CRM",
)
SENTENCES = (
    "We went through the pipeline rep by rep and agreed where the manager spends time next week.",
    "The team is on pace, but two large deals depend on one contact each; we discussed how to "
    "widen the relationships before the budget freeze.",
    "The manager was open about the hiring delay and asked for help with the job description.",
    "We role-played the price objection from the last visit; the second attempt was much better.",
    "Admin load is the recurring theme: reports for finance, travel expenses, CRM clean-up.",
    "Good energy in the meeting. The manager prepared the ratings in advance for the first time.",
    "We agreed to revisit the goals at the next 1:1 and to keep the meeting slot on the same day.",
    "The newest rep needs more joint visits; the manager will take her to three customers.",
    "Discussed the competitor's price cut and which accounts are at risk because of it.",
    "The forecast was late again; we talked about what gets in the way on Thursdays.",
    "Feedback for me: send the agenda a day earlier so the manager can prepare the numbers.",
)

_PLAIN = re.compile(r"[A-Za-z][A-Za-z0-9 ,.'()/%&+ÁÉÍÓÖŐÚÜŰáéíóöőúüűčřšžČŘŠŽ-]*\Z")
_RESERVED = frozenset(
    _words("y Y yes Yes YES n N no No NO true True TRUE false False FALSE on On ON off Off OFF")
    + _words("null Null NULL")
)


def q(text: str) -> str:
    """A YAML scalar for ``text``: plain when nothing can misread it, else double-quoted."""
    if _PLAIN.match(text) and text not in _RESERVED and not text.endswith((" ", ":")):
        return text
    return json.dumps(text, ensure_ascii=False)


def qf(text: str) -> str:
    """A scalar inside a flow mapping ``{...}``, where a comma would end a plain value."""
    return json.dumps(text, ensure_ascii=False) if "," in text else q(text)


def slug(name: str) -> str:
    table = str.maketrans("áéíóöőúüűčřšžÁÉÍÓÖŐÚÜŰČŘŠŽ", "aeiooouuucrszAEIOOOUUUCRSZ")
    return re.sub(r"[^a-z0-9]+", "-", name.translate(table).lower()).strip("-")


class People:
    """Unique names and IDs for managers and reps."""

    def __init__(self, rng: random.Random) -> None:
        self.rng = rng
        self.used: set[str] = set()

    def new(self) -> tuple[str, str]:
        name = f"{self.rng.choice(FIRST)} {self.rng.choice(LAST)}"
        ident = slug(name)
        n = 2
        while ident in self.used:
            ident = f"{slug(name)}-{n}"
            n += 1
        self.used.add(ident)
        return ident, name


def settings_yaml() -> str:
    return (
        "# salescoach settings for a synthetic benchmark organisation (benchmarks/generate.py)\n"
        "organisation: Benchmark Industries\n"
        "coach: {id: sales-director, name: Sam Director}\n"
        "calendar:\n"
        "  workdays: [mon, tue, wed, thu, fri]\n"
        "cadence:\n"
        "  new: 7\n"
        "  developing: 7\n"
        "  experienced: 14\n"
        "  new_for_months: 6\n"
        "meeting_minutes: 60\n"
        "funnel:\n"
        "  sales_cycle_days: 45\n"
        "  review_weeks: [6, 8]\n"
        "  meeting_minutes: 90\n"
        "  stages: [prospects, meetings, proposals, won]\n"
        "  large_deal: 50000\n"
        "  stalled_after_days: 30\n"
    )


class Team:
    def __init__(self, ident: str, name: str, level: str, style: str, since: date,
                 reps: list[tuple[str, str, date, int]]) -> None:  # fmt: skip
        self.id, self.name, self.level, self.style, self.since = ident, name, level, style, since
        self.reps = reps  # (id, name, since, monthly_target)


def manager_yaml(team: Team, rng: random.Random) -> str:
    # training needs mean weekly 1:1s, so experienced managers (every two weeks) have none
    needs = [] if team.level == "experienced" else rng.sample(TRAINING, 2)
    lines = [
        f"name: {q(team.name)}",
        f"email: {team.id}@benchmark.example",
        f"in_role_since: {team.since.isoformat()}",
        f"level: {team.level}",
        f"style: {team.style}",
        f"training_needs: [{', '.join(needs)}]",
        "reps:",
    ]
    for rep_id, rep_name, since, target in team.reps:
        lines += [
            f"  - id: {rep_id}",
            f"    name: {q(rep_name)}",
            f"    since: {since.isoformat()}",
            f"    crm_names: [{q(rep_name)}]",
            f"    monthly_target: {target}",
        ]
    return "\n".join(lines) + "\n"


def _company(rng: random.Random) -> str:
    return f"{rng.choice(CITIES)} {rng.choice(TRADES)}"


def meeting_yaml(team: Team, day: date, moved_from: date | None, rng: random.Random) -> str:
    r = rng.random
    lines = [f"date: {day.isoformat()}", "status: held"]
    if moved_from is not None:
        lines += [f"moved_from: {moved_from.isoformat()}", "moved_because: customer visit abroad"]
    lines += [
        f"funnel_review: {'true' if r() < 0.15 else 'false'}",
        "routine:",
        f"  admin_hours_per_week: {rng.randint(3, 14)}",
        f"  coaching_hours_per_week: {rng.randint(1, 10)}",
        f"  notes: {q(rng.choice(ROUTINE_NOTES))}",
    ]
    if r() < 0.2:
        what, why = rng.choice(CHANGES)
        lines += ["  change:", f"    what: {q(what)}", f"    why: {q(why)}"]
    lines.append("ratings:")
    for rep_id, _name, _since, _target in team.reps:
        # experienced managers meet every two weeks only while their team rates 2.5+ on average
        pct = rng.randint(92, 130) if team.level == "experienced" else rng.randint(60, 130)
        score = 1 if pct < 75 else 2 if pct < 92 else 3 if pct < 110 else 4
        note = rng.choice(RATING_NOTES[score]).format(p=pct, c=_company(rng))
        lines.append(
            f"  {rep_id}: {{score: {score}, note: {json.dumps(note, ensure_ascii=False)}}}"
        )
    lines.append("goals:")
    for rep_id, *_ in rng.sample(team.reps, min(len(team.reps), rng.randint(2, 4))):
        goal = rng.choice(GOALS).format(n=rng.randint(3, 15), c=rng.choice(CITIES),
                                        t=rng.choice(TRADES))  # fmt: skip
        lines += [
            f"  - rep: {rep_id}",
            f"    goal: {q(goal)}",
            f"    manager_help: {q(rng.choice(HELPS))}",
            f"    due: {(day + timedelta(days=30)).isoformat()}",
            f"    result: {rng.choice(('met', 'met', 'partly', 'missed'))}",
        ]
    expect = rng.choice(EXPECT)
    lines += [
        "own_performance:",
        "  achieved: "
        + q(rng.choice(ACHIEVED).format(p=rng.randint(85, 115), c=rng.choice(CITIES))),
        f"  improve: {q(rng.choice(IMPROVE))}",
        f"  needs: {{training: {rng.choice(TRAINING)}, support: '', "
        f"coaching: {qf(rng.choice(TRAINING))}}}",
        f"  plan: {q(rng.choice(PLANS))}",
        "expectations:",
        f"  from_coach: {q(expect[0])}",
        f"  manager_commits: {q(expect[1])}",
        "actions:",
    ]
    for owner, pool in (("coach", COACH_DO), ("manager", MANAGER_DO), ("manager", MANAGER_DO)):
        due = (day + timedelta(days=rng.choice((7, 7, 14)))).isoformat()
        done = "true" if r() < 0.8 else "false"
        lines.append(
            f"  - {{owner: {owner}, do: {qf(rng.choice(pool))}, due: {due}, done: {done}}}"
        )
    lines.append("notes: |")
    for _ in range(rng.randint(2, 7)):
        lines.append("  " + rng.choice(SENTENCES))
    return "\n".join(lines) + "\n"


def snapshot_yaml(teams: list[Team], day: date, rng: random.Random) -> str:
    start = day.replace(day=1)
    lines = [
        f"date: {day.isoformat()}",
        f"period: {{from: {start.isoformat()}, to: {day.isoformat()}}}",
        "reps:",
    ]
    for team in teams:
        for rep_id, _name, since, target in team.reps:
            if since > day:
                continue
            prospects = rng.randint(20, 50)
            meetings = prospects * rng.randint(30, 50) // 100
            proposals = meetings * rng.randint(35, 60) // 100
            won = proposals * rng.randint(25, 55) // 100
            lines += [
                f"  {rep_id}:",
                f"    calls: {rng.randint(120, 320)}",
                f"    stages: {{prospects: {prospects}, meetings: {meetings}, "
                f"proposals: {proposals}, won: {won}}}",
                f"    won_value: {won * target // 4}",
            ]
            deals = rng.randint(0, 2)
            if deals:
                lines.append("    open_deals:")
            for _ in range(deals):
                name = f"{_company(rng)} {rng.choice(PRODUCTS)}"
                since_deal = day - timedelta(days=rng.randint(3, 120))
                lines.append(
                    f"      - {{name: {qf(name)}, amount: {rng.randint(5, 150) * 1000}, "
                    f"stage: {rng.choice(STAGES[1:3])}, since: {since_deal.isoformat()}}}"
                )
    return "\n".join(lines) + "\n"


def crm_csv(teams: list[Team], count: int, first: date, until: date, rng: random.Random) -> str:
    """A raw CRM export, one row per opportunity, in the Maven sample's columns."""
    agents = [(name, since) for t in teams for _id, name, since, _t in t.reps]
    span = (until - first).days
    rows = [
        "opportunity_id,sales_agent,product,account,deal_stage,engage_date,close_date,close_value"
    ]
    alphabet = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ"
    for _ in range(count):
        oid = "".join(rng.choice(alphabet) for _ in range(8))
        agent, since = rng.choice(agents)
        stage = rng.choices(CRM_STAGES, weights=(1, 3, 5, 3))[0]
        engaged = first + timedelta(days=rng.randint(0, span))
        engaged = max(engaged, since)
        closed = min(engaged + timedelta(days=rng.randint(5, 120)), until)
        engage_text = "" if stage == "Prospecting" else engaged.isoformat()
        close_text = closed.isoformat() if stage in ("Won", "Lost") else ""
        value = str(rng.randint(40, 30000)) if stage == "Won" else "0" if stage == "Lost" else ""
        account = _company(rng)
        rows.append(
            f"{oid},{agent},{rng.choice(CRM_PRODUCTS)},{account},{stage},"
            f"{engage_text},{close_text},{value}"
        )
    return "\n".join(rows) + "\n"


def _month_ends(first: date, until: date) -> list[date]:
    out = []
    year, month = first.year, first.month
    while True:
        nxt = date(year + month // 12, month % 12 + 1, 1)
        end = nxt - timedelta(days=1)
        if end > until:
            return out
        out.append(end)
        year, month = nxt.year, nxt.month


def generate(
    out: Path,
    *,
    managers: int,
    reps_per_manager: int,
    years: int,
    seed: int,
    until: date = date(2026, 11, 27),
    opportunities: int = 0,
) -> int:
    """Write the repository into ``out`` (which must not hold one); returns the file count."""
    if (out / "salescoach.yaml").exists():
        raise SystemExit(f"{out} already holds a repository; choose an empty folder")
    rng = random.Random(seed)
    first = until - timedelta(days=round(365.25 * years))
    people = People(rng)
    teams: list[Team] = []
    for _ in range(managers):
        ident, name = people.new()
        level = rng.choice(("new", "developing", "experienced", "experienced"))
        reps = []
        for _ in range(reps_per_manager):
            rep_id, rep_name = people.new()
            rep_since = first - timedelta(days=rng.randint(0, 2000))
            reps.append((rep_id, rep_name, rep_since, rng.randint(25, 60) * 1000))
        since = first - timedelta(days=rng.randint(30, 3000))
        teams.append(Team(ident, name, level, rng.choice(STYLES), since, reps))
    (out / "managers").mkdir(parents=True, exist_ok=True)
    (out / "funnel").mkdir(exist_ok=True)
    files = 1
    (out / "salescoach.yaml").write_text(settings_yaml(), encoding="utf-8")
    for team in teams:
        (out / "managers" / f"{team.id}.yaml").write_text(manager_yaml(team, rng), "utf-8")
        files += 1
        folder = out / "meetings" / team.id
        folder.mkdir(parents=True, exist_ok=True)
        step = 14 if team.level == "experienced" else 7
        day = first + timedelta(days=rng.randint(0, 6))
        while day.weekday() >= 5:
            day += timedelta(days=1)
        while day <= until:
            held, moved_from = day, None
            if rng.random() < 0.05 and day.weekday() < 4 and day + timedelta(days=1) <= until:
                held, moved_from = day + timedelta(days=1), day
            text = meeting_yaml(team, held, moved_from, rng)
            (folder / f"{held.isoformat()}.yaml").write_text(text, encoding="utf-8")
            files += 1
            day += timedelta(days=step)
    for end in _month_ends(first, until):
        (out / "funnel" / f"{end.isoformat()}.yaml").write_text(
            snapshot_yaml(teams, end, rng), encoding="utf-8"
        )
        files += 1
    if opportunities:
        (out / "crm-export.csv").write_text(
            crm_csv(teams, opportunities, first, until, rng), encoding="utf-8"
        )
    return files


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--managers", type=int, default=100)
    parser.add_argument("--reps-per-manager", type=int, default=8)
    parser.add_argument("--years", type=int, default=10)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--out", type=Path, required=True, help="folder to write (new or empty)")
    parser.add_argument("--opportunities", type=int, default=0, help="rows of crm-export.csv")
    parser.add_argument("--until", type=date.fromisoformat, default=date(2026, 11, 27),
                        help="date of the last data (default 2026-11-27)")  # fmt: skip
    args = parser.parse_args(argv)
    files = generate(
        args.out,
        managers=args.managers,
        reps_per_manager=args.reps_per_manager,
        years=args.years,
        seed=args.seed,
        until=args.until,
        opportunities=args.opportunities,
    )
    print(f"wrote {files} data files to {args.out}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
