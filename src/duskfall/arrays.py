"""Arrays kept by reference: read-only copies, so that what is made from them once (a
lookup's slopes, a spline, the digest of a kept fall) stays true of them."""

from __future__ import annotations

import numpy as np


def read_only(values) -> np.ndarray:
    """A read-only float copy of ``values``."""
    array = np.array(values, dtype=float)
    array.flags.writeable = False
    return array
