import pytest
from hamilton import driver
from hamilton.function_modifiers import config

SOURCE = """
from hamilton.function_modifiers import config

def spend() -> int:
    return 10

@config.when(business_line="CA")
def avg__CA(spend: int) -> float:
    return spend / 3

@config.when(business_line="US")
def avg__US(spend: int) -> float:
    return spend / 2

@config.when_not(business_line="CA")
def extra__not_ca(spend: int) -> int:
    return 1

@config.when_in(region=["EU", "UK"])
def vat__europe(spend: int) -> float:
    return spend * 0.2

@config.when_not_in(region=["EU", "UK"])
def vat__elsewhere(spend: int) -> float:
    return 0.0

@config.when(business_line="US")
@config.when(region="EU")
def both_conditions(spend: int) -> int:
    return 2
"""


def test_when_picks_the_branch_and_strips_the_suffix(dataflow_module, dict_adapter):
    module = dataflow_module(SOURCE)
    ca = driver.Driver({"business_line": "CA", "region": "US"}, module, adapter=dict_adapter)
    us = driver.Driver({"business_line": "US", "region": "US"}, module, adapter=dict_adapter)
    assert ca.execute(["avg"]) == {"avg": 10 / 3}
    assert us.execute(["avg"]) == {"avg": 5.0}


def test_when_not_keeps_the_function_unless_the_value_matches(dataflow_module, dict_adapter):
    module = dataflow_module(SOURCE)
    names_ca = {
        v.name for v in driver.Driver({"business_line": "CA"}, module, adapter=dict_adapter).list_available_variables()
    }
    names_us = {
        v.name for v in driver.Driver({"business_line": "US"}, module, adapter=dict_adapter).list_available_variables()
    }
    assert "extra" not in names_ca
    assert "extra" in names_us


@pytest.mark.parametrize(("region", "vat"), [("EU", 2.0), ("UK", 2.0), ("US", 0.0)])
def test_when_in_and_when_not_in(dataflow_module, dict_adapter, region, vat):
    dr = driver.Driver({"region": region, "business_line": "CA"}, dataflow_module(SOURCE), adapter=dict_adapter)
    assert dr.execute(["vat"]) == {"vat": vat}


def test_stacked_conditions_all_must_hold(dataflow_module, dict_adapter):
    module = dataflow_module(SOURCE)
    names = lambda cfg: {v.name for v in driver.Driver(cfg, module, adapter=dict_adapter).list_available_variables()}  # noqa: E731
    assert "both_conditions" in names({"business_line": "US", "region": "EU"})
    assert "both_conditions" not in names({"business_line": "US", "region": "US"})


def test_missing_config_key_means_when_does_not_match(dataflow_module, dict_adapter):
    dr = driver.Driver({}, dataflow_module(SOURCE), adapter=dict_adapter)
    names = {v.name for v in dr.list_available_variables()}
    assert "avg" not in names
    assert "extra" in names  # when_not: an absent key is not equal to "CA"


def test_explicit_name(dataflow_module, dict_adapter):
    module = dataflow_module(
        """
        from hamilton.function_modifiers import config

        @config.when(name="total", mode="fast")
        def quick_total() -> int:
            return 1
        """
    )
    assert driver.Driver({"mode": "fast"}, module, adapter=dict_adapter).execute(["total"]) == {"total": 1}


def test_when_without_conditions_is_an_error():
    with pytest.raises(ValueError, match="at least one key=value"):
        config.when()


def test_tags_are_listed(dataflow_module, dict_adapter):
    module = dataflow_module(
        """
        from hamilton.function_modifiers import tag

        @tag(owner="growth", pii="false")
        def signups() -> int:
            return 3
        """
    )
    (variable,) = driver.Driver({}, module, adapter=dict_adapter).list_available_variables()
    assert variable.tags == {"owner": "growth", "pii": "false"}


def test_two_active_variants_of_one_node_is_a_duplicate(dataflow_module, dict_adapter):
    module = dataflow_module(
        """
        from hamilton.function_modifiers import config

        @config.when_in(x=[1, 2])
        def value__a() -> int:
            return 1

        @config.when_in(x=[2, 3])
        def value__b() -> int:
            return 2
        """
    )
    with pytest.raises(ValueError, match=r"value__a.*value__b"):
        driver.Driver({"x": 2}, module, adapter=dict_adapter)
