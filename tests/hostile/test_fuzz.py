"""A short fuzz of the loader: arbitrary bytes and YAML-ish text into ``store.parse_model`` for
every file model. Only salescoach's own diagnostics may come out, never an exception.

Run it longer with ``HYPOTHESIS_PROFILE=long pytest tests/hostile/test_fuzz.py`` (see
docs/hardening.md), or with atheris: ``python tests/hostile/fuzz_atheris.py``.
"""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from pydantic import BaseModel

from salescoach import store, yamlparse
from salescoach.diagnostics import Diagnostic
from salescoach.models import FunnelSnapshot, Manager, Meeting, Settings
from tests.hostile.helpers import examples

MODELS: list[type[BaseModel]] = [Settings, Manager, Meeting, FunnelSnapshot]
REL = "meetings/anna/2026-11-23.yaml"


def check_parse(data: bytes, model: type[BaseModel]) -> None:
    """What the fuzzers assert for one input: diagnostics or a valid model, nothing else."""
    value, _node, problems = store.parse_model(data, REL, model)
    assert all(isinstance(d, Diagnostic) for d in problems)
    if value is None:
        assert problems, "a file that does not load must say why"
    else:
        assert isinstance(value, model)
    for d in problems:
        assert d.path == REL
        assert d.line >= 0
        assert d.column >= 0
        assert d.code
        assert d.message
        assert "\n" not in d.message
        assert len(str(d)) < 500
        text = str(d)  # a diagnostic always prints
        assert text.startswith(REL)


# YAML-ish text: the tokens YAML is made of, and the words and numbers that are traps
_TOKENS = st.sampled_from(
    [
        "\n", "  ", "\t", ": ", "- ", "? ", "[", "]", "{", "}", ",", "#", "'", '"', "&a", "*a",
        "!!python/object/apply:os.system", "!x", "---", "...", "|", ">", "%YAML 1.1", "\\",
        "\r\n", "\ufeff", "\x00", "\x01", "\u0085", "\u2028", "<<<<<<< HEAD", "=======",
        "no", "on", "yes", "off", "010", "0x1f", "1:30", "1e3", "1.0e999", ".nan", "~", "null",
        "true", "3", "3.0", "-1", "9" * 30, "2026-02-30", "2026-11-23", "2026-11-23T10:00:00",
        "date", "status", "held", "planned", "ratings", "score", "note", "petra", "goals",
        "rep", "name", "reps", "id", "organisation", "funnel", "stages", "calls", "actions",
        "done", "owner", "coach", "due", "open_deals", "amount", "from", "to", "period",
    ]
)  # fmt: skip
yamlish = st.lists(_TOKENS, max_size=60).map("".join)

_KEYS = st.sampled_from(
    ["date", "status", "name", "reps", "organisation", "ratings", "score", "id", "goals", "x"]
)
_SCALARS = st.one_of(
    st.integers(), st.floats(), st.booleans(), st.none(), st.text(max_size=20), _TOKENS
)
json_like = st.recursive(
    _SCALARS,
    lambda children: st.one_of(
        st.lists(children, max_size=4), st.dictionaries(_KEYS, children, max_size=5)
    ),
    max_leaves=20,
)


def _as_flow_yaml(value: object) -> str:
    """A value as YAML flow text, by hand, so that odd scalars stay odd (unquoted)."""
    if isinstance(value, dict):
        return "{" + ", ".join(f"{k}: {_as_flow_yaml(v)}" for k, v in value.items()) + "}"
    if isinstance(value, list):
        return "[" + ", ".join(_as_flow_yaml(v) for v in value) + "]"
    return str(value)


SETTINGS = settings(
    max_examples=examples(50), deadline=None, suppress_health_check=[HealthCheck.too_slow]
)


@pytest.mark.parametrize("model", MODELS, ids=lambda m: m.__name__)
@SETTINGS
@given(data=st.binary(max_size=400))
def test_arbitrary_bytes_give_only_diagnostics(model: type[BaseModel], data: bytes) -> None:
    check_parse(data, model)


@pytest.mark.parametrize("model", MODELS, ids=lambda m: m.__name__)
@SETTINGS
@given(text=yamlish)
def test_yamlish_text_gives_only_diagnostics(model: type[BaseModel], text: str) -> None:
    check_parse(text.encode("utf-8", "surrogatepass"), model)


@pytest.mark.parametrize("model", MODELS, ids=lambda m: m.__name__)
@SETTINGS
@given(value=json_like)
def test_structured_values_give_only_diagnostics(model: type[BaseModel], value: object) -> None:
    check_parse(_as_flow_yaml(value).encode("utf-8", "surrogatepass"), model)


@pytest.mark.parametrize("model", MODELS, ids=lambda m: m.__name__)
@SETTINGS
@given(value=st.dictionaries(_KEYS, json_like, max_size=6), prefix=yamlish)
def test_block_mappings_with_noise_give_only_diagnostics(
    model: type[BaseModel], value: dict[str, object], prefix: str
) -> None:
    text = prefix + "\n" + "".join(f"{k}: {_as_flow_yaml(v)}\n" for k, v in value.items())
    check_parse(text.encode("utf-8", "surrogatepass"), model)


@SETTINGS
@given(text=st.text(max_size=200))
def test_parse_never_raises_on_any_text(text: str) -> None:
    node, problems = yamlparse.parse(text, REL)
    assert node is None or not problems
