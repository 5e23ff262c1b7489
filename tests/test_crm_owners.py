"""crm: CRM owners matched to reps ignoring case, accents and name order, e-mail addresses,
ambiguous owners refused, an export in which no owner is a rep refused with a did-you-mean,
and ``funnel.ignore_owners`` (issue 12)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from salescoach import crm
from salescoach.crm.mapping import owner_key
from tests.conftest import Run, write

STAGES = ["prospects", "meetings", "proposals", "won"]
REPS = [
    ("biro-marton", "Bíró Márton", [], "marton.biro@acme.hu"),
    ("petra-nagy", "Petra Nagy", ["pnagy@acme.hu"]),
]


def parse(owners: list[str], **index: object) -> crm.ParsedExport:
    """An export with one won deal per owner, read with the reps of ``REPS``."""
    rows = "".join(
        f"{owner},Closed Won,10,2026-01-01,2026-01-05,{n}\n" for n, owner in enumerate(owners)
    )
    header = "Opportunity Owner,Stage,Amount,Created Date,Close Date,Opportunity ID\n"
    return crm.parse_export(
        (header + rows).encode(),
        "x.csv",
        stages=STAGES,
        stage_map={},
        owners=crm.owner_index(index.pop("reps", REPS), **index),  # type: ignore[arg-type]
    )


def refused(owners: list[str], **index: object) -> crm.InvalidExport:
    with pytest.raises(crm.InvalidExport) as info:
        parse(owners, **index)
    return info.value


@pytest.mark.parametrize(
    "owner",
    ["Bíró Márton", "Márton Bíró", "Marton Biro", "BÍRÓ Márton", "Biro Marton", '"Bíró, Márton"'],
)
def test_an_owner_matches_ignoring_case_accents_and_name_order(owner: str) -> None:
    assert [d.rep for d in parse([owner]).deals] == ["biro-marton"]


@pytest.mark.parametrize(
    ("owner", "rep"),
    [("marton.biro@acme.hu", "biro-marton"), ("Marton.Biro@ACME.hu", "biro-marton")],
)
def test_an_email_matches_the_reps_email(owner: str, rep: str) -> None:
    assert [d.rep for d in parse([owner]).deals] == [rep]


def test_an_email_matches_a_crm_names_address_and_accents_in_crm_names_loosely() -> None:
    reps = [("odon-pinter", "Ödön P.", ["Pintér Ödön"]), *REPS]
    parsed = parse(["PNagy@Acme.HU", "Odon Pinter"], reps=reps)
    assert [d.rep for d in parsed.deals] == ["petra-nagy", "odon-pinter"]


def test_the_keys_are_built_once_per_import() -> None:
    assert owner_key("BÍRÓ,  Márton") == owner_key("marton biro") == "biro marton"
    assert owner_key(" Marton.Biro@ACME.hu ") == "marton.biro@acme.hu"
    index = crm.owner_index(REPS)
    assert index.match("Marton Biro").rep == "biro-marton"
    assert index["bíró márton"] == "biro-marton"


def test_two_reps_of_one_key_are_an_ambiguous_owner() -> None:
    reps = [("kiss-anna", "Kiss Anna", []), ("anna-kiss", "Anna Kiss", []), *REPS]
    error = refused(["Anna Kiss", "anna kiss", "Petra Nagy"], reps=reps)
    assert [str(d) for d in error.diagnostics] == [
        "x.csv:2:1: ambiguous-owner the owner 'Anna Kiss' (1 row) could be 'Kiss Anna' "
        "(kiss-anna) or 'Anna Kiss' (anna-kiss) (column 'Opportunity Owner')",
        "x.csv:3:1: ambiguous-owner the owner 'anna kiss' (1 row) could be 'Kiss Anna' "
        "(kiss-anna) or 'Anna Kiss' (anna-kiss) (column 'Opportunity Owner')",
    ]
    assert error.message == "2 owners could be several reps; nothing was imported"
    assert error.hint == (
        "add each owner as the CRM writes it to the crm_names of the right rep in managers/ "
        "(an exact crm_names entry wins), then import again"
    )


def test_an_exact_crm_name_wins_over_a_loose_match() -> None:
    reps = [("kiss-anna", "Kiss Anna", []), ("anna-kiss", "Anna Kiss", ["Anna Kiss"])]
    parsed = parse(["Anna Kiss", "ANNA KISS"], reps=reps)
    assert [d.rep for d in parsed.deals] == ["anna-kiss", "anna-kiss"]


def test_an_export_in_which_no_owner_is_a_rep_is_refused_with_a_did_you_mean() -> None:
    error = refused(["Marta Bir", "Zed Unknown", "Marta Bir", ""])
    assert [str(d) for d in error.diagnostics] == [
        "x.csv:2:1: unknown-owner the owner 'Marta Bir' (2 rows) is no rep; "
        "did you mean 'Bíró Márton'?",
        "x.csv:3:1: unknown-owner the owner 'Zed Unknown' (1 row) is no rep; "
        "no rep's name is close",
        "x.csv:5:1: unknown-owner 1 row has no owner (column 'Opportunity Owner')",
    ]
    assert error.message == "no owner in x.csv is a rep (3 owners, 4 rows); nothing was imported"
    assert error.hint == (
        "add each owner as the CRM writes it (a name or an e-mail address) to their rep's "
        'crm_names in managers/MANAGER.yaml, e.g. crm_names: ["Marton Biro"], or add the rep '
        "with salescoach rep add MANAGER NAME --crm-name NAME; list former reps and system "
        "users under funnel.ignore_owners in salescoach.yaml"
    )


def test_when_some_owners_match_the_others_are_kept_and_reported() -> None:
    parsed = parse(["Zed Unknown", "Petra Nagy", "Zed Unknown"])
    assert dict(parsed.unmatched) == {"Zed Unknown": 2}
    assert [d.rep for d in parsed.deals] == ["", "petra-nagy", ""]


def test_ignored_owners_are_kept_and_counted_apart() -> None:
    parsed = parse(
        ["Former Rep", "former rep", "SYSTEM@acme.hu", "Zed", "Petra Nagy"],
        ignore=["Rep Former", "system@acme.hu"],
    )
    assert dict(parsed.unmatched) == {"Zed": 1}
    assert (parsed.ignored_rows, parsed.unmatched_rows) == (3, 1)
    assert [d.owner for d in parsed.deals if not d.rep] == [
        "Former Rep",
        "former rep",
        "SYSTEM@acme.hu",
        "Zed",
    ]


def test_an_export_of_ignored_owners_only_is_not_refused() -> None:
    parsed = parse(["Former Rep"], ignore=["Former Rep"])
    assert (parsed.ignored_rows, dict(parsed.unmatched)) == (1, {})


def test_a_rep_listed_in_ignore_owners_still_gets_their_deals() -> None:
    assert [d.rep for d in parse(["Petra Nagy"], ignore=["Petra Nagy"]).deals] == ["petra-nagy"]


def test_check_accepts_ignore_owners(cli: Run, repo: Path) -> None:
    write(repo, "salescoach.yaml", "organisation: T\nfunnel:\n  ignore_owners: [Old Rep, a@b.c]\n")
    assert cli("--repo", repo, "check").exit_code == 0
    write(repo, "salescoach.yaml", "organisation: T\nfunnel:\n  ignore_owners: Old Rep\n")
    assert cli("--repo", repo, "check").exit_code == 1


def test_an_import_in_which_no_owner_is_a_rep_fails_and_writes_nothing(
    cli: Run, repo: Path, tmp_path: Path
) -> None:
    export = tmp_path / "nobody.csv"
    export.write_text(
        "Opportunity Owner,Stage,Amount,Created Date,Close Date,Opportunity ID\n"
        "Zed Unknown,Closed Won,10,2026-01-01,2026-01-05,1\n",
        encoding="utf-8",
    )
    result = cli("--repo", repo, "funnel", "import", export)
    assert result.exit_code == 1
    assert result.stderr.splitlines()[:2] == [
        "error: no owner in nobody.csv is a rep (1 owner, 1 row); nothing was imported",
        f"  {export}:2:1: unknown-owner the owner 'Zed Unknown' (1 row) is no rep; "
        "no rep's name is close",
    ]
    assert not (repo / "funnel").exists()


def test_funnel_import_matches_by_email_and_leaves_ignored_owners_unreported(
    cli: Run, repo: Path, tmp_path: Path
) -> None:
    write(
        repo,
        "salescoach.yaml",
        "organisation: T\nfunnel:\n  ignore_owners: [Old Rep]\n",
    )
    write(
        repo,
        "managers/kovacs-eva.yaml",
        "name: Kovács Éva\nreps:\n"
        "  - {id: biro-marton, name: Bíró Márton, email: marton.biro@acme.hu}\n",
    )
    export = tmp_path / "deals.csv"
    export.write_text(
        "Opportunity Owner,Stage,Amount,Created Date,Close Date,Opportunity ID\n"
        "Marton.Biro@acme.hu,Closed Won,10,2026-01-01,2026-01-05,1\n"
        "Márton Bíró,Closed Lost,0,2026-01-02,2026-01-06,2\n"
        "Old Rep,Closed Won,5,2026-01-03,2026-01-07,3\n",
        encoding="utf-8",
    )
    result = cli("--repo", repo, "funnel", "import", export, "--format", "json")
    assert result.exit_code == 0, result.stderr
    assert "warning" not in result.stderr
    data = json.loads(result.stdout)
    assert (data["unmatched_owners"], data["ignored_rows"]) == ({"rows": 0, "owners": {}}, 1)
    stored = next((repo / "funnel" / "imports").glob("*.csv")).read_text(encoding="utf-8")
    assert [line.split(",")[2] for line in stored.splitlines() if line[:1] in "123"] == [
        "biro-marton",
        "biro-marton",
        "",
    ]
    review = cli("--repo", repo, "--today", "2026-01-10", "funnel", "review", "--format", "json")
    assert review.exit_code == 0, review.stderr
    assert "Old Rep" not in review.stderr
