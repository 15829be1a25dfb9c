"""The README's example runs as written (see hamilton.testing.snippets for the conventions)."""

from pathlib import Path

from hamilton.testing.snippets import run_markdown

README = Path(__file__).resolve().parents[1] / "README.md"


def test_readme_examples_run(tmp_path):
    namespace = run_markdown(README, tmp_path)
    assert (tmp_path / "features_cache" / "cache.db").exists()
    counts = namespace["dr"].cache.store.count()
    assert counts["cache_keys"] == 3 + 1 + 1  # first run, the new raw's cleaned, the new factor's scaled


def test_the_originals_import_paths():
    import hamilton_cache
    from hamilton.caching.adapter import CachingBehavior, HamiltonCacheAdapter
    from hamilton.function_modifiers import cache
    from hamilton.function_modifiers.metadata import cache as cache_in_metadata
    from hamilton.plugins.h_diskcache import DiskCacheAdapter

    assert cache.BEHAVIOR_KEY == "cache.behavior" and cache_in_metadata is cache
    assert HamiltonCacheAdapter is hamilton_cache.HamiltonCacheAdapter
    assert CachingBehavior is hamilton_cache.CachingBehavior
    assert DiskCacheAdapter is hamilton_cache.DiskCacheAdapter
