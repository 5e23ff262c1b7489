"""Refusals and diagnostics of the data layer (CRM import, check, writes) in Hungarian: whole
sentences from the catalog, codes and file names in English, the same exit codes."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

from salescoach import i18n, writer
from salescoach.errors import WriteError
from tests.conftest import Run

ROOT = Path(__file__).resolve().parents[1]
HEADER = "opportunity_id,sales_agent,product,account,deal_stage,engage_date,close_date,close_value"


@pytest.fixture(autouse=True)
def english_afterwards(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """A neutral locale for the run, and English again for the tests after this one."""
    for name in ("LC_ALL", "LC_MESSAGES", "LANG"):
        monkeypatch.delenv(name, raising=False)
    yield
    i18n.use("en")


@pytest.fixture
def sample(tmp_path: Path) -> Path:
    """A copy of examples/crm-sample without its import."""
    target = tmp_path / "crm-sample"
    shutil.copytree(ROOT / "examples" / "crm-sample", target)
    shutil.rmtree(target / "funnel")
    return target


def test_bad_crm_rows_and_an_unmapped_stage_are_refused_in_hungarian(
    cli: Run, sample: Path, tmp_path: Path
) -> None:
    export = tmp_path / "bad.csv"
    export.write_text(
        f"{HEADER}\n"
        "A1,Moses Frase,GTX,Acme,Won,2016-10-20,2017-03-01,12x4\n"
        "A2,Moses Frase,GTX,Acme,Closing,2016-10-20,,\n"
        "A3,Moses Frase,GTX,Acme,Won,2016-10-20,,100\n",
        encoding="utf-8",
    )
    result = cli("--lang", "hu", "--repo", sample, "funnel", "import", export)
    assert result.exit_code == 1
    assert result.stderr.splitlines() == [
        "hiba: 3 hibás sor itt: bad.csv; semmi sem lett importálva",
        f"  {export}:2:1: bad-amount a(z) '12x4' összeg: nem szám ('close_value' oszlop)",
        f"  {export}:3:1: unmapped-stage a(z) 'Closing' szakasz nincs tölcsérszakaszhoz "
        "rendelve ('deal_stage' oszlop)",
        f"  {export}:4:1: missing-close-date az üzlet megnyert, de nincs lezárási dátuma "
        "('close_date' oszlop)",
        "tipp: hozzá nem rendelt szakaszok: 'Closing' (1 sor). Mindegyiket rendelje hozzá a "
        "salescoach.yaml funnel.stage_map részében ezek egyikéhez: prospecting, engaging, won, "
        "lost. A funnel: alá beilleszthető (mindegyik csak tipp: ellenőrizze)",
        "  stage_map:",
        '    "Closing": prospecting  # 1 sor',
    ]
    assert not (sample / "funnel").exists()  # nothing was imported


def test_the_same_refusal_in_english_is_as_it_was(cli: Run, sample: Path, tmp_path: Path) -> None:
    export = tmp_path / "bad.csv"
    export.write_text(f"{HEADER}\nA1,Moses Frase,GTX,Acme,Closing,2016-10-20,,\n", encoding="utf-8")
    result = cli("--repo", sample, "funnel", "import", export)
    assert result.exit_code == 1
    assert result.stderr.splitlines()[:2] == [
        "error: 1 bad row in bad.csv; nothing was imported",
        f"  {export}:2:1: unmapped-stage stage 'Closing' is not mapped to a funnel stage "
        "(column 'deal_stage')",
    ]


def test_a_bad_rate_is_a_usage_error_in_hungarian(cli: Run, sample: Path) -> None:
    export = ROOT / "examples" / "crm-sample" / "export" / "sales_pipeline.csv"
    result = cli("--lang", "hu", "--repo", sample, "funnel", "import", export, "--rate", "EUR=x")
    assert result.exit_code == 2
    assert result.stderr.splitlines() == [
        "hiba: --rate EUR: a(z) 'x' nem pozitív szám (pl. 1.08)",
    ]


def test_check_names_a_bad_yaml_file_in_hungarian(cli: Run, tmp_path: Path) -> None:
    repo = tmp_path / "acme"
    shutil.copytree(ROOT / "examples" / "acme", repo)
    meeting = repo / "meetings" / "anna-kovacs" / "2026-10-19.yaml"
    text = meeting.read_text(encoding="utf-8")
    text = text.replace("petra-nagy: {score: 3,", 'petra-nagy: {score: "3",')
    meeting.write_text(text.replace("funnel_review: false", "funnel_reveiw: false"), "utf-8")
    result = cli("--lang", "hu", "--repo", repo, "check")
    assert result.exit_code == 1
    lines = result.stderr.splitlines()
    rel = "meetings/anna-kovacs/2026-10-19.yaml"
    assert f"{rel}:4:1: unknown-key ismeretlen kulcs: 'funnel_reveiw'; erre gondolt: " in lines[0]
    assert lines[1] == (
        f"{rel}:10:23: invalid-value ratings.petra-nagy.score: az értékelés egész szám: 1-től "
        "(nem érte el a célokat) 4-ig (túlteljesítette a célokat); kapott érték: '3'"
    )


def test_check_names_an_empty_file_in_hungarian(cli: Run, tmp_path: Path) -> None:
    repo = tmp_path / "acme"
    shutil.copytree(ROOT / "examples" / "acme", repo)
    (repo / "meetings" / "anna-kovacs" / "2026-10-19.yaml").write_text("", encoding="utf-8")
    result = cli("--lang", "hu", "--repo", repo, "check")
    assert result.exit_code == 1
    assert (
        "meetings/anna-kovacs/2026-10-19.yaml:1:1: empty-file a fájl üres; várt tartalom: "
        "egy megbeszélés (dátum, állapot, …)"
    ) in result.stderr.splitlines()


def _second_writer(folder: Path) -> None:
    """Take the folder's lock as a second command would (it waits 0.1 s)."""
    with writer.folder_lock(folder, timeout=0.1, shown="meetings/x"):
        pass  # pragma: no cover (the lock is held)


def test_a_write_refused_by_the_lock_is_said_in_hungarian(tmp_path: Path) -> None:
    i18n.use("hu")
    with writer.folder_lock(tmp_path, shown="meetings/x"), pytest.raises(WriteError) as refused:
        _second_writer(tmp_path)
    assert refused.value.message == (
        "egy másik salescoach parancs már több mint 0,1 másodperce ír ide: meetings/x "
        "(övé a zár: meetings/x/.salescoach-lock); semmi sem íródott ki"
    )
    assert refused.value.hint == (
        "várja meg, amíg befejeződik; ha nem fut salescoach parancs, a zár elavult: törölje "
        "ezt: meetings/x/.salescoach-lock, és futtassa újra a parancsot"
    )


def test_a_file_changed_meanwhile_is_not_overwritten_and_said_in_hungarian(tmp_path: Path) -> None:
    target = tmp_path / "salescoach.yaml"
    target.write_bytes(b"a: 2\n")
    i18n.use("hu")
    with pytest.raises(WriteError) as refused:
        writer.replace_file(target, b"a: 3\n", expected=b"a: 1\n")
    assert refused.value.message == (
        "salescoach.yaml fájlt valaki más módosította, miközben a salescoach szerkesztette; "
        "semmi sem íródott ki, az ő változtatása megmaradt"
    )
    assert refused.value.hint == "futtassa újra a parancsot"
    assert target.read_bytes() == b"a: 2\n"


def test_a_folder_that_is_no_repository_is_said_in_hungarian(cli: Run, tmp_path: Path) -> None:
    result = cli("--lang", "hu", "--repo", tmp_path, "check")
    assert result.exit_code == 1
    assert result.stderr.splitlines() == [
        f"hiba: a(z) {tmp_path} nem salescoach tároló (nincs benne salescoach.yaml)",
        "tipp: hozzon létre egyet: `salescoach init PATH`",
    ]
