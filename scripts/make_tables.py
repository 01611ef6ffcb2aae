"""Write the tables shipped in ``src/duskfall/data``: the 1976 standard atmosphere on its
grid (from ambiance) and the ray-traced horizon (through that atmosphere).

Run from the repository root after a change of the models or their grids::

    python scripts/make_tables.py

The tests (tests/test_atmosphere.py, tests/test_sun_refraction.py) recompute both and
check that the shipped files are what this script writes.
"""

from pathlib import Path

import numpy as np

from duskfall import atmosphere, refraction

DATA = Path(__file__).resolve().parents[1] / "src" / "duskfall" / "data"


def main() -> None:
    DATA.mkdir(exist_ok=True)
    nodes = atmosphere.table_nodes()
    columns = atmosphere.compute_us1976_columns(nodes)
    np.savez_compressed(DATA / atmosphere.TABLE_FILE, altitude_m=nodes, **columns)
    edges, theta, r1 = refraction.compute_tables()
    np.savez_compressed(DATA / refraction.TABLE_FILE, edges=edges, theta=theta, r1=r1)
    for name in (atmosphere.TABLE_FILE, refraction.TABLE_FILE):
        print(f"wrote {DATA / name} ({(DATA / name).stat().st_size / 1e3:.0f} kB)")


if __name__ == "__main__":
    main()
