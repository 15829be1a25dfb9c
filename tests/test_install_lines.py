"""Install lines that work today: from a checkout, by path or through the wheels of `nox -s dist`.

None of the packages is on PyPI yet, so a README block or an error telling `pip install
hamilton-x` would fail; the published name is given in prose only. hamilton-core's extras
bring the matching packages.
"""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

import pytest
from hamilton.installing import install_hint
from hamilton.testing.snippets import snippets

ROOT = Path(__file__).resolve().parents[1]
PACKAGES = {
    tomllib.loads(path.read_text())["project"]["name"]: path.parent
    for path in sorted((ROOT / "packages").glob("*/pyproject.toml"))
}
CORE = tomllib.loads((ROOT / "packages" / "hamilton-core" / "pyproject.toml").read_text())["project"]
READMES = sorted(p for p in ROOT.rglob("README.md") if not {".nox", ".git", "dist"} & set(p.relative_to(ROOT).parts))
SHELL = {"bash", "sh", "shell", "console", ""}
PIP_INSTALL = re.compile(r"\bpip install\b(.*)")


def _install_lines():
    for readme in READMES:
        for block in snippets(readme):
            if block.language in SHELL:
                for offset, line in enumerate(block.code.splitlines()):
                    match = PIP_INSTALL.search(line.split(" #")[0])
                    if match and "hamilton" in match.group(1):
                        yield readme, block.line + offset, match.group(1)


LINES = list(_install_lines())


def test_readmes_show_install_lines():
    assert len(LINES) >= 10


@pytest.mark.parametrize(
    ("readme", "line", "arguments"), LINES, ids=[f"{r.relative_to(ROOT)}:{n}" for r, n, _ in LINES]
)
def test_every_install_line_works_from_a_checkout(readme, line, arguments):
    where = f"{readme.relative_to(ROOT)}:{line}"
    for word in arguments.split():
        word = word.strip("'\"")
        if word.startswith("./packages/"):
            folder = word.removeprefix("./").split("[")[0]
            assert (ROOT / folder / "pyproject.toml").exists(), f"{where}: {word} is no package of this repository"
        elif re.match(r"hamilton[-\w]*(\[.*\])?(==.*)?$", word):
            assert "--find-links" in arguments, f"{where}: {word} is not on PyPI; install it by path or from dist/"
            assert word.endswith(f"=={CORE['version']}"), (
                f"{where}: name the version ({word}=={CORE['version']}): PyPI holds an unrelated hamilton-core "
                f"0.1.0 and pip prefers it to a development release"
            )


def test_every_package_has_an_extra_of_the_core_pinned_to_its_version():
    extras = CORE["optional-dependencies"]
    version = CORE["version"]
    for name, folder in PACKAGES.items():
        if name == "hamilton-core":
            continue
        extra = name.removeprefix("hamilton-")
        assert extras[extra] == [f"{name}=={version}"], f"hamilton-core[{extra}] should bring {name}=={version}"
        assert tomllib.loads((folder / "pyproject.toml").read_text())["project"]["version"] == version
    assert sorted(extras["all"]) == sorted(f"{name}=={version}" for name in PACKAGES if name != "hamilton-core")
    assert extras["visualization"] == extras["viz"]  # the original's name for the pictures


@pytest.mark.parametrize("distribution", sorted(set(PACKAGES) - {"hamilton-core"}))
def test_the_hint_of_an_import_error_names_a_folder_that_holds_the_package(distribution):
    hint = install_hint(distribution)
    (folder,) = re.findall(r"pip install \./(packages/[\w-]+)`", hint)
    assert ROOT / folder == PACKAGES[distribution]
    assert f"once published: `pip install {distribution}`" in hint


def test_errors_name_packages_through_install_hint():
    # a hint written by hand (`pip install hamilton-x`, or of a name in a variable) would fail today
    by_hand = re.compile(r"pip install (hamilton-|\{)")
    found = [
        f"{path.relative_to(ROOT)}:{number}"
        for path in sorted((ROOT / "packages").glob("*/src/**/*.py"))
        if path.name != "installing.py"
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
        if by_hand.search(line)
    ]
    assert not found, f"use hamilton.installing.install_hint for: {', '.join(found)}"
