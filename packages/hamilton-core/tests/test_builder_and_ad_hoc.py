import pytest
from hamilton import ad_hoc_utils, base, driver
from hamilton.function_modifiers import config


def spend(raw: list) -> int:
    return sum(raw)


@config.when(mode="double")
def doubled__yes(spend: int) -> int:
    return spend * 2


@config.when(mode="single")
def doubled__no(spend: int) -> int:
    return spend


def test_temporary_module_from_functions_defined_anywhere(dict_adapter):
    module = ad_hoc_utils.create_temporary_module(spend, doubled__yes, doubled__no)
    assert spend.__module__ == __name__  # originals untouched
    dr = driver.Driver({"mode": "double"}, module, adapter=dict_adapter)
    assert dr.execute(["doubled"], inputs={"raw": [1, 2]}) == {"doubled": 6}


def test_temporary_module_rejects_non_functions():
    with pytest.raises(TypeError, match="takes functions"):
        ad_hoc_utils.create_temporary_module(len)


def test_builder_builds_the_same_driver():
    module = ad_hoc_utils.create_temporary_module(spend, doubled__yes, doubled__no)
    dr = (
        driver.Builder()
        .with_modules(module)
        .with_config({"mode": "single"})
        .with_adapters(base.SimplePythonGraphAdapter(base.DictResult()))
        .build()
    )
    assert dr.execute(["doubled"], inputs={"raw": [1, 2]}) == {"doubled": 3}
    assert driver.Builder().with_modules(module).with_config({"mode": "double"}).with_adapter(
        "threads"
    ).build().raw_execute(["doubled"], inputs={"raw": [5]}) == {"doubled": 10}
