"""The deals of a stored import written fast (issue 18): ``StoredText.rows`` joins a batch of
deals into the stored layout's rows column by column in C, the very bytes ``csv.writer``
writes (``stored.normalised_csv``), which it still writes for a batch with a cell that needs
quoting."""

from __future__ import annotations

import csv
from collections.abc import Sequence

from salescoach.crm.stored import (
    NORMALISED_COLUMNS,
    DistinctTexts,
    iso_or_empty,
    stored_rows,
)
from salescoach.crm.values import format_amount
from salescoach.models import Deal

_FIELDS_PER_ROW = len(NORMALISED_COLUMNS)


class StoredText:
    """Deals as the stored layout's CSV text with '\\n' line endings, byte for byte what
    ``csv.writer`` writes: a batch with a comma, a quote or a line break in a cell goes
    through the writer. Each distinct amount and date is formatted once (exports repeat
    them)."""

    def __init__(self) -> None:
        self.iso, self.money = DistinctTexts(iso_or_empty), DistinctTexts(format_amount)
        self.quoting = csv.writer(_Returned(), lineterminator="\n")

    def rows(self, deals: Sequence[Deal]) -> str:
        """The deals' rows, each ending in '\\n' ('' for none)."""
        if not deals:
            return ""
        columns = zip(*deals, strict=True)
        ids, reps, owners, stages, amounts, created, closed, names, expected = columns
        iso = self.iso.__getitem__
        stored = zip(
            ids,
            names,
            reps,
            owners,
            stages,
            map(self.money.__getitem__, amounts),
            map(iso, created),
            map(iso, closed),
            map(iso, expected),
            strict=True,
        )
        text = "\n".join(map(",".join, stored)) + "\n"
        plain = (
            text.count(",") == (_FIELDS_PER_ROW - 1) * len(deals)
            and text.count("\n") == len(deals)
            and '"' not in text
            and "\r" not in text
        )
        return text if plain else "".join(map(self.quoting.writerow, stored_rows(deals)))


class _Returned:
    """A file for ``csv.writer`` whose ``write`` hands the text back (``writerow`` returns it)."""

    write = staticmethod(str)
