"""The public API: first-party packages import only what a documented public module lists in ``__all__``."""

import ast
import importlib
import pkgutil
from pathlib import Path

import hamilton
import pytest

ROOT = Path(__file__).resolve().parents[1]
REFERENCE = ROOT / "docs" / "reference"
PLUGIN_SOURCES = sorted(path for path in (ROOT / "packages").glob("*/src/**/*.py") if "hamilton-core" not in path.parts)


def _documented_modules() -> set[str]:
    return {
        line.removeprefix("::: ").strip()
        for page in REFERENCE.glob("*.md")
        for line in page.read_text().splitlines()
        if line.startswith("::: ")
    }


def _is_private(module: str) -> bool:
    return any(part.startswith("_") and not part.startswith("__") for part in module.split("."))


def _imports_from_hamilton(path: Path) -> list[tuple[str, str | None, int]]:
    """``(module, name or None, line)`` for every import of a ``hamilton`` module in ``path``."""
    found = []
    for node in ast.walk(ast.parse(path.read_text(), str(path))):
        if isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            if node.module == "hamilton" or node.module.startswith("hamilton."):
                found.extend((node.module, alias.name, node.lineno) for alias in node.names)
        elif isinstance(node, ast.Import):
            found.extend(
                (alias.name, None, node.lineno)
                for alias in node.names
                if alias.name == "hamilton" or alias.name.startswith("hamilton.")
            )
    return found


def _is_submodule(package: str, name: str) -> bool:
    parent = importlib.import_module(package)
    return hasattr(parent, "__path__") and importlib.util.find_spec(f"{package}.{name}") is not None


IMPORTS = [
    (path, module, name, line)
    for path in PLUGIN_SOURCES
    for module, name, line in _imports_from_hamilton(path)
    if not module.startswith("hamilton.plugins.h_")
]


def test_plugin_packages_import_from_hamilton():
    assert len(IMPORTS) > 30


@pytest.mark.parametrize(
    ("path", "module", "name", "line"),
    IMPORTS,
    ids=[f"{p.relative_to(ROOT / 'packages')}:{line}:{m}.{n}" for p, m, n, line in IMPORTS],
)
def test_every_name_a_plugin_package_imports_is_public_and_documented(path, module, name, line):
    where = f"{path.relative_to(ROOT)}:{line}"
    target = f"{module}.{name}" if name and _is_submodule(module, name) else module
    assert not _is_private(target), f"{where} imports the private module {target}"
    assert target in _documented_modules(), f"{where} imports {target}, which docs/reference does not document"
    if target == module and name is not None:
        public = getattr(importlib.import_module(module), "__all__", None)
        assert public is not None, f"{module} declares no __all__"
        assert name in public, f"{where} imports {module}.{name}, which is not in {module}.__all__"


CORE_MODULES = sorted(
    info.name for info in pkgutil.walk_packages(hamilton.__path__, "hamilton.") if not info.name.endswith("__main__")
)


@pytest.mark.parametrize("module", CORE_MODULES)
def test_every_core_module_declares_all_and_each_name_exists(module):
    """Each listed name resolves, or (a name of the original's import paths) says what to install."""
    imported = importlib.import_module(module)
    assert hasattr(imported, "__all__"), f"{module} declares no __all__"
    for name in imported.__all__:
        try:
            getattr(imported, name)
        except ImportError as exc:
            assert "install" in str(exc), f"{module}.{name} cannot be imported and does not say what to install"
        except AttributeError:
            pytest.fail(f"{module}.__all__ lists {name!r}, which it lacks")


def test_every_documented_module_is_public():
    private = sorted(m for m in _documented_modules() if _is_private(m))
    assert not private, private
