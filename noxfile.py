"""Sessions that install the packages from their local paths into fresh virtualenvs.

Adding a package: a folder under packages/ and one line in PACKAGES.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import nox

ROOT = Path(__file__).parent
nox.options.sessions = ["lint", "docs", "tests", "third_party", "start_methods", "alone", "extras"]
nox.options.reuse_existing_virtualenvs = False
nox.options.default_venv_backend = "uv|virtualenv"  # uv when installed (much faster), else plain virtualenv

# distribution -> (extra test requirements, modules that must NOT be importable when it is installed alone)
PACKAGES: dict[str, tuple[list[str], list[str]]] = {
    "hamilton-core": (["cloudpickle"], ["pandas", "numpy", "polars", "pyarrow", "graphviz"]),
    "hamilton-pandas": ([], ["polars", "pyarrow", "graphviz"]),
    "hamilton-polars": ([], ["pandas", "numpy", "pyarrow"]),
    "hamilton-arrow": ([], ["pandas", "polars", "numpy"]),
    "hamilton-viz": (["ipython>=8.12"], ["pandas", "numpy", "polars", "pyarrow"]),
    "hamilton-dask": ([], ["pandas", "numpy", "polars", "pyarrow", "graphviz", "ray"]),
    "hamilton-ray": ([], ["pandas", "numpy", "polars", "pyarrow", "graphviz", "dask", "distributed"]),
    "hamilton-cli": ([], ["pandas", "numpy", "polars", "pyarrow", "graphviz", "IPython"]),
    "hamilton-tqdm": ([], ["pandas", "numpy", "polars", "pyarrow", "graphviz"]),
    "hamilton-pandera": (
        ["pandera[pandas,polars]>=0.26,<1"],
        ["pyarrow", "graphviz", "hamilton_pandas", "hamilton_polars"],
    ),
    "hamilton-opentelemetry": (["opentelemetry-sdk>=1.20,<2"], ["pandas", "numpy", "polars", "pyarrow", "graphviz"]),
    "hamilton-cache": ([], ["pandas", "numpy", "polars", "pyarrow", "graphviz"]),
}

TEST_REQUIREMENTS = ["pytest>=8", "hypothesis>=6"]
THIRD_PARTY_PLUGIN = "tests/third_party_plugin"
THIRD_PARTY_DECORATOR = "tests/third_party_decorator"


def _path(distribution: str) -> str:
    return str(ROOT / "packages" / distribution)


def _install(session: nox.Session, *distributions: str, extra: list[str] | tuple[str, ...] = ()) -> None:
    session.install(*TEST_REQUIREMENTS, *extra, *(_path(d) for d in distributions))


@nox.session
def tests(session: nox.Session) -> None:
    """Every package together: all unit tests, the cross-package tests and the seed end to end."""
    extras = sorted({req for reqs, _ in PACKAGES.values() for req in reqs})
    _install(session, *PACKAGES, extra=[*extras, str(ROOT / THIRD_PARTY_DECORATOR)])
    test_dirs = [str(ROOT / "packages" / d / "tests") for d in PACKAGES] + [str(ROOT / "tests")]
    # forkserver: a pool must not fork this process while it runs Ray and Dask clients (a forked child that
    # receives SIGTERM can take the parent's Ray down); the alone and start_methods sessions cover fork and spawn
    session.run("pytest", "-p", "no:cacheprovider", "-q", "--mp-start-method=forkserver", *test_dirs, *session.posargs)


@nox.session
def third_party(session: nox.Session) -> None:
    """A third-party plugin package installed next to the core: found, listed, and honouring the contracts.

    A session of its own: its after-node hook would put every Driver of `tests` on the per-node path.
    """
    _install(session, "hamilton-core", extra=[str(ROOT / THIRD_PARTY_PLUGIN)])
    session.run("pytest", "-p", "no:cacheprovider", "-q", str(ROOT / "tests" / "test_third_party_plugin.py"))


PROCESS_POOL_TESTS = [
    "packages/hamilton-core/tests/test_dynamic_execution.py",
    "packages/hamilton-core/tests/test_executors.py",
    "packages/hamilton-core/tests/test_node_wrappers.py",
    "packages/hamilton-core/tests/test_plugin_failures.py",
    "packages/hamilton-core/tests/test_plugins.py",
    "packages/hamilton-core/tests/test_shipping.py",
    "packages/hamilton-core/tests/test_user_errors.py",
]


@nox.session
@nox.parametrize("method", ["spawn", "forkserver"])
def start_methods(session: nox.Session, method: str) -> None:
    """The process-pool tests under a start method other than Linux's fork: in-memory modules travel by value."""
    _install(session, "hamilton-core", extra=["cloudpickle>=2"])  # in-memory test modules travel by value
    tests = [str(ROOT / path) for path in PROCESS_POOL_TESTS]
    session.run("pytest", "-p", "no:cacheprovider", "-q", f"--mp-start-method={method}", *tests, *session.posargs)


@nox.session
@nox.parametrize("package", [d for d in PACKAGES if d != "hamilton-core"] + ["hamilton-core"])
def alone(session: nox.Session, package: str) -> None:
    """One package with the core and nothing else: its tests pass and no unwanted library is present."""
    requirements, forbidden = PACKAGES[package]
    distributions = ["hamilton-core"] if package == "hamilton-core" else ["hamilton-core", package]
    _install(session, *distributions, extra=requirements)
    session.run("python", str(ROOT / "tests" / "assert_absent.py"), *forbidden)
    session.run("pytest", "-p", "no:cacheprovider", "-q", str(ROOT / "packages" / package / "tests"), *session.posargs)


@nox.session
def demo(session: nox.Session) -> None:
    """The README's demo: the marketing example end to end."""
    session.install(*(_path(d) for d in PACKAGES))
    session.run("python", str(ROOT / "examples" / "run_demo.py"), *session.posargs)


DIST = ROOT / "dist"
VERSION = "0.9.0.dev1"  # every package's, each pinning the others exactly


def _build_wheels(session: nox.Session) -> None:
    """Every package's wheel into dist/, replacing the wheels of an earlier build."""
    session.install("build>=1.2", "hatchling")
    DIST.mkdir(exist_ok=True)
    for old in DIST.glob("hamilton_*.whl"):
        old.unlink()
    for distribution in PACKAGES:
        build = ["python", "-m", "build", "--wheel", "--no-isolation", "--outdir", str(DIST)]
        session.run(*build, _path(distribution), silent=True)
    session.log(f"built {len(list(DIST.glob('hamilton_*.whl')))} wheels into {DIST}")


@nox.session
def dist(session: nox.Session) -> None:
    """Build every package's wheel into dist/: `pip install --find-links dist 'hamilton-core[polars]==0.9.0.dev1'`."""
    _build_wheels(session)


@nox.session
def extras(session: nox.Session) -> None:
    """The core's extras from the wheels, installed with pip into a fresh virtualenv as a user would.

    `hamilton-core[polars]` must bring the core and hamilton-polars, and neither pandas, numpy nor pyarrow.
    """
    _build_wheels(session)
    fresh = Path(session.create_tmp()) / "fresh"
    session.run(sys.executable, "-m", "venv", "--clear", str(fresh), external=True)
    python = str(fresh / ("Scripts/python.exe" if os.name == "nt" else "bin/python"))
    pip = [python, "-m", "pip", "install", "--quiet", "--disable-pip-version-check"]
    # the version is named: PyPI holds an unrelated hamilton-core 0.1.0, which pip would prefer to a dev release
    session.run(*pip, "--find-links", str(DIST), f"hamilton-core[polars]=={VERSION}", external=True)
    session.run(python, str(ROOT / "tests" / "assert_absent.py"), "pandas", "numpy", "pyarrow", external=True)
    session.run(python, str(ROOT / "tests" / "extras_check.py"), "polars", external=True)


ORIGINAL = "sf-hamilton==1.88.0"


@nox.session
def bench(session: nox.Session) -> None:
    """Side-by-side benchmarks against sf-hamilton 1.88.0 (benchmarks/run.py, cache.py, dynamic.py); not tests.

    The original runs in a virtualenv of its own (made once under .nox/sf-hamilton-1.88.0),
    each side in its own interpreter. `nox -s bench -- --quick` for a short run.
    """
    session.install(*(_path(d) for d in PACKAGES))
    original = _original_interpreter(session)
    session.run("python", str(ROOT / "benchmarks" / "run.py"), "--original", original, *session.posargs)
    # caching against the original's with_cache()
    session.run("python", str(ROOT / "benchmarks" / "cache.py"), "--original", original)
    # Parallelizable/Collect against the original's dynamic execution
    session.run("python", str(ROOT / "benchmarks" / "dynamic.py"), "--original", original)


def _original_interpreter(session: nox.Session) -> str:
    """The Python of a virtualenv holding sf-hamilton 1.88.0 and pandas, made unless one already holds them."""
    env = ROOT / ".nox" / "sf-hamilton-1.88.0"
    python = env / ("Scripts/python.exe" if os.name == "nt" else "bin/python")
    holds_it = "import importlib.metadata as m, pandas; assert m.version('sf-hamilton') == '1.88.0'"
    if python.exists() and subprocess.run([python, "-c", holds_it], capture_output=True).returncode == 0:
        return str(python)
    if shutil.which("uv"):
        session.run("uv", "venv", "--quiet", "--python", sys.executable, str(env), external=True)
        session.run("uv", "pip", "install", "--quiet", "--python", str(python), ORIGINAL, "pandas", external=True)
    else:
        session.run(sys.executable, "-m", "venv", "--clear", str(env), external=True)
        session.run(str(python), "-m", "pip", "install", "--quiet", ORIGINAL, "pandas", external=True)
    return str(python)


DOCS_REQUIREMENTS = ["mkdocs==1.6.1", "mkdocs-material==9.8.2", "mkdocstrings==1.0.8", "mkdocstrings-python==2.0.11"]


@nox.session
def docs(session: nox.Session) -> None:
    """Build the docs site in strict mode: a broken link or API reference fails (the pages' examples run in `tests`)."""
    session.install(*DOCS_REQUIREMENTS)
    session.env["NO_MKDOCS_2_WARNING"] = "1"
    session.run(
        "mkdocs", "build", "--strict", "--config-file", str(ROOT / "mkdocs.yml"), "--site-dir", session.create_tmp()
    )


@nox.session
def lint(session: nox.Session) -> None:
    """ruff over every package, test and example."""
    session.install("ruff==0.17.6")  # pinned: a new ruff release must not fail CI by itself
    session.run("ruff", "check", str(ROOT))
    session.run("ruff", "format", "--check", str(ROOT))
