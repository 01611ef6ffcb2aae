"""Property-based tests of the FB and Open-Meteo readers: whatever comes in, a valid profile
or one :class:`~duskfall.errors.InputError` comes out, never another exception.

Hypothesis runs derandomized (the same examples every run: no unseeded randomness) with a
budget of a few hundred examples per reader, to keep the suite fast.
"""

from __future__ import annotations

import copy
import json

import numpy as np
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from duskfall.errors import InputError
from duskfall.io.fbwinds import parse_fb
from duskfall.io.openmeteo import parse_open_meteo
from duskfall.winds import MAX_WIND_SPEED_MPS, LayeredWind, TimeLayeredWind
from openmeteo_sample import response

BUDGET = settings(
    max_examples=150,
    deadline=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.too_slow],
)


def _check_layered(wind: LayeredWind) -> None:
    altitude = np.asarray(wind.altitude_m)
    assert np.all(np.diff(altitude) > 0)
    assert np.all(np.isfinite(altitude))
    assert all(0.0 <= s <= MAX_WIND_SPEED_MPS for s in wind.speed_mps)


# --- FB ----------------------------------------------------------------------------------

_GROUP_CHARS = st.text(alphabet="0123456789+- ", min_size=0, max_size=9)
_LEVELS = st.lists(
    st.sampled_from([3000, 6000, 9000, 12000, 18000, 24000, 30000, 34000, 39000, 45000, 999]),
    min_size=1,
    max_size=9,
)


@st.composite
def fb_products(draw):
    levels = draw(_LEVELS)
    header = draw(
        st.sampled_from(
            [
                "DATA BASED ON 091200Z\nVALID 091800Z   FOR USE 1400-2100Z. TEMPS NEG ABV 24000",
                "VALID 311800Z FOR USE 2100-0600Z",
                "VALID 000000Z",
                "VALID 292359Z FOR USE 2400-2400Z. TEMPS NEG ABV 9",
            ]
        )
    )
    ft = "FT" + "".join(f"{' ' * draw(st.integers(1, 4))}{level}" for level in levels)
    stations = draw(st.lists(st.sampled_from(["ABI", "ICT", "K1X", "ABCD"]), max_size=3))
    lines = [f"{s} {' '.join(draw(st.lists(_GROUP_CHARS, max_size=10)))}" for s in stations]
    return "\n".join([header, ft, *lines])


@BUDGET
@given(
    text=st.one_of(st.text(max_size=400), fb_products()),
    station=st.one_of(st.none(), st.sampled_from(["ABI", "ICT", "abcd", "", "K1X"])),
    near=st.one_of(st.none(), st.floats(allow_nan=True, allow_infinity=True)),
)
def test_fb_reader_gives_a_profile_or_an_input_error(text, station, near):
    try:
        wind = parse_fb(text, station, near)
    except InputError as error:
        message = str(error)
    else:
        _check_layered(wind)
        return
    assert "\n" not in message


# --- Open-Meteo --------------------------------------------------------------------------

_JSON_SCALARS = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(min_value=-(10**30), max_value=10**30),
    st.floats(allow_nan=True, allow_infinity=True),
    st.text(max_size=12),
)
_JSON = st.recursive(
    _JSON_SCALARS,
    lambda children: st.one_of(
        st.lists(children, max_size=4), st.dictionaries(st.text(max_size=8), children, max_size=4)
    ),
    max_leaves=20,
)
_BASE = response(hours=2, levels=(850, 700, 500))


@st.composite
def mutated_responses(draw):
    data = copy.deepcopy(_BASE)
    for _ in range(draw(st.integers(1, 3))):
        table = draw(st.sampled_from(["hourly", "hourly_units", None]))
        target = data if table is None else data.get(table)
        if not isinstance(target, dict) or not target:
            continue
        key = draw(st.sampled_from(sorted(target)))
        action = draw(st.sampled_from(["delete", "replace", "element"]))
        if action == "delete":
            del target[key]
        elif action == "replace" or not isinstance(target[key], list) or not target[key]:
            target[key] = draw(_JSON)
        else:
            index = draw(st.integers(0, len(target[key]) - 1))
            target[key][index] = draw(_JSON_SCALARS)
    return json.dumps(data, ensure_ascii=False)


@BUDGET
@given(
    text=st.one_of(_JSON.map(json.dumps), mutated_responses(), st.text(max_size=200)),
    when=st.one_of(st.none(), st.floats(allow_nan=True, allow_infinity=True)),
)
def test_open_meteo_reader_gives_a_profile_or_an_input_error(text, when):
    try:
        wind = parse_open_meteo(text, when, target=(24.4, 54.6))
    except InputError as error:
        message = str(error)
    else:
        assert isinstance(wind, TimeLayeredWind)
        for profile in wind.profiles:
            _check_layered(profile)
        return
    assert "\n" not in message
