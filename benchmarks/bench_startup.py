"""The front door: ``duskfall plan`` on the seed, timed as a whole process.

Starts ``python -m duskfall plan`` (imports, the plan, the text report) and, as the
baseline in the same run, ``python -c "import numpy"``, each several times; prints the
best of each and their ratio. The target is a plan in under 1.0 s on the reference
machine (2 cores), where ``import numpy`` takes about 0.1 s.

    python benchmarks/bench_startup.py [repeats]
"""

import subprocess
import sys
import time

PLAN = [sys.executable, "-m", "duskfall", "plan"]
BASELINE = [sys.executable, "-c", "import numpy"]


def best(command: list[str], repeats: int) -> float:
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        subprocess.run(command, check=True, stdout=subprocess.DEVNULL)
        times.append(time.perf_counter() - start)
    return min(times)


def imports() -> list[tuple[float, str]]:
    """The slowest imports of the plan (cumulative, from ``python -X importtime``)."""
    run = subprocess.run(
        [sys.executable, "-X", "importtime", "-m", "duskfall", "plan"],
        check=True,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )
    rows = []
    for line in run.stderr.splitlines():
        parts = line.split("|")
        if len(parts) == 3 and parts[1].strip().isdigit():
            rows.append((int(parts[1]) / 1e6, parts[2].rstrip()))
    return sorted(rows, reverse=True)[:8]


def main(repeats: int = 5) -> None:
    best(PLAN, 1)  # warm the file cache
    plan = best(PLAN, repeats)
    numpy = best(BASELINE, repeats)
    print(f"duskfall plan (whole process, best of {repeats}): {plan:.3f} s")
    print(f"python -c 'import numpy' (baseline):          {numpy:.3f} s")
    print(f"ratio plan / numpy import:                     {plan / numpy:.1f}x")
    print(f"target under 1.0 s:                            {'yes' if plan < 1.0 else 'NO'}")
    print("slowest imports (cumulative):")
    for seconds, name in imports():
        print(f"  {seconds:6.3f} s  {name}")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 5)
