"""An independent computation of each team's won, lost, win rate and average won deal over
the sample CRM export, with nothing but the csv module (no salescoach code), for
tests/test_cli_funnel.py.

Run it directly to print the figures: python tests/funnel_reference.py
"""

from __future__ import annotations

import csv
import re
from pathlib import Path

EXPORT = Path(__file__).resolve().parents[1] / "examples" / "crm-sample" / "export"


def slug(name: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-")


def team_figures(
    pipeline: Path = EXPORT / "sales_pipeline.csv", teams: Path = EXPORT / "sales_teams.csv"
) -> dict[str, dict[str, float | int | None]]:
    """Manager ID → won, lost, win_rate (4 decimals) and avg_deal (2 decimals)."""
    with open(teams, newline="", encoding="utf-8") as handle:
        manager_of = {row["sales_agent"]: slug(row["manager"]) for row in csv.DictReader(handle)}
    totals: dict[str, list[int]] = {m: [0, 0, 0] for m in manager_of.values()}
    with open(pipeline, newline="", encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            won_lost_value = totals[manager_of[row["sales_agent"]]]
            if row["deal_stage"] == "Won":
                won_lost_value[0] += 1
                won_lost_value[2] += int(row["close_value"])
            elif row["deal_stage"] == "Lost":
                won_lost_value[1] += 1
    out: dict[str, dict[str, float | int | None]] = {}
    for manager, (won, lost, value) in sorted(totals.items()):
        out[manager] = {
            "won": won,
            "lost": lost,
            "win_rate": round(won / (won + lost), 4) if won + lost else None,
            "avg_deal": round(value / won, 2) if won else None,
        }
    return out


if __name__ == "__main__":
    for manager, figures in team_figures().items():
        print(manager, figures)
