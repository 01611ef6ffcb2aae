"""The front door and the tooling: README commands, CI, lint, format, import layers."""

import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


def readme_commands():
    block = re.findall(r"```[a-z]*\n(.*?)```", (ROOT / "README.md").read_text(), re.S)[0]
    return [
        line.strip()
        for line in block.splitlines()
        if line.strip() and not line.strip().startswith("#")
    ]


def test_readme_first_block_has_the_two_commands():
    install_and_run, install_and_test = readme_commands()
    assert "pip install" in install_and_run
    assert install_and_run.endswith("duskfall plan")
    assert "pip install" in install_and_test
    assert "pytest" in install_and_test


def test_ci_runs_the_readme_test_command():
    ci = (ROOT / ".ci" / "run").read_text()
    # .ci/run reads the command from the README; check that it picks the right line.
    assert "lines[1]" in ci
    assert (ROOT / ".ci" / "run").stat().st_mode & 0o111


def test_readme_quick_start_python_runs():
    blocks = re.findall(r"```python\n(.*?)```", (ROOT / "README.md").read_text(), re.S)
    assert blocks
    for block in blocks:
        exec(compile(block, "README.md", "exec"), {})


def _tool(name):
    path = shutil.which(name) or str(Path(sys.executable).with_name(name))
    if not Path(path).exists():
        pytest.skip(f"{name} not installed")
    return path


def test_ruff_lint():
    result = subprocess.run(
        [_tool("ruff"), "check", "."], cwd=ROOT, capture_output=True, text=True, check=False
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_ruff_format():
    result = subprocess.run(
        [_tool("ruff"), "format", "--check", "."],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_import_layers():
    result = subprocess.run(
        [_tool("lint-imports")], cwd=ROOT, capture_output=True, text=True, check=False
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_the_front_door_imports_only_what_a_plan_needs():
    """duskfall plan imports no scipy, pandas, matplotlib or ambiance (they cost most of a
    second at start-up; benchmarks/bench_startup.py times the whole command)."""
    import subprocess
    import sys

    probe = (
        "import sys, io, contextlib\n"
        "from duskfall.cli import main\n"
        "with contextlib.redirect_stdout(io.StringIO()): main(['plan'])\n"
        "print(','.join(m for m in ('scipy', 'pandas', 'matplotlib', 'ambiance') "
        "if m in sys.modules))\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, check=True
    )
    assert result.stdout.strip() == ""
