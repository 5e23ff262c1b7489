"""The cache of a stored import's deals (issue 18): ``funnel import`` writes it, ``funnel
review`` reads it, and it always gives the very deals the CSV file reads as, or nothing."""

from __future__ import annotations

import json
import math
import os
import shutil
import tempfile
from collections import Counter
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from salescoach import crm, deal_columns, import_cache, imports, store, writer
from salescoach.crm.values import format_amount
from salescoach.errors import InvalidRepo
from salescoach.models import Settings
from salescoach.records import Deal
from tests.conftest import Run

ROOT = Path(__file__).resolve().parents[1]
CRM_SAMPLE = ROOT / "examples" / "crm-sample"
STAGES = ["lead", "demo", "proposal"]
TODAY = "2017-12-31"

HOSTILE = st.sampled_from(
    ["", ",", '"', "\n", "\r", " ", "a", "Ő", "#", "\u2028", "\x1c", "\x00", 'ü, "x"', "名"]
)
CELL = st.lists(st.one_of(HOSTILE, st.text(max_size=5)), max_size=3).map("".join)
PLAIN = st.text(st.characters(blacklist_categories=("Cc", "Cs", "Zl", "Zp")), max_size=8)
DAY = st.one_of(st.none(), st.dates(date(1, 1, 1), date(9999, 12, 31)))
AMOUNT = st.one_of(
    st.none(),
    st.floats(allow_nan=False, allow_infinity=False),
    st.floats(-1e-300, 1e-300, allow_nan=False),
    st.integers(-(10**12), 10**12).map(float),
    st.just(-0.0),
)
STAGE = st.sampled_from([*STAGES, "won", "lost"])
REPS = st.sampled_from(["", "anna-kovacs", "anna-kovacs", "bela", "Ő-rep"])


def deals_of(cell: st.SearchStrategy[str]) -> st.SearchStrategy[list[Deal]]:
    deal = st.builds(Deal, cell, REPS, cell, STAGE, AMOUNT, DAY, DAY, cell, DAY)
    return st.lists(deal, max_size=12)


def _settings(stages: list[str] = STAGES) -> Settings:
    return Settings.model_validate({"organisation": "Acme", "funnel": {"stages": stages}})


def _parsed(count: int) -> crm.ParsedExport:
    return crm.ParsedExport(
        source="crm.csv",
        sha256="0" * 64,
        profile="generic",
        columns={"id": ["Id"]},
        delimiter=",",
        date_format="Y-m-d",
        as_of=date(2017, 3, 1),
        deals=[],
        unmatched=Counter(),
        reps_with_deals=set(),
        rows=count,
    )


def store_deals(root: Path, deals: list[Deal], chunk: int = 5) -> Path:
    """Store ``deals`` as ``funnel import`` does (chunk by chunk, the cache written after)."""
    layout = store.Layout(root)
    folder = layout.imports_dir
    with (
        writer.locked_new_folder(folder),
        imports.StoredImportWriter(folder, "crm.csv", cache_root=root) as out,
    ):
        for start in range(0, len(deals), chunk):
            out.write(deals[start : start + chunk])
        target = imports.import_path(layout, date(2017, 3, 1), "crm.csv")
        out.finish(_parsed(len(deals)), target)
    return target


def outcome(root: Path, path: Path, use_cache: bool, stages: list[str] = STAGES) -> object:
    """What ``load_import`` gives: the metadata and deals with their types, or the errors."""
    try:
        stored = imports.load_import(store.Layout(root), path, _settings(stages), use_cache)
    except InvalidRepo as error:
        return [str(d) for d in error.diagnostics]
    return stored.meta, stored.deals, [tuple(map(type, deal)) for deal in stored.deals]


@pytest.fixture
def counted(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The stored files read as CSV (``crm.read_normalised`` calls)."""
    calls: list[str] = []
    real = crm.read_normalised

    def read(text: str, rel: str, allowed: object) -> object:
        calls.append(rel)
        return real(text, rel, allowed)  # type: ignore[arg-type]

    monkeypatch.setattr(crm, "read_normalised", read)
    return calls


@pytest.fixture
def root(tmp_path: Path) -> Path:
    folder = tmp_path / "repo"
    folder.mkdir()
    (folder / "salescoach.yaml").write_text("organisation: Acme\n")
    return folder


def _cache_file(root: Path) -> Path:
    found = list((root / ".salescoach-cache").glob("import~*"))
    assert len(found) == 1
    return found[0]


def _head(path: Path) -> dict[str, object]:
    head: dict[str, object] = json.loads(path.read_bytes().split(b"\n", 1)[0])
    return head


def _cache_read(root: Path, path: Path) -> tuple[object, list[str]]:
    calls: list[str] = []
    real = crm.read_normalised
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(crm, "read_normalised", lambda *a: calls.append(a[1]) or real(*a))
        got = outcome(root, path, True)
    return got, calls


# ---------------------------------------------------------------- the round trip


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(deals_of(CELL), st.integers(1, 6))
def test_the_cache_an_import_writes_is_the_csv_read(deals: list[Deal], chunk: int) -> None:
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder)
        path = store_deals(root, deals, chunk)
        from_csv = outcome(root, path, False)
        got, reads = _cache_read(root, path)
        assert got == from_csv
        if reads:  # not from the cache: an empty import, or a cell that does not read plainly
            assert not deals or not isinstance(from_csv, tuple) or _awkward(deals)


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(deals_of(PLAIN), st.integers(1, 6))
def test_plain_deals_come_from_the_cache_after_the_import(deals: list[Deal], chunk: int) -> None:
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder)
        path = store_deals(root, deals, chunk)
        from_csv = outcome(root, path, False)
        got, reads = _cache_read(root, path)
        assert got == from_csv
        if isinstance(from_csv, tuple) and from_csv[1]:
            assert reads == []


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(deals_of(CELL))
def test_the_cache_of_a_clean_read_is_the_csv_read(deals: list[Deal]) -> None:
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder)
        path = store_deals(root, deals)
        shutil.rmtree(root / ".salescoach-cache", ignore_errors=True)
        first, _reads = _cache_read(root, path)  # read as CSV, and cached if clean
        again, reads = _cache_read(root, path)
        assert again == first == outcome(root, path, False)
        if reads and isinstance(first, tuple) and first[1]:
            assert _awkward(deals)


def _awkward(deals: list[Deal]) -> bool:
    """Whether a text cell holds a line break or NUL (the cache then keeps no deals)."""
    texts = "".join(d.id + d.name + d.rep + d.owner for d in deals)
    return any(c in texts for c in "\n\r\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029\x00")


def test_amounts_and_days_have_the_types_of_the_csv_read(root: Path) -> None:
    deals = [
        Deal("D1", "anna", "Anna", "won", 1200.125, date(2017, 1, 2), None, "Acme, Inc.", None),
        Deal("D2", "anna", "Anna", "lead", None, None, None, '"Q" ltd', date(2018, 5, 1)),
        Deal("D3", "", "Nobody", "lost", 1e300, date(1, 1, 1), date(9999, 12, 31), "", None),
        Deal("D4", "bela", "Béla", "demo", 3.0, date(2017, 1, 2), None, "名", None),
    ]
    path = store_deals(root, deals)
    got, reads = _cache_read(root, path)
    assert reads == []
    assert got == outcome(root, path, False)
    assert isinstance(got, tuple)
    assert got[1][0].amount == 1200.12 or got[1][0].amount == 1200.13  # as stored: 2 decimals
    assert type(got[1][3].amount) is float


def _deals_named(names: list[str], owners: list[str] | None = None) -> list[Deal]:
    return [
        Deal(
            f"D{i:04d}",
            "anna",
            (owners or ["Anna"])[i % len(owners or ["Anna"])],
            "lead",
            float(i % 7) * 10.5,
            date(2017, 1, 1),
            None,
            name,
            None,
        )
        for i, name in enumerate(names)
    ]


def test_equal_names_and_amounts_read_from_the_cache_are_one_object(root: Path) -> None:
    deals = _deals_named(["Acme", "Béla Kft.", ""] * 40)
    path = store_deals(root, deals, chunk=7)
    head = _head(_cache_file(root))
    assert head["tables"]["name"] == ["Acme", "Béla Kft.", ""]  # type: ignore[index]
    got, reads = _cache_read(root, path)
    assert reads == []
    assert got == outcome(root, path, False)
    assert isinstance(got, tuple)
    assert len({id(deal.name) for deal in got[1]}) == 3
    assert len({id(deal.amount) for deal in got[1]}) == 7


def test_names_mostly_distinct_are_kept_as_text(root: Path) -> None:
    path = store_deals(root, _deals_named([f"Client {i}" for i in range(40)] + ["Acme"] * 5))
    head = _head(_cache_file(root))
    columns = {c[0]: c[1] for c in head["columns"]}  # type: ignore[attr-defined]
    assert columns["name"] == "text"
    assert head["tables"]["name"] == []  # type: ignore[index]
    got, reads = _cache_read(root, path)
    assert reads == []
    assert got == outcome(root, path, False)


def test_a_table_outgrowing_a_byte_mid_import_widens_its_indexes(root: Path) -> None:
    owners = [f"Owner {i}" for i in range(300)]
    deals = _deals_named(["Acme"] * 600, owners)
    path = store_deals(root, deals, chunk=100)  # the 257th owner comes in the third chunk
    columns = {c[0]: c[1] for c in _head(_cache_file(root))["columns"]}  # type: ignore[attr-defined]
    assert (columns["owner"], columns["rep"]) == ("H", "B")
    got, reads = _cache_read(root, path)
    assert reads == []
    assert got == outcome(root, path, False)


def test_a_zero_keeps_its_sign_in_the_cache_of_a_clean_read(root: Path) -> None:
    """-0.001 is stored as "-0", read as -0.0; 0.0 as "0": one key in a dict, two amounts."""
    amounts = [-0.001, 0.0, -0.0, None, 0.004, -0.004]
    deals = [d._replace(amount=a) for d, a in zip(_some_deals(6), amounts, strict=True)]
    path = store_deals(root, deals)
    expected = [None if a is None else math.copysign(0.0, -1 if a < 0 else 1) for a in amounts]
    expected[2] = 0.0  # -0.0 is stored as "0"
    for _ in range(2):  # from the import's cache, then from the cache of a clean read
        got, reads = _cache_read(root, path)
        assert reads == []
        assert isinstance(got, tuple)
        signs = [None if d.amount is None else math.copysign(1, d.amount) for d in got[1]]
        assert signs == [None if e is None else math.copysign(1, e) for e in expected]
        assert got == outcome(root, path, False)
        shutil.rmtree(root / ".salescoach-cache")
        assert _cache_read(root, path)[1] != []  # read as CSV, and cached


@settings(max_examples=200, deadline=None)
@given(st.lists(AMOUNT, max_size=20), st.integers(1, 5))
def test_an_import_keeps_each_amount_as_the_stored_file_reads_it(
    amounts: list[float | None], chunk: int
) -> None:
    columns = deal_columns.Columns(written=True)
    deals = [d._replace(amount=a) for d, a in zip(_some_deals(len(amounts)), amounts, strict=True)]
    for start in range(0, len(deals), chunk):
        columns.add(deals[start : start + chunk])
    assert columns.ok
    table, codes = columns.tables["amount"].distinct, columns.codes["amount"]
    for amount, code in zip(amounts, codes, strict=True):
        text = format_amount(amount)
        stored = table[code]
        if not text:
            assert math.isnan(stored)
        else:
            assert (stored, math.copysign(1, stored)) == (
                float(text),
                math.copysign(1, float(text)),
            )


# ---------------------------------------------------------------- never stale


def _some_deals(n: int = 30) -> list[Deal]:
    return [
        Deal(
            f"D{i:03d}",
            "anna",
            "Anna",
            STAGES[i % 3],
            float(i * 100),
            date(2017, 1, 1 + i % 28),
            None,
        )
        for i in range(n)
    ]


def test_a_same_size_edit_is_read_from_the_file(root: Path) -> None:
    path = store_deals(root, _some_deals())
    data = path.read_bytes()
    edited = data.replace(b"D001,", b"X001,")
    assert len(edited) == len(data)
    st = os.stat(path)
    path.write_bytes(edited)
    os.utime(path, ns=(st.st_atime_ns, st.st_mtime_ns))  # the old time back
    got, reads = _cache_read(root, path)
    assert reads != []
    assert got == outcome(root, path, False)
    assert isinstance(got, tuple)
    assert got[1][1].id == "X001"


def test_a_settled_entry_is_not_used_after_a_same_size_edit(
    root: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(import_cache, "RACY_SECONDS", -1.0)  # nothing is racy
    path = store_deals(root, _some_deals())
    assert _head(_cache_file(root))["settled"] is True
    assert _cache_read(root, path)[1] == []
    st = os.stat(path)
    path.write_bytes(path.read_bytes().replace(b"D002,", b"Y002,"))
    os.utime(path, ns=(st.st_atime_ns, st.st_mtime_ns))
    got, reads = _cache_read(root, path)
    assert reads != []
    assert isinstance(got, tuple)
    assert got[1][2].id == "Y002"


def test_a_racy_entry_is_checked_by_the_bytes_hash(root: Path) -> None:
    """A stat that did not change with the bytes (the racy case) is caught by the hash."""
    path = store_deals(root, _some_deals())
    cache = _cache_file(root)
    assert _head(cache)["settled"] is False  # written right after the file
    path.write_bytes(path.read_bytes().replace(b"D003,", b"Z003,"))
    raw = cache.read_bytes()
    head, rest = raw.split(b"\n", 1)
    forged = json.loads(head) | {"key": import_cache.file_key(os.stat(path))}
    cache.write_bytes(json.dumps(forged).encode() + b"\n" + rest)
    got, reads = _cache_read(root, path)
    assert reads != []
    assert isinstance(got, tuple)
    assert got[1][3].id == "Z003"


def test_a_racy_entry_settles_once_the_file_is_old(
    root: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = store_deals(root, _some_deals())
    cache = _cache_file(root)
    assert _head(cache)["settled"] is False
    assert _cache_read(root, path)[1] == []  # checked by its hash, still racy
    assert _head(cache)["settled"] is False
    monkeypatch.setattr(import_cache, "RACY_SECONDS", -1.0)
    assert _cache_read(root, path)[1] == []
    assert _head(cache)["settled"] is True
    assert _cache_read(root, path) == (outcome(root, path, False), [])


def test_a_stage_no_longer_allowed_is_the_same_error(root: Path) -> None:
    path = store_deals(root, _some_deals())
    fewer = ["lead", "demo"]
    with_cache = outcome(root, path, True, fewer)
    assert with_cache == outcome(root, path, False, fewer)
    assert isinstance(with_cache, list)
    assert "unknown-stage" in with_cache[0]


def test_a_new_code_fingerprint_is_a_miss(root: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = store_deals(root, _some_deals())
    assert _cache_read(root, path)[1] == []
    monkeypatch.setattr(import_cache, "code_fingerprint", lambda: "another release")
    got, reads = _cache_read(root, path)
    assert reads != []
    assert got == outcome(root, path, False)


def test_no_cache_reads_the_file(root: Path, counted: list[str]) -> None:
    path = store_deals(root, _some_deals())
    outcome(root, path, False)
    outcome(root, path, False)
    assert len(counted) == 2


# ---------------------------------------------------------------- hostile cache files


def _hostile_caches(cache: Path, stored: Path) -> Iterator[tuple[str, bytes | None]]:
    raw = cache.read_bytes()
    head_line, rest = raw.split(b"\n", 1)
    head = json.loads(head_line)

    def with_head(**changes: object) -> bytes:
        return json.dumps(head | changes).encode() + b"\n" + rest

    yield "truncated", raw[: len(raw) // 2]
    yield "header only", head_line + b"\n"
    yield "garbage", b"\x00\xff" * 500
    yield "not json", b"}" + raw[1:]
    yield "empty", b""
    yield "count lies", with_head(count=head["count"] + 1)
    yield "length lies", with_head(columns=[[c[0], c[1], c[2] + 1] for c in head["columns"]])
    yield "a table too short", with_head(tables=head["tables"] | {"rep": []})
    yield "a stage not allowed", with_head(tables=head["tables"] | {"stage": ["x"] * 9})
    yield "a bad day", with_head(tables=head["tables"] | {"day": ["2017-02-30"] * 40})
    yield "a day not text", with_head(tables=head["tables"] | {"day": [17] * 40})
    yield "another type code", with_head(columns=[[c[0], "q", c[2]] for c in head["columns"]])
    yield "meta not text", with_head(meta={"source": 1})
    yield "columns reordered", with_head(columns=head["columns"][::-1])
    yield "another byte order", with_head(byteorder="middle")
    yield "deep json", b"[" * 100_000 + b"\n"
    yield (
        "names as text with a table",
        with_head(columns=[[c[0], "text", c[2]] if c[0] == "name" else c for c in head["columns"]]),
    )
    yield "a name table that lies", with_head(tables=head["tables"] | {"name": []})
    yield "a name table not text", with_head(tables=head["tables"] | {"name": [None]})
    yield (
        "no name table",
        with_head(tables={k: v for k, v in head["tables"].items() if k != "name"}),
    )
    starts = dict(zip([c[0] for c in head["columns"]], _starts(head["columns"]), strict=True))
    for column, byte in (("rep", 250), ("name", 250), ("amount", 200)):
        codes = bytearray(rest)
        codes[starts[column]] = byte  # the first deal's index, out of range
        yield f"a {column} index out of range", head_line + b"\n" + bytes(codes)
    amounts = bytearray(rest)
    amounts[starts["amounts"] : starts["amounts"] + 8] = b"\x00\x00\x00\x00\x00\x00\xf0\x7f"
    yield "an infinite amount", head_line + b"\n" + bytes(amounts)
    yield (
        "an amount table cut",
        with_head(
            columns=[[c[0], c[1], c[2] - 4 if c[0] == "amounts" else c[2]] for c in head["columns"]]
        ),
    )
    yield "huge", raw + b"\x00" * (2 * stored.stat().st_size + 2 * 1024 * 1024)
    yield "a link", None


def _starts(columns: list[list[object]]) -> list[int]:
    """Where each section of a cache file starts, after the header line."""
    sizes = [int(str(c[2])) for c in columns]
    return [sum(sizes[:i]) for i in range(len(sizes))]


def test_a_hostile_cache_file_falls_back_to_the_csv(root: Path, tmp_path: Path) -> None:
    path = store_deals(root, _some_deals())
    cache = _cache_file(root)
    expected = outcome(root, path, False)
    good = cache.read_bytes()
    for name, data in _hostile_caches(cache, path):
        cache.unlink()
        if data is None:  # a link to a copy of the good cache elsewhere
            elsewhere = tmp_path / "elsewhere.deals"
            elsewhere.write_bytes(good)
            cache.symlink_to(elsewhere)
        else:
            cache.write_bytes(data)
        got, reads = _cache_read(root, path)
        assert got == expected, name
        assert reads, name
    cache.unlink()
    os.mkfifo(cache)
    got, reads = _cache_read(root, path)  # a FIFO is not opened for reading (no hang)
    assert (got, bool(reads)) == (expected, True)
    assert cache.is_fifo() or not cache.exists()


def test_a_cache_for_another_file_is_a_miss(root: Path) -> None:
    first = store_deals(root, _some_deals())
    other = first.with_name("2017-03-02-crm.csv")
    other.write_bytes(first.read_bytes().replace(b"D004,", b"W004,"))
    cache = _cache_file(root)
    shutil.copy(cache, import_cache.cache_path(root, other))
    got, reads = _cache_read(root, other)
    assert reads
    assert isinstance(got, tuple)
    assert got[1][4].id == "W004"


# ---------------------------------------------------------------- the commands


def _crm_repo(tmp_path: Path) -> tuple[Path, Path]:
    root = tmp_path / "crm"
    shutil.copytree(CRM_SAMPLE, root, ignore=shutil.ignore_patterns(".salescoach-cache"))
    shutil.rmtree(root / "funnel")
    lines = (CRM_SAMPLE / "export" / "sales_pipeline.csv").read_text().splitlines(True)
    export = tmp_path / "export.csv"
    export.write_text("".join(lines[:400]))
    return root, export


def _review(cli: Run, root: Path) -> tuple[int, str]:
    result = cli("--repo", root, "--today", TODAY, "funnel", "review", "--format", "json")
    assert "Traceback" not in result.output
    return result.exit_code, result.stdout


def test_review_reads_the_deals_the_import_cached(
    cli: Run, tmp_path: Path, counted: list[str]
) -> None:
    root, export = _crm_repo(tmp_path)
    assert cli("--repo", root, "funnel", "import", export).exit_code == 0
    cache = _cache_file(root)
    stored = next((root / "funnel" / "imports").glob("*.csv"))
    assert _head(cache)["key"] == import_cache.file_key(os.stat(stored))
    counted.clear()
    code, out = _review(cli, root)
    assert code == 0
    assert json.loads(out)["teams"]
    assert counted == []
    shutil.rmtree(root / ".salescoach-cache")
    assert _review(cli, root) == (code, out)
    assert len(counted) == 1
    assert cli("--repo", root, "--today", TODAY, "check", "--no-cache").exit_code == 0
    assert len(counted) == 2  # --no-cache reads the file itself


def test_review_is_the_same_without_a_cache_folder(cli: Run, tmp_path: Path) -> None:
    root, export = _crm_repo(tmp_path)
    assert cli("--repo", root, "funnel", "import", export).exit_code == 0
    cached = _review(cli, root)
    shutil.rmtree(root / ".salescoach-cache")
    (root / ".salescoach-cache").write_text("not a folder")
    assert _review(cli, root) == cached
    (root / ".salescoach-cache").unlink()
    assert _review(cli, root) == cached


@pytest.mark.skipif(os.geteuid() == 0, reason="root writes into a read-only folder")
def test_review_is_the_same_with_a_read_only_cache_folder(cli: Run, tmp_path: Path) -> None:
    root, export = _crm_repo(tmp_path)
    folder = root / ".salescoach-cache"
    folder.mkdir()
    folder.chmod(0o555)
    try:
        assert cli("--repo", root, "funnel", "import", export).exit_code == 0
        assert not list(folder.glob("import~*"))
        without = _review(cli, root)
    finally:
        folder.chmod(0o755)
    shutil.rmtree(folder)
    assert _review(cli, root) == without


def test_an_import_found_unchanged_writes_its_cache(cli: Run, tmp_path: Path) -> None:
    root, export = _crm_repo(tmp_path)
    assert cli("--repo", root, "funnel", "import", export).exit_code == 0
    first = _review(cli, root)
    shutil.rmtree(root / ".salescoach-cache")
    result = cli("--repo", root, "funnel", "import", export)
    assert result.exit_code == 0
    assert _cache_file(root).is_file()
    assert _review(cli, root) == first


@pytest.mark.parametrize("amount", [math.inf, -math.inf, math.nan])
def test_an_amount_that_is_not_finite_keeps_no_cache(amount: float) -> None:
    columns = deal_columns.Columns(written=True)
    columns.add(
        [d._replace(amount=a) for d, a in zip(_some_deals(3), [1.0, amount, None], strict=True)]
    )
    assert not columns.ok
    assert columns.sections() is None


@settings(max_examples=50, deadline=None)
@given(deals_of(PLAIN), st.booleans())
def test_deals_given_as_columns_are_kept_as_deals(deals: list[Deal], written: bool) -> None:
    by_deal, by_column = (deal_columns.Columns(written=written) for _ in range(2))
    by_deal.add(deals)
    by_column.add_columns(tuple(zip(*deals, strict=True)))

    def kept(columns: deal_columns.Columns) -> object:
        sections = columns.sections()
        parts = sections and (sections[0], [bytes(part) for part in sections[1]])
        return columns.ok, columns.count, parts, repr(columns.table_values())

    assert kept(by_column) == kept(by_deal)
