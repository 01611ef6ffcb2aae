"""The wind-file dispatcher: one entry, formats recognised by content, readers independent."""

import ast
from pathlib import Path

import pytest

from duskfall.errors import InputError
from duskfall.io.windfile import FORMATS, read_wind_file

IO = Path(__file__).resolve().parents[1] / "src" / "duskfall" / "io"


def _io_imports(path: Path) -> set[str]:
    names = set()
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.ImportFrom) and node.module:
            module = node.module
            if module == "duskfall.io":
                names |= {f"duskfall.io.{alias.name}" for alias in node.names}
            elif module.startswith("duskfall.io."):
                names.add(module)
        elif isinstance(node, ast.Import):
            names |= {a.name for a in node.names if a.name.startswith("duskfall.io.")}
    return names


@pytest.mark.parametrize(
    "reader", sorted(p.name for p in IO.glob("*.py") if p.name not in {"windfile.py"})
)
def test_readers_import_no_other_reader(reader):
    """Only io.windfile imports the readers; they share io.text and nothing else."""
    assert _io_imports(IO / reader) <= {"duskfall.io.text"}


def test_a_file_in_no_format_names_every_format(tmp_path):
    path = tmp_path / "notes.txt"
    path.write_text("winds were light this morning\n")
    with pytest.raises(InputError) as caught:
        read_wind_file(path, field="--wind-file")
    message = str(caught.value)
    assert message.startswith("--wind-file: ")
    assert "notes.txt" in message
    assert FORMATS in message
    for name in ("FB", "Open-Meteo", "Wyoming", "GSL", "CSV/TOML", "NetCDF/GRIB2"):
        assert name in FORMATS


def test_a_gridded_file_needs_the_target(tmp_path):
    path = tmp_path / "forecast.bin"
    path.write_bytes(b"GRIB" + bytes(100))
    with pytest.raises(InputError, match="target"):
        read_wind_file(path)


def test_unreadable_files(tmp_path):
    with pytest.raises(InputError, match="cannot be read"):
        read_wind_file(tmp_path / "missing.txt", field="--wind-file")
    binary = tmp_path / "binary.txt"
    binary.write_bytes(b"\xff\xfe\x00garbage")
    with pytest.raises(InputError, match="UTF-8"):
        read_wind_file(binary)
