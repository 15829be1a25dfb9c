"""``python -m hamilton``: the command line, used as shell users use it."""

from __future__ import annotations

import os
import subprocess
import sys


def test_plugins_piped_into_a_reader_that_left_ends_quietly():
    # `python -m hamilton plugins | head`: the reader is gone before anything is written
    read_end, write_end = os.pipe()
    os.close(read_end)
    try:
        run = subprocess.run(
            [sys.executable, "-m", "hamilton", "plugins"],
            stdout=write_end,
            stderr=subprocess.PIPE,
            text=True,
            timeout=60,
        )
    finally:
        os.close(write_end)
    assert "Traceback" not in run.stderr
    assert "BrokenPipeError" not in run.stderr
    assert run.stderr == ""
    assert run.returncode == 1  # the output was cut short, as Python's documentation advises


def test_plugins_through_head_prints_the_first_lines_only():
    run = subprocess.run(
        f"{sys.executable} -m hamilton plugins | head -n 2",
        shell=True,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert run.stdout.splitlines() == ["{", '  "plugins": [']
    assert run.stderr == ""
