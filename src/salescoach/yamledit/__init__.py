"""Surgical, verified edits of the YAML files people also edit by hand.

Modules: ``emit`` (values as safe YAML text), ``document`` (``EditableDocument``, the text
with in-place operations), ``transaction`` (``edit_yaml_file``: lock, read, edit, verify,
write), ``create`` (``create_yaml_file``: a new file from plain data, verified, no clobber)
and ``batch`` (``FileBatch``: several writes all together or none, e.g. a rep's move).

Every writing command goes through ``edit_yaml_file``. It never re-dumps the YAML: it edits
the *text*, replacing the span of one value or inserting lines after the last entry of a
mapping or list, so comments, blank lines, key order, quoting, indentation, line endings
(LF or CRLF), a BOM and non-ASCII text elsewhere stay byte-identical and ``git diff`` shows
just the change. New values are written by a safe emitter (text in YAML double quotes with
every risky character escaped; numbers, booleans, dates and simple words plain; small
mappings in flow style ``{score: 3, note: "…"}``), so no text can ever add a key.

The whole read-modify-write is one transaction:

1. lock the file's folder (``writer.folder_lock``; concurrent commands take turns);
2. clean temporary files a killed writer left for this file;
3. read the bytes, parse them once and validate them with the file's model (a file with
   errors is refused: ``InvalidRepo``); the document edits the tree of that same parse;
4. run ``change(doc)``, which edits an ``EditableDocument``;
5. verify: parse the new text once, check that its plain data equals the old data with
   exactly the intended changes applied, and validate it once with the model (and the
   optional ``validate`` callback); otherwise ``WriteError`` and nothing is written;
6. ``writer.replace_file(..., expected=original_bytes)``: atomic, and refused if the file
   changed since it was read;
7. unlock.

Example (what ``rate rep`` does)::

    from salescoach.models import Meeting
    from salescoach.yamledit import edit_yaml_file

    def change(doc):
        old = doc.get(("ratings", "petra-nagy", "score"))
        doc.set(("ratings", "petra-nagy"), {"score": 3, "note": 'said "no": fine'})
        return old

    result = edit_yaml_file(layout, path, change, model=Meeting)
    result.value      # what change() returned
    result.changed    # False if the edit left the text as it was (nothing written)

``doc.set(loc, value)`` replaces the value at ``loc`` or adds the missing last key to an
existing mapping (block or flow); a missing ``ratings:`` key, ``ratings:`` with nothing
after it and ``ratings: {}`` all work; ``doc.append(loc, value)`` adds an item to a list
(``block=True``: a mapping as a block item, ``- id: …`` with its other keys below).
``loc`` is a tuple of keys and list indexes, as in ``("goals", 0, "result")``.

Moving a file (``meeting move``): call ``doc.rename(new_path)`` inside ``change``, with the
new path in the same folder. The new file is created without clobbering anything
(``writer.create_file``), then the old one is removed if it still holds what was read.
A process killed between those two steps leaves both files (``check`` reports the
duplicate meeting); it never loses one. Pass ``validate=`` to check the result against
the file name, e.g. that ``date`` matches the new name.
"""

from __future__ import annotations

from salescoach.yamledit.batch import FileBatch
from salescoach.yamledit.create import create_yaml_file, new_file_text
from salescoach.yamledit.document import EditableDocument
from salescoach.yamledit.emit import (
    BOM,
    Loc,
    dotted,
    emit_flow,
    emit_key,
    emit_scalar,
    quote,
    to_plain,
)
from salescoach.yamledit.transaction import EditResult, Validate, edit_yaml_file

__all__ = [
    "BOM",
    "EditResult",
    "EditableDocument",
    "FileBatch",
    "Loc",
    "Validate",
    "create_yaml_file",
    "dotted",
    "edit_yaml_file",
    "emit_flow",
    "emit_key",
    "emit_scalar",
    "new_file_text",
    "quote",
    "to_plain",
]
