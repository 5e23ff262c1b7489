"""The agenda's parts are cheap to define and still plain, immutable values (issue 18): named
tuples whose fields the JSON gives in order, and models whose empty defaults are fresh
containers made by factories pydantic reads without parsing a builtin's text signature."""

from __future__ import annotations

import datetime as dt
import inspect
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st
from pydantic import BaseModel

from salescoach import models
from salescoach.agenda import parts
from salescoach.render.agenda_data import _plain

PARTS = [
    value
    for value in vars(parts).values()
    if isinstance(value, type) and issubclass(value, tuple) and value.__module__ == parts.__name__
]


def test_every_part_is_a_named_tuple_with_typed_fields() -> None:
    assert len(PARTS) == 15
    for part in PARTS:
        assert part._fields == tuple(part.__annotations__), part.__name__


def test_a_part_cannot_be_changed() -> None:
    box = parts.TimeBox("reps", "Rep performance", 20)
    with pytest.raises(AttributeError):
        box.minutes = 30  # type: ignore[misc]
    assert box == parts.TimeBox("reps", "Rep performance", 20)
    assert box._replace(minutes=30) != box


@given(
    ref=st.text(max_size=8),
    do=st.text(max_size=20),
    due=st.none() | st.dates(),
    done=st.booleans(),
    late=st.integers(0, 400),
)
def test_a_part_as_data_is_its_fields_in_order(
    ref: str, do: str, due: dt.date | None, done: bool, late: int
) -> None:
    item = parts.ActionItem(ref, "coach", do, due, done, dt.date(2026, 1, 5), late)
    data = _plain(item)
    assert list(data) == list(parts.ActionItem._fields)
    assert data["due"] == (due.isoformat() if due else None)
    assert data["set_on"] == "2026-01-05"
    assert _plain(parts.RepName("anna", "Anna")) == {"rep": "anna", "rep_name": "Anna"}
    assert _plain([item, (1, 2)]) == [data, [1, 2]]  # a plain tuple stays a list


def _factories() -> list[tuple[str, Any]]:
    found = []
    for model in vars(models).values():
        if isinstance(model, type) and issubclass(model, BaseModel) and model is not BaseModel:
            for name, info in model.model_fields.items():
                if info.default_factory is not None:
                    found.append((f"{model.__name__}.{name}", info.default_factory))
    return found


def test_no_default_factory_is_a_builtin() -> None:
    """``list`` or ``dict`` as a factory costs ~2 ms of every command's import: pydantic reads
    the factory's signature, and a builtin's is parsed from its text."""
    factories = _factories()
    assert len(factories) > 10
    for name, factory in factories:
        assert factory not in (list, dict, set), name
        assert not inspect.isbuiltin(factory), name


def test_each_model_gets_its_own_empty_containers() -> None:
    one = models.Meeting(date=dt.date(2026, 1, 5), status="planned")
    two = models.Meeting(date=dt.date(2026, 1, 12), status="planned")
    one.goals.append(models.Goal(rep="anna"))
    one.ratings["anna"] = None
    assert two.goals == []
    assert two.ratings == {}
    assert models.Settings(organisation="A").funnel.stage_map == {}
