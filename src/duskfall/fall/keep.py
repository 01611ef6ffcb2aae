"""Falls kept: the last few simulations, by a digest of everything they were made of.

A simulation is a pure function of its jump (:func:`~duskfall.fall.simulate_jump`,
:func:`~duskfall.fall.simulate_ensemble`): the same jump falls the same way to the last
bit. A planner asked for the same jump on another day (a calendar, a season strip, a
light band changed) in a steady wind, whose fall does not depend on the exit time, need
not simulate it again; :func:`kept` answers it from the last :data:`KEPT_FALLS`
simulations, each caller with arrays of its own.
"""

from __future__ import annotations

import dataclasses
import hashlib
import pickle
import threading
from collections import OrderedDict
from collections.abc import Callable
from typing import Any, TypeVar

import numpy as np

from duskfall.fall.jump import numeric_fields

KEPT_FALLS = 16
"""Simulations kept, the last used first: a plan keeps two (its lead jump's and its
dispersion's), so the last 8 jumps planned, the server's PLAN_CACHE_SIZE scenarios, fall
once each (about 20 MB at most)."""

KEPT_BYTES = 2_000_000
"""Largest simulation kept, in the bytes of its arrays (an ensemble of 10,000 members is
about 1.6 MB; a trajectory sampled every 0.5 s about 100 kB)."""

R = TypeVar("R")


class _Kept:
    """The last :data:`KEPT_FALLS` simulations, by digest."""

    def __init__(self):
        self.lock = threading.Lock()
        self.falls: OrderedDict[bytes, Any] = OrderedDict()

    def get(self, key: bytes) -> Any | None:
        with self.lock:
            found = self.falls.get(key)
            if found is not None:
                self.falls.move_to_end(key)
            return found

    def put(self, key: bytes, result: Any) -> None:
        with self.lock:
            self.falls[key] = result
            while len(self.falls) > KEPT_FALLS:
                self.falls.popitem(last=False)


_KEPT = _Kept()


RESULT_BYTES_PER_MEMBER = 160
"""Bytes of an ensemble's result per member (20 arrays of float64): a jump of more than
``KEPT_BYTES / RESULT_BYTES_PER_MEMBER`` members is simulated without a digest (its
pickle, tens of megabytes for 100,000 members, would be made for nothing)."""


def _members(jump) -> int:
    """The most members a jump has: its wind's (an ensemble of winds), its longest field."""
    sizes = [np.size(value) for value in numeric_fields(jump).values()]
    return max(getattr(jump.wind, "members", 1), *sizes)


def _digest(simulate: Callable, jump, args: tuple) -> bytes | None:
    # The function itself is pickled: by its name for a module's function, with its
    # arguments for a functools.partial; a lambda or a closure does not pickle, and is
    # not kept.
    try:
        data = pickle.dumps((simulate, jump, args), protocol=5)
    except (pickle.PicklingError, TypeError, AttributeError):  # an air model of its own
        return None
    return hashlib.blake2b(data, digest_size=20).digest()


def _arrays(result) -> dict[str, np.ndarray]:
    return {
        f.name: getattr(result, f.name)
        for f in dataclasses.fields(result)
        if isinstance(getattr(result, f.name), np.ndarray)
    }


def _copied(result: R) -> R:
    return dataclasses.replace(result, **{k: a.copy() for k, a in _arrays(result).items()})


def kept(simulate: Callable[..., R], jump, *args) -> R:
    """``simulate(jump, *args)``, from the kept simulations when the same jump was
    simulated lately.

    Parameters
    ----------
    simulate
        :func:`~duskfall.fall.simulate_jump` or :func:`~duskfall.fall.simulate_ensemble`
        (a pure function of its arguments, returning a dataclass of arrays).
    jump
        The jump; with an exit time, only the same exit time is the same jump: pass a
        jump without one where the wind is steady.
    *args
        The function's other arguments.

    Returns
    -------
    The result, with arrays of its own (the caller may change them). A jump or function
    that does not pickle (an air model of the caller's own, a lambda) or a result larger
    than :data:`KEPT_BYTES` is simulated and not kept.

    Notes
    -----
    The key is a digest of the pickled function, jump and arguments: a class of the
    caller's own (a wind, an air model) pickles by its name and its instance's data, so
    a class redefined with the same name (in a notebook, say) is taken for the old one;
    call the function itself there.
    """
    if _members(jump) * RESULT_BYTES_PER_MEMBER > KEPT_BYTES:
        return simulate(jump, *args)
    key = _digest(simulate, jump, args)
    found = None if key is None else _KEPT.get(key)
    if found is None:
        found = simulate(jump, *args)
        size = sum(a.nbytes for a in _arrays(found).values())
        if key is None or size > KEPT_BYTES:
            return found
        _KEPT.put(key, found)
    return _copied(found)
