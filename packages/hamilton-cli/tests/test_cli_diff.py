"""`hamilton diff` end to end through a subprocess, and `diff_drivers` in process."""

from __future__ import annotations

import json
import shutil
import subprocess
import textwrap

import pytest
from hamilton import driver
from hamilton.testing import module_from_source
from hamilton_cli import diff_drivers

VERSION_1 = '''
from hamilton.function_modifiers import config


def base(x: int) -> int:
    """The input."""
    return x


def doubled(base: int) -> int:
    return base * 2


def tripled(base: int) -> int:
    return base * 3


def total(doubled: int, tripled: int) -> int:
    return doubled + tripled


def unrelated(x: int) -> int:
    return -x


@config.when(mode="fast")
def speed__fast(base: int) -> int:
    return base


@config.when(mode="slow")
def speed__slow(base: int) -> int:
    return base // 2


def report(speed: int) -> str:
    return str(speed)
'''

# doubled: only a comment, a docstring and formatting change; tripled: its code; `squared` is new; `unrelated` is gone
VERSION_2 = (
    VERSION_1.replace(
        "def doubled(base: int) -> int:\n    return base * 2",
        'def doubled(base: int) -> int:\n    """Twice."""\n    # a comment\n    return base  *  2',
    )
    .replace("return base * 3", "return base * 3 + 1")
    .replace("def unrelated(x: int) -> int:\n    return -x\n", "def squared(base: int) -> int:\n    return base**2\n")
)


def diff_json(hamilton, cwd, *args):
    done = hamilton(cwd, "diff", *args, "--format", "json")
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout)


def names(report, kind):
    return [entry["node"] for entry in report[kind]]


def test_diff_between_two_module_files(tmp_path, hamilton):
    (tmp_path / "old").mkdir()
    (tmp_path / "old" / "flow.py").write_text(VERSION_1)
    (tmp_path / "flow.py").write_text(VERSION_2)
    report = diff_json(hamilton, tmp_path, "flow.py", "-c", "mode=fast", "--base-module", "old/flow.py")
    assert names(report, "added") == ["squared"]
    assert names(report, "removed") == ["unrelated"]
    assert report["changed"] == [{"node": "tripled", "details": ["code"]}]
    assert report["affected"] == [{"node": "total", "details": ["downstream of tripled"]}]
    assert report["config"] == {}


@pytest.mark.skipif(shutil.which("git") is None, reason="needs the git program")
def test_diff_against_the_committed_version(tmp_path, hamilton):
    def git(*args):
        subprocess.run(["git", *args], cwd=tmp_path, check=True, capture_output=True)

    git("init", "-q")
    (tmp_path / "flow.py").write_text(VERSION_1)
    git("add", "flow.py")
    git("-c", "user.name=t", "-c", "user.email=t@example.com", "commit", "-q", "-m", "v1")
    assert diff_json(hamilton, tmp_path, "flow.py", "-c", "mode=fast") == {
        "config": {},
        "added": [],
        "removed": [],
        "changed": [],
        "affected": [],
    }
    (tmp_path / "flow.py").write_text(VERSION_2)
    report = diff_json(hamilton, tmp_path, "flow.py", "-c", "mode=fast", "--base-git", "HEAD")
    assert (names(report, "added"), names(report, "removed"), names(report, "changed")) == (
        ["squared"],
        ["unrelated"],
        ["tripled"],
    )
    table = hamilton(tmp_path, "diff", "flow.py", "-c", "mode=fast")  # HEAD is the default base
    assert table.returncode == 0
    assert "tripled" in table.stdout and "doubled" not in table.stdout
    by_name = diff_json(hamilton, tmp_path, "flow", "-c", "mode=fast")  # an import name finds its file
    assert names(by_name, "changed") == ["tripled"]


def test_diff_between_two_configs(tmp_path, hamilton):
    (tmp_path / "flow.py").write_text(VERSION_1)
    report = diff_json(hamilton, tmp_path, "flow.py", "-c", "mode=slow", "--base-config", "mode=fast")
    assert report["config"] == {"mode": {"base": "fast", "current": "slow"}}
    assert report["changed"] == [{"node": "speed", "details": ["defined by flow.speed__fast -> flow.speed__slow"]}]
    assert report["affected"] == [{"node": "report", "details": ["downstream of speed"]}]
    assert names(report, "added") == names(report, "removed") == []


def test_exit_code_flag_fails_on_differences_only(tmp_path, hamilton):
    (tmp_path / "flow.py").write_text(VERSION_1)
    same = hamilton(tmp_path, "diff", "flow.py", "-c", "mode=fast", "--base-config", "mode=fast", "--exit-code")
    assert (same.returncode, same.stdout) == (0, "No differences.\n")
    different = hamilton(tmp_path, "diff", "flow.py", "-c", "mode=slow", "--base-config", "mode=fast", "--exit-code")
    assert different.returncode == 1
    assert "speed__slow" in different.stdout


def test_diff_against_a_bad_git_reference_is_a_usage_error(tmp_path, hamilton):
    (tmp_path / "flow.py").write_text(VERSION_1)
    done = hamilton(tmp_path, "diff", "flow.py", "--base-git", "no-such-ref")
    assert done.returncode == 2
    assert "no-such-ref" in done.stderr and "Traceback" not in done.stderr


def test_diff_drivers_reads_type_dependency_and_tag_changes(request):
    prefix = request.node.name
    old = module_from_source(
        f"{prefix}_a", "def a(x: int) -> int:\n    return x\n\ndef b(a: int) -> int:\n    return a\n"
    )
    new_source = textwrap.dedent(
        """
        from hamilton.function_modifiers import tag

        def a(x: int) -> float:
            return x

        @tag(stage="prod")
        def b(a: float, y: int) -> int:
            return a
        """
    )
    new = module_from_source(f"{prefix}_b", new_source)
    found = diff_drivers(driver.Driver({}, old), driver.Driver({}, new))
    details = {change.name: change.details for change in found.of_kind("changed")}
    assert "type int -> float" in details["a"]
    assert "dependencies +y" in details["b"]
    assert "tags {} -> {'stage': 'prod'}" in details["b"]
    assert bool(found)


def test_identical_drivers_have_no_differences(request):
    module = module_from_source(request.node.name, "def a(x: int) -> int:\n    return x\n")
    found = diff_drivers(driver.Driver({"k": 1}, module), driver.Driver({"k": 1}, module))
    assert not found
    assert found.nodes == [] and found.config == {}
