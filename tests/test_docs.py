"""Every Python example in the docs runs (the docs are executed, as the README is)."""

import re
from pathlib import Path

import pytest

DOCS = Path(__file__).resolve().parents[1] / "docs"
BLOCKS = [
    pytest.param(path, index, block, id=f"{path.name}-{index}")
    for path in sorted(DOCS.glob("*.md"))
    for index, block in enumerate(re.findall(r"```python\n(.*?)```", path.read_text(), re.S))
]


@pytest.mark.parametrize(("path", "index", "block"), BLOCKS)
def test_docs_python_examples_run(path, index, block, capsys, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)  # an example that writes a file writes it here
    if "xarray" in block or "atlas" in block:
        pytest.importorskip("xarray")
        pytest.importorskip("dask")
    exec(compile(block, f"{path.name}[{index}]", "exec"), {})
