"""The package as a user installs it: a wheel built from the sources, installed into a fresh venv, run from elsewhere.

The fresh venv gets the wheel with `--no-index --no-deps`; its dependencies are the test
environment's own, made visible through a .pth file (no network, no second copy of pandas). What
is checked is the package: its modules, suites, templates and data come from the wheel, the
console script and --version work, the default paths are the working directory's, and the
versions installed satisfy the wheel's declared ranges.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import sysconfig
from pathlib import Path

import pytest

from pipeline import __version__

ROOT = Path(__file__).resolve().parents[1]
REPLICA = ROOT / "raw" / "kpu-tegal-25-2021-replica.pdf"
SOURCES = ("pyproject.toml", "README.md", "pipeline", "expectations")
TIMEOUT = 300


def _run(command: list[str], cwd: Path, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    done = subprocess.run(command, cwd=cwd, env=env, capture_output=True, text=True, timeout=TIMEOUT, check=False)
    assert done.returncode == 0, f"{command}\n{done.stdout}\n{done.stderr}"
    return done


@pytest.fixture(scope="module")
def installed(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Build the wheel from a copy of the sources, install it into a fresh venv; return the venv."""
    base = tmp_path_factory.mktemp("package")
    source = base / "src"
    source.mkdir()
    for name in SOURCES:
        copy = shutil.copytree if (ROOT / name).is_dir() else shutil.copy
        copy(ROOT / name, source / name)
    for cache in source.rglob("__pycache__"):
        shutil.rmtree(cache)
    _run([sys.executable, "-m", "pip", "wheel", "--no-deps", "--wheel-dir", str(base / "dist"), str(source)], cwd=base)
    (wheel,) = (base / "dist").glob("*.whl")
    venv = base / "venv"
    _run([sys.executable, "-m", "venv", str(venv)], cwd=base)
    site = Path(_run([str(venv / "bin" / "python"), "-c", "import sysconfig; print(sysconfig.get_path('purelib'))"],
                     cwd=base).stdout.strip())  # fmt: skip
    (site / "test-dependencies.pth").write_text(sysconfig.get_path("purelib") + "\n", encoding="utf-8")
    _run([str(venv / "bin" / "python"), "-m", "pip", "install", "--no-index", "--no-deps", str(wheel)], cwd=base)
    return venv


def _env() -> dict[str, str]:
    return {k: v for k, v in os.environ.items() if k not in ("PIPELINE_INTERIM", "PYTHONPATH")}


@pytest.mark.slow
def test_the_installed_package_extracts_the_replica_into_the_working_directory(installed: Path, tmp_path: Path) -> None:
    script = installed / "bin" / "rencana-aksi"
    assert _run([str(script), "--version"], tmp_path, _env()).stdout.strip() == f"rencana-aksi {__version__}"
    where = _run([str(installed / "bin" / "python"), "-c", "import pipeline; print(pipeline.__file__)"], tmp_path)
    assert str(installed) in where.stdout, "the package is imported from the venv, not from the checkout"
    done = _run([str(script), "extract", str(REPLICA)], tmp_path, _env())
    assert done.stdout.strip().splitlines()[-1] == "1 extracted"
    published = tmp_path / "output" / REPLICA.stem
    for name in ("plan.parquet", "plan.xlsx", "decree.json", "report.html", "validation.html"):
        assert (published / name).is_file(), name
    assert (tmp_path / "interim" / REPLICA.stem).is_dir() and (tmp_path / "output" / "plans.parquet").is_file()


# Run in the installed venv: its own dist-info, the ranges it declares, the versions it finds.
CHECK_RANGES = """
import json
from importlib import metadata
from packaging.requirements import Requirement
declared = [Requirement(r) for r in metadata.requires("rencana-aksi-pipeline") if "extra ==" not in r]
pinned = [str(r) for r in declared if not r.specifier or "==" in str(r.specifier)]
unmet = [str(r) for r in declared if not r.specifier.contains(metadata.version(r.name), prereleases=True)]
print(json.dumps({"declared": len(declared), "pinned": pinned, "unmet": unmet}))
"""


@pytest.mark.slow
def test_the_versions_in_use_satisfy_the_declared_ranges(installed: Path, tmp_path: Path) -> None:
    found = json.loads(_run([str(installed / "bin" / "python"), "-c", CHECK_RANGES], tmp_path, _env()).stdout)
    assert found["declared"] >= 15 and found["pinned"] == [] and found["unmet"] == []
