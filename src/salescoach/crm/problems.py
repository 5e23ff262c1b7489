"""How a CRM import fails: every problem is a ``Diagnostic`` naming the export (as the user
gave it) or the repository file at fault, and one ``InvalidExport`` carries them all, so the
command prints each as ``path:line:col: code message`` and refuses the whole import.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from decimal import ROUND_HALF_UP, Decimal
from pathlib import PurePath

from salescoach.diagnostics import Diagnostic
from salescoach.errors import InvalidRepo
from salescoach.formats import plural
from salescoach.i18n import N_, _

HINT_EXPORT = N_("fix these lines in the CRM (or in the export) and import it again")


class InvalidExport(InvalidRepo):
    """A CRM export that cannot be imported, with every problem found; nothing was written."""

    def __init__(
        self,
        diagnostics: Sequence[Diagnostic],
        *,
        summary: str | None = None,
        hint: str | None = None,
    ) -> None:
        super().__init__(list(diagnostics))
        self.message = summary or default_summary(self.diagnostics)
        self.args = (self.message,)
        self.hint = hint or _(HINT_EXPORT)
        self.unmapped_stages: dict[str, int] = {}
        """The stages no stage_map entry maps, with their rows (for ``--write-stage-map``)."""


def default_summary(diagnostics: Sequence[Diagnostic]) -> str:
    """``2 problems in export.csv; nothing was imported`` (the lines below give the paths)."""
    names = ", ".join(sorted({file_name(d.path) for d in diagnostics}))
    return _("{problems} in {files}; nothing was imported").format(
        problems=plural(len(diagnostics), "problem"), files=names
    )


def file_name(path: str) -> str:
    """The file name of a path as the user gave it (``exports/q3.csv`` → ``q3.csv``)."""
    return PurePath(path).name or path


def problem(path: str, line: int, code: str, message: str) -> Diagnostic:
    """One problem of a CRM import, on ``line`` of ``path`` (0: the whole file)."""
    return Diagnostic(path, line, 0, code, message)


def refusal(
    path: str, line: int, code: str, message: str, *, hint: str | None = None
) -> InvalidExport:
    """The error of an import stopped by one problem (``raise refusal(...)``)."""
    return InvalidExport([problem(path, line, code, message)], hint=hint)


def _by_rows(
    codes: Iterable[str], rows: Mapping[str, int], first_lines: Mapping[str, int]
) -> tuple[list[str], str]:
    """Currencies most rows first (then by first line), and as ``USD (3 rows), JPY (1 row)``:
    the one order every currency refusal lists them in."""
    ordered = sorted(codes, key=lambda c: (-rows[c], first_lines[c]))
    return ordered, ", ".join(f"{c} ({plural(rows[c], 'row')})" for c in ordered)


def mixed_currencies(
    source: str, rows: Mapping[str, int], first_lines: Mapping[str, int], column: str
) -> InvalidExport:
    """The refusal of an export whose amounts are in several currencies: salescoach adds
    amounts up, and a sum of yen and dollars means nothing. One diagnostic per currency."""
    ordered, listed = _by_rows(rows, rows, first_lines)
    return InvalidExport(
        [
            problem(
                source,
                first_lines[c],
                "mixed-currency",
                _("{amounts} in {currency} (column '{column}'), the first on this line").format(
                    amounts=plural(rows[c], "amount"), currency=c, column=column
                ),
            )
            for c in ordered
        ],
        summary=_("amounts in {currencies}: {listed}; salescoach cannot add them up").format(
            currencies=plural(len(rows), "currency", "currencies"), listed=listed
        ),
        hint=_(
            "export one currency at a time (filter the CRM report by currency), "
            "or convert the amounts in the CRM first; nothing was imported"
        ),
    )


def rate_text(rate: Decimal) -> str:
    """A conversion rate as the user wrote it, without an exponent (``1.08``, ``0.0067``)."""
    return format(rate.normalize(), "f")


def converted(amount: float | None, rate: Decimal | None) -> float | None:
    """An amount times a ``--rate``, rounded half up to the cent (the stored amount); the
    amount as it is without a rate."""
    if amount is None or rate is None:
        return amount
    cents = (Decimal(repr(amount)) * rate).quantize(Decimal("0.01"), ROUND_HALF_UP)
    return float(cents)


def check_currencies(
    source: str,
    rows: Mapping[str, int],
    first_lines: Mapping[str, int],
    column: str,
    currency: str | None,
    rates: Mapping[str, Decimal],
) -> None:
    """Refuse an export whose amounts are not all in the repository's currency
    (``funnel.currency``, ``currency``) or converted with a ``--rate``; without
    ``funnel.currency``, only a file in several currencies is refused."""
    if currency is None:
        if len(rows) > 1:
            raise mixed_currencies(source, rows, first_lines, column)
        return
    missing = [c for c in rows if c != currency and c not in rates]
    if not missing:
        return
    ordered, listed = _by_rows(missing, rows, first_lines)
    options = " ".join("--rate " + c + "=RATE" for c in ordered)
    raise InvalidExport(
        [
            problem(
                source,
                first_lines[c],
                "wrong-currency",
                _(
                    "{amounts} in {code}, not in funnel.currency {currency} "
                    "(column '{column}'), the first on this line"
                ).format(
                    amounts=plural(rows[c], "amount"), code=c, currency=currency, column=column
                ),
            )
            for c in ordered
        ],
        summary=_(
            "amounts in {listed}, not in funnel.currency {currency}; nothing was imported"
        ).format(listed=listed, currency=currency),
        hint=_(
            "convert them with {options} (how many {currency} one unit is), "
            "or export the deals in {currency}"
        ).format(options=options, currency=currency),
    )
