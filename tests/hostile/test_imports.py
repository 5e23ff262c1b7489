"""CRM imports an attacker shapes (issue 17): cells that would break the stored file, huge
cells, odd encodings and amounts, a linked imports folder, a killed import's temp file, and
``check`` reading the stored imports as ``funnel review`` does."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from tests.conftest import Run

ROOT = Path(__file__).resolve().parents[2]
CRM_SAMPLE = ROOT / "examples" / "crm-sample"
HEADER = (
    "opportunity_id,sales_agent,product,account,deal_stage,engage_date,close_date,close_value\n"
)
GOOD = "A1,Violet Mclelland,GTX,Acme,Won,2016-10-20,2017-03-01,1054\n"
STORED = "funnel/imports/2017-03-01-export.csv"
TODAY = "2017-03-05"


@pytest.fixture
def repo(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)  # the export is named as given: export.csv
    root = tmp_path / "crm"
    shutil.copytree(CRM_SAMPLE, root)
    shutil.rmtree(root / "funnel")
    return root


def _export(tmp_path: Path, *rows: str, data: bytes | None = None) -> Path:
    path = tmp_path / "export.csv"
    path.write_bytes(data if data is not None else (HEADER + GOOD + "".join(rows)).encode())
    return Path(path.name)


def _import(cli: Run, repo: Path, export: Path) -> tuple[int, list[str]]:
    result = cli("--repo", repo, "funnel", "import", export)
    assert "Traceback" not in result.output
    return result.exit_code, result.stderr.splitlines()


# ---------------------------------------------------------------- cells that break the file


@pytest.mark.parametrize(
    ("cell", "shown", "code"),
    [
        ("A\r2", "A\\r2", "U+000D"),
        ("A\x1c2", "A\\x1c2", "U+001C"),
        ("A\u20282", "A\\u20282", "U+2028"),
        ("A\x002", "A\\x002", "U+0000"),
    ],
    ids=["CR", "FS", "LINE SEPARATOR", "NUL"],
)
def test_a_deal_id_with_a_line_separator_or_control_is_refused(
    cli: Run, repo: Path, tmp_path: Path, cell: str, shown: str, code: str
) -> None:
    row = f'"{cell}",Violet Mclelland,GTX,Acme,Won,2016-10-20,2017-03-01,5\n'
    status, lines = _import(cli, repo, _export(tmp_path, row))
    assert status == 1
    assert lines[1] == (
        f"  export.csv:3:1: bad-id the deal ID '{shown}' holds a control character or line "
        f"separator ({code}) (column 'opportunity_id')"
    )
    assert not (repo / "funnel").exists()


def test_nul_in_an_owner_is_refused(cli: Run, repo: Path, tmp_path: Path) -> None:
    row = "A2,Violet\x00 Mclelland,GTX,Acme,Won,2016-10-20,2017-03-01,5\n"
    status, lines = _import(cli, repo, _export(tmp_path, row))
    assert status == 1
    assert lines[1] == (
        "  export.csv:3:1: bad-owner the owner 'Violet\\x00 Mclelland' holds a control "
        "character (U+0000) (column 'sales_agent')"
    )


def test_a_huge_cell_in_a_column_the_tool_does_not_use_is_accepted(
    cli: Run, repo: Path, tmp_path: Path
) -> None:
    row = f"A2,Violet Mclelland,{'x' * 140_000},Acme,Won,2016-10-20,2017-03-01,5\n"
    status, lines = _import(cli, repo, _export(tmp_path, row))
    assert status == 0, lines
    assert lines[0].startswith("export.csv: 2 opportunities imported → " + STORED)
    assert cli("--repo", repo, "funnel", "review", "--format", "json").exit_code == 0


def test_a_100000_character_owner_is_shortened_in_messages_and_stored(
    cli: Run, repo: Path, tmp_path: Path
) -> None:
    row = f"A2,{'V' * 100_000},GTX,Acme,Won,2016-10-20,2017-03-01,5\n"
    status, lines = _import(cli, repo, _export(tmp_path, row))
    assert status == 0, lines[:1]
    assert max(len(line) for line in lines) < 2_000
    assert "V" * 119 + "…" in lines[0]
    stored = (repo / STORED).read_text(encoding="utf-8")
    assert f"A2,Acme,,{'V' * 119}…,won,5," in stored


def test_a_name_with_nul_is_stored_without_it(cli: Run, repo: Path, tmp_path: Path) -> None:
    row = "A2,Violet Mclelland,GTX,Ac\x00me,Won,2016-10-20,2017-03-01,5\n"
    status, _lines = _import(cli, repo, _export(tmp_path, row))
    assert status == 0
    data = (repo / STORED).read_bytes()
    assert b"\x00" not in data
    assert b"\nA2,Ac me,violet-mclelland," in data


# ---------------------------------------------------------------- encodings and amounts


def test_utf16_without_a_bom_is_named_not_taken_for_a_code_page(
    cli: Run, repo: Path, tmp_path: Path
) -> None:
    export = _export(tmp_path, data=(HEADER + GOOD).encode("utf-16-le"))
    status, lines = _import(cli, repo, export)
    assert status == 1
    assert lines[1:] == [
        "  export.csv:1:1: bad-encoding the file looks like UTF-16-LE without a byte-order "
        "mark (every other byte is 0)",
        "hint: import it with --encoding utf-16-le, or export it from the CRM as UTF-8 CSV",
    ]
    result = cli("--repo", repo, "funnel", "import", export, "--encoding", "utf-16-le")
    assert result.exit_code == 0, result.stderr


def test_a_damaged_utf16_file_with_a_bom_gets_no_code_page_hint(
    cli: Run, repo: Path, tmp_path: Path
) -> None:
    export = _export(tmp_path, data=(HEADER + GOOD).encode("utf-16") + b"\x00")
    status, lines = _import(cli, repo, export)
    assert status == 1
    assert "cp125" not in "\n".join(lines)
    assert "iconv" not in "\n".join(lines)
    assert lines[-1] == (
        "hint: the file may be cut short or damaged: export it from the CRM again, "
        "preferably as UTF-8 CSV"
    )


def test_three_decimals_in_a_comma_file_are_refused_not_cut_to_the_cent(
    cli: Run, repo: Path, tmp_path: Path
) -> None:
    # 1.234 is 1.234 by the column's decimal mark, or 1234 grouped: kept to the cent it was
    # silently 1.23; only the CRM knows, so the row is refused with both readings named
    row = "A2,Violet Mclelland,GTX,Acme,Won,2016-10-20,2017-03-01,1.234\n"
    status, lines = _import(cli, repo, _export(tmp_path, row))
    assert status == 1
    assert lines[1] == (
        "  export.csv:3:1: bad-amount amount '1.234' has three decimals after '.' (or is '.' "
        "a thousands group here? amounts are kept to the cent: export them with two "
        "decimals) (column 'close_value')"
    )
    two = "A2,Violet Mclelland,GTX,Acme,Won,2016-10-20,2017-03-01,1.25\n"
    assert _import(cli, repo, _export(tmp_path, two))[0] == 0
    assert "\nA2,Acme,violet-mclelland,Violet Mclelland,won,1.25," in (repo / STORED).read_text()


@pytest.mark.parametrize(
    ("amount", "reason"),
    [
        ("9" * 400, "has more than 15 digits before the decimal mark"),
        ("9" * 308, "has more than 15 digits before the decimal mark"),
        ("inf", "is not a number"),
        ("12EUR34", "is not a number"),
        ("1 2 3", "is not a number"),
    ],
    ids=["400 nines", "308 nines", "inf", "12EUR34", "1 2 3"],
)
def test_amounts_that_are_no_amount_are_refused(
    cli: Run, repo: Path, tmp_path: Path, amount: str, reason: str
) -> None:
    row = f"A2,Violet Mclelland,GTX,Acme,Won,2016-10-20,2017-03-01,{amount}\n"
    status, lines = _import(cli, repo, _export(tmp_path, row))
    assert status == 1
    assert lines[1].endswith(f"{reason} (column 'close_value')"), lines


@pytest.mark.parametrize(
    ("created", "reason"),
    [
        ("9999-12-31", "is outside the years 1970-2100"),
        ("0001-01-01", "is outside the years 1970-2100"),
        ("1900-01-01", "is outside the years 1970-2100"),
        ("2016-09-01 garbage text", "is not a date in the format Y-m-d"),
    ],
)
def test_dates_out_of_range_or_with_garbage_are_refused(
    cli: Run, repo: Path, tmp_path: Path, created: str, reason: str
) -> None:
    row = f"A2,Violet Mclelland,GTX,Acme,Engaging,{created},,\n"
    status, lines = _import(cli, repo, _export(tmp_path, row))
    assert status == 1
    assert f"the created date '{created}' {reason}" in lines[1], lines


# ---------------------------------------------------------------- the stored files


def test_check_reads_the_stored_imports_as_the_review_does(
    cli: Run, repo: Path, tmp_path: Path
) -> None:
    assert _import(cli, repo, _export(tmp_path))[0] == 0
    stored = repo / STORED
    stored.write_bytes(stored.read_bytes().replace(b"\nA1,", b"\nA\r1,"))
    review = cli("--repo", repo, "funnel", "review")
    assert review.exit_code == 1
    result = cli("--repo", repo, "--today", TODAY, "check")
    assert result.exit_code == 1
    assert f"{STORED}:11:1: bad-import wrong number of fields" in result.stderr
    assert result.stderr.splitlines()[-1].endswith("1 error, 0 warnings")
    again = cli("--repo", repo, "--today", TODAY, "check")  # the same from the cache
    assert again.stderr == result.stderr


def test_check_counts_a_clean_stored_import(cli: Run, repo: Path, tmp_path: Path) -> None:
    before = cli("--repo", repo, "--today", TODAY, "check").stderr.splitlines()[-1]
    assert _import(cli, repo, _export(tmp_path))[0] == 0
    after = cli("--repo", repo, "--today", TODAY, "check")
    assert after.exit_code == 0, after.stderr
    count = int(before.split()[1])
    assert after.stderr.splitlines()[-1].startswith(f"checked {count + 1} files: 0 errors")


@pytest.mark.parametrize("folder", ["imports", "activities"])
def test_a_stored_imports_folder_linked_out_of_the_repository_is_refused(
    cli: Run, repo: Path, tmp_path: Path, folder: str
) -> None:
    outside = tmp_path / "outside"
    outside.mkdir()
    (repo / "funnel").mkdir()
    (repo / "funnel" / folder).symlink_to(outside, target_is_directory=True)
    if folder == "imports":
        status, lines = _import(cli, repo, _export(tmp_path))
        assert status == 1
        assert lines[1] == (
            "  funnel/imports: outside-repo is a symbolic link out of the repository; "
            "salescoach reads and writes only real folders"
        )
    assert sorted(outside.iterdir()) == []
    (outside / "2017-03-01-export.csv").write_bytes(b"# planted\n")
    result = cli("--repo", repo, "--today", TODAY, "check")
    assert result.exit_code == 1
    assert f"funnel/{folder}: outside-repo is a symbolic link" in result.stderr


def test_a_killed_imports_temp_file_is_removed_by_the_next_import(
    cli: Run, repo: Path, tmp_path: Path
) -> None:
    folder = repo / "funnel" / "imports"
    folder.mkdir(parents=True)
    left = folder / ".salescoach-tmp-2016-12-31-other.csv.0a1b2c3d"
    left.write_bytes(b"x" * 1000)
    assert _import(cli, repo, _export(tmp_path))[0] == 0
    assert sorted(p.name for p in folder.iterdir()) == [
        ".salescoach-lock",
        "2017-03-01-export.csv",
    ]


def test_a_failed_import_into_a_new_folder_leaves_no_folder(
    cli: Run, repo: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from salescoach import writer

    def full_disk(target: Path, data: bytes) -> bool:
        raise writer.WriteError("cannot write export.csv: No space left on device")

    monkeypatch.setattr(writer, "write_new_or_same", full_disk)
    status, _lines = _import(cli, repo, _export(tmp_path))
    assert status == 1
    assert not (repo / "funnel").exists()


def test_check_reads_an_unchanged_stored_import_once(
    cli: Run, repo: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import os
    import time

    from salescoach import imports

    assert _import(cli, repo, _export(tmp_path))[0] == 0
    old = time.time() - 3600  # a file written just now is never cached (racy)
    os.utime(repo / STORED, (old, old))
    read: list[Path] = []
    real = imports.load_import
    monkeypatch.setattr(imports, "load_import", lambda *a: read.append(a[1]) or real(*a))
    for _ in range(3):
        assert cli("--repo", repo, "--today", TODAY, "check").exit_code == 0
    assert read == [repo / STORED]
    (repo / STORED).write_bytes((repo / STORED).read_bytes().replace(b"\nA1,", b"\nA\x1c1,"))
    os.utime(repo / STORED, (old + 60, old + 60))
    assert cli("--repo", repo, "--today", TODAY, "check").exit_code == 1
    assert len(read) == 2
