"""The layers below the UI never import Textual (DESIGN.md §3): checked in a fresh interpreter,
beside the import-linter contract that says the same about the source."""

from __future__ import annotations

import pkgutil
import subprocess
import sys

import pytest

import tui

CORE_PACKAGES = (
    "tui.core",
    "tui.api",
    "tui.simulator",
    "tui.store",
    "tui.analysis",
    "tui.credentials",
    "tui.config",
    "tui.wiring",
)


def _modules_of(package: str) -> list[str]:
    module = __import__(package, fromlist=["__path__"])
    names = [package]
    for info in pkgutil.walk_packages(module.__path__, prefix=f"{package}."):
        names.append(info.name)
    return names


@pytest.mark.parametrize("package", CORE_PACKAGES)
def test_core_layer_does_not_import_textual(package: str) -> None:
    modules = _modules_of(package)
    code = (
        "import sys, importlib\n"
        f"for name in {modules!r}:\n"
        "    importlib.import_module(name)\n"
        "bad = sorted(m for m in sys.modules if m == 'textual' or m.startswith('textual.'))\n"
        "print(','.join(bad))\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    assert result.stdout.strip() == "", f"{package} pulls in {result.stdout.strip()}"


def test_cli_parsing_does_not_import_heavy_libraries() -> None:
    """``agent-activity --help`` must stay fast: no httpx, authlib, keyring or textual."""
    code = (
        "import sys\n"
        "import tui.cli\n"
        "tui.cli.build_parser()\n"
        "heavy = {'textual', 'httpx', 'authlib', 'keyring'}\n"
        "print(','.join(sorted(m for m in heavy if m in sys.modules)))\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    assert result.stdout.strip() == ""
    assert tui.__version__
