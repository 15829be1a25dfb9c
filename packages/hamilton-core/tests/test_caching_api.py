"""The core's side of caching: Builder.with_cache finds the cache by name, @cache tags nodes (the cache itself is hamilton-cache)."""

import pytest
from hamilton import base, driver
from hamilton.function_modifiers import InvalidDecoratorException, cache


def test_with_cache_says_what_to_install_when_no_cache_is(core_plugins_only):
    with pytest.raises(ImportError, match=r"No adapter named 'cache'.*`pip install hamilton-cache`"):
        driver.Builder().with_cache()


def test_a_driver_without_cache_has_no_cache_attribute(dataflow_module, core_plugins_only):
    dr = driver.Driver({}, dataflow_module("def one() -> int:\n    return 1\n"), adapter=base.DictResult())
    with pytest.raises(AttributeError, match="no cache"):
        dr.cache


def test_cache_decorator_tags_every_node_of_the_function(dataflow_module):
    module = dataflow_module(
        """
        from hamilton.function_modifiers import cache, extract_fields

        @cache(behavior="recompute", format="parquet")
        @extract_fields({"low": int, "high": int})
        def bounds(price: int) -> dict:
            return {"low": price - 1, "high": price + 1}

        @cache(behavior="IGNORE", target_="high2")
        @extract_fields({"low2": int, "high2": int})
        def bounds2(price: int) -> dict:
            return {"low2": price - 1, "high2": price + 1}
        """
    )
    tags = {v.name: v.tags for v in driver.Driver({}, module, adapter=base.DictResult()).list_available_variables()}
    for name in ("bounds", "low", "high"):
        assert tags[name]["cache.behavior"] == "recompute" and tags[name]["cache.format"] == "parquet"
    assert tags["high2"]["cache.behavior"] == "ignore" and "cache.behavior" not in tags["low2"]


def test_cache_decorator_refuses_unknown_behaviors():
    with pytest.raises(InvalidDecoratorException, match=r"@cache\(behavior='sometimes'\).*'recompute'"):
        cache(behavior="sometimes")
    with pytest.raises(InvalidDecoratorException, match="format"):
        cache(format="")
