"""Arrays kept by reference: read-only copies, so that what is made from them once (a
lookup's slopes, a spline, the digest of a kept fall) stays true of them."""

from __future__ import annotations

import numpy as np


def read_only(values) -> np.ndarray:
    """A read-only float copy of ``values``."""
    return frozen(np.array(values, dtype=float))[0]


def frozen(*arrays: np.ndarray) -> tuple[np.ndarray, ...]:
    """``arrays`` themselves, made read-only (no copy: for arrays made here and kept)."""
    for array in arrays:
        array.flags.writeable = False
    return arrays
