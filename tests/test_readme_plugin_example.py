"""The README's plugin example is the tested third-party plugin, word for word."""

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PLUGIN = ROOT / "tests" / "third_party_plugin" / "src" / "hamilton_progress" / "plugin.py"


def test_the_readme_shows_the_tested_plugin_file_as_it_is():
    readme = (ROOT / "README.md").read_text()
    (shown,) = re.findall(r"```python\n# hamilton_progress/plugin\.py\n(.*?)```", readme, flags=re.S)
    assert shown == PLUGIN.read_text()


def test_its_entry_point_is_the_one_the_readme_shows():
    readme = (ROOT / "README.md").read_text()
    pyproject = (ROOT / "tests" / "third_party_plugin" / "pyproject.toml").read_text()
    entry = 'progress = "hamilton_progress.plugin"'
    assert entry in readme and entry in pyproject
