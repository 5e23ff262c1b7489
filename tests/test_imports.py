"""imports: the stored CRM imports on disk, and the import use case's small parts."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from salescoach import crm, imports, store
from salescoach.errors import InvalidRepo
from salescoach.models import Settings
from salescoach.usecases.imports import reps_without_deals
from tests.conftest import write

DATA = Path(__file__).resolve().parent / "data"
STAGES = ["prospects", "meetings", "proposals", "won"]
STAGE_MAP = {"Proposal/Price Quote": "proposals"}


def _parsed() -> crm.ParsedExport:
    return crm.parse_export(
        (DATA / "salesforce.csv").read_bytes(),
        "exports/salesforce.csv",
        stages=STAGES,
        stage_map=STAGE_MAP,
        owners=crm.owner_index([("petra-nagy", "Petra Nagy", []), ("laszlo", "Laszlo Fekete", [])]),
    )


def _settings() -> Settings:
    return Settings.model_validate({"organisation": "Acme", "funnel": {"stages": STAGES}})


def test_read_export_names_the_file_as_given(tmp_path: Path) -> None:
    missing = tmp_path / "nope.csv"
    with pytest.raises(crm.InvalidExport) as info:
        imports.read_export(missing)
    assert [str(d) for d in info.value.diagnostics] == [f"{missing}: missing-file no such file"]


def test_read_export_refuses_more_than_the_limit(tmp_path: Path) -> None:
    export = write(tmp_path, "big.csv", "x" * 11)
    assert imports.read_export(export, limit=11) == b"x" * 11
    with pytest.raises(crm.InvalidExport) as info:
        imports.read_export(export, limit=10)
    assert [d.code for d in info.value.diagnostics] == ["too-large"]


def test_store_import_creates_keeps_then_replaces(repo: Path) -> None:
    layout = store.Layout(repo)
    parsed = _parsed()
    path, status = imports.store_import(layout, parsed)
    assert (layout.rel(path), status) == ("funnel/imports/2026-04-02-salesforce.csv", "created")
    assert imports.store_import(layout, parsed) == (path, "unchanged")
    parsed.deals.pop()
    assert imports.store_import(layout, parsed) == (path, "replaced")
    assert imports.import_files(layout) == [(date(2026, 4, 2), path)]


def test_load_import_reads_back_what_was_stored(repo: Path) -> None:
    layout = store.Layout(repo)
    parsed = _parsed()
    path, _status = imports.store_import(layout, parsed)
    stored = imports.load_import(layout, path, _settings())
    assert stored.deals == parsed.deals
    assert stored.meta["source"] == "salesforce.csv"


def test_load_import_refuses_a_link(repo: Path, tmp_path: Path) -> None:
    layout = store.Layout(repo)
    target = write(tmp_path, "elsewhere.csv", "id,rep,owner,stage,amount,created,closed\n")
    link = layout.imports_dir / "2026-01-01-x.csv"
    link.parent.mkdir(parents=True)
    link.symlink_to(target)
    with pytest.raises(InvalidRepo) as info:
        imports.load_import(layout, link, _settings())
    assert [d.code for d in info.value.diagnostics] == ["symlink"]


def test_load_import_names_bad_lines(repo: Path) -> None:
    layout = store.Layout(repo)
    path = write(
        repo,
        "funnel/imports/2026-01-01-x.csv",
        "id,rep,owner,stage,amount,created,closed\n1,a,A,demo,1,,\n",
    )
    with pytest.raises(InvalidRepo) as info:
        imports.load_import(layout, path, _settings())
    assert [(d.path, d.line, d.code) for d in info.value.diagnostics] == [
        ("funnel/imports/2026-01-01-x.csv", 2, "unknown-stage")
    ]
    path.write_bytes(b"id,rep\n\xff\n")
    with pytest.raises(InvalidRepo) as info:
        imports.load_import(layout, path, _settings())
    assert [d.code for d in info.value.diagnostics] == ["not-utf8"]


def test_reps_without_deals(example: Path) -> None:
    managers = store.require_managers(store.Layout(example))
    everyone = {rep.id for m in managers for rep in m.reps}
    assert reps_without_deals(managers, everyone) == []
    without = reps_without_deals(managers, everyone - {"petra-nagy"})
    assert [rep for _manager, rep, _name in without] == ["petra-nagy"]
