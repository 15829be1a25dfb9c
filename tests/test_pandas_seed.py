"""The seed document's pandas snippets, run as written, against values computed with pandas by hand."""

from __future__ import annotations

import importlib.util
import subprocess
import sys
import textwrap
import types
from pathlib import Path

import pandas as pd
import pytest
from hamilton import base, driver
from pandas.testing import assert_frame_equal, assert_series_equal

pytest.importorskip("hamilton_pandas")

ROOT = Path(__file__).resolve().parents[1]
MARKETING = ROOT / "examples" / "marketing"
# The seed spells weekly freq="w"; pandas 3 deprecates the lower case (same dates).
seed_freq = pytest.mark.filterwarnings("ignore:'w' is deprecated")


def _module(name: str, source: str) -> types.ModuleType:
    module = types.ModuleType(name)
    code = "import pandas as pd\nfrom hamilton.function_modifiers import config\n" + textwrap.dedent(source)
    exec(compile(code, f"<{name}>", "exec", dont_inherit=True), module.__dict__)
    sys.modules[name] = module
    return module


@pytest.fixture(scope="module")
def marketing_functions() -> types.ModuleType:
    spec = importlib.util.spec_from_file_location("marketing_functions", MARKETING / "marketing_functions.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules["marketing_functions"] = module
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def csv() -> pd.DataFrame:
    return pd.read_csv(MARKETING / "data.csv", parse_dates=["week"], index_col="week")


# The seed's rolling averages, verbatim, in a module of their own.
ROLLING = """
@config.when(business_line='CA')
def avg_rolling_spend__CA(spend: pd.Series) -> pd.Series:
    \"\"\"Rolling average of spend in the canada region.\"\"\"
    return spend.rolling(3).mean()

@config.when(business_line='US')
def avg_rolling_spend__US(spend: pd.Series) -> pd.Series:
    \"\"\"Rolling average of spend in the US region.\"\"\"
    return spend.rolling(2).mean()
"""


def test_basic_structure_returns_a_dataframe():
    my_functions = _module(
        "my_functions",
        """
        def desired_output1(values: pd.Series) -> pd.Series:
            return values + 1

        def desired_output2(values: pd.Series) -> pd.Series:
            return values * 2
        """,
    )
    values = pd.Series([1, 2, 3], index=pd.date_range("2022-01-02", periods=3, freq="W"))
    # 1. Setup config. See the Parameterizing the DAG section for usage
    config = {"values": values}
    module = my_functions
    # 3. Determine the return type -- default is a pandas.DataFrame.
    adapter = base.SimplePythonDataFrameGraphAdapter()  # See GraphAdapter docs for more details.
    dr = driver.Driver(config, module, adapter=adapter)
    result = dr.execute(["desired_output1", "desired_output2"])
    expected = pd.DataFrame({"desired_output1": values + 1, "desired_output2": values * 2})
    assert_frame_equal(result, expected)


@pytest.mark.parametrize(("business_line", "window"), [("CA", 3), ("US", 2)])
def test_rolling_spend_varies_with_the_business_line(business_line, window):
    module = _module(f"seed_rolling_{business_line}", ROLLING)
    spend = pd.Series([10.0, 10.0, 20.0, 40.0, 40.0, 50.0])
    dr = driver.Driver({"business_line": business_line}, module)
    df = dr.execute(["avg_rolling_spend"], inputs={"spend": spend})
    assert_frame_equal(df, pd.DataFrame({"avg_rolling_spend": spend.rolling(window).mean()}))


def test_the_seed_config_key_region_selects_no_variant():
    # The seed's prose says config={'region': 'US'}, but its decorators test business_line.
    module = _module("seed_rolling_region", ROLLING)
    dr = driver.Driver({"region": "US"}, module)
    assert "avg_rolling_spend" not in {v.name for v in dr.list_available_variables()}


SPEND_BY_COUNTRY = """
def avg_rolling_spend(spend_by_country: pd.DataFrame, region: str) -> pd.Series:
    \"\"\"Rolling average of spend in the specified region.\"\"\"
    return spend_by_country[spend_by_country.region==region].spend
"""


@pytest.fixture
def spend_by_country() -> pd.DataFrame:
    return pd.DataFrame({"region": ["US", "CA", "US", "CA"], "spend": [10.0, 20.0, 30.0, 40.0]})


def test_region_as_an_input(spend_by_country):
    dr = driver.Driver({}, _module("seed_region_input", SPEND_BY_COUNTRY))
    df = dr.execute(["avg_rolling_spend"], inputs={"region": "US", "spend_by_country": spend_by_country})
    expected = spend_by_country[spend_by_country.region == "US"].spend
    assert_frame_equal(df, pd.DataFrame({"avg_rolling_spend": expected}))
    assert list(df.index) == [0, 2]


def test_region_in_the_config(spend_by_country):
    dr = driver.Driver({"region": "US"}, _module("seed_region_config", SPEND_BY_COUNTRY))
    df = dr.execute(["avg_rolling_spend"], inputs={"spend_by_country": spend_by_country})
    assert df["avg_rolling_spend"].tolist() == [10.0, 30.0]


@seed_freq
@pytest.mark.parametrize(("business_line", "window"), [("CA", 3), ("US", 2)])
def test_overriding_spend_as_the_seed_does(marketing_functions, csv, business_line, window):
    dr = driver.Driver({"business_line": business_line}, marketing_functions)
    # fmt: off
    df = dr.execute(
        ['acquisition_cost'],
        overrides={'spend' : pd.Series(
            [40, 80, 100, 400, 800, 1000], # what if we increased the marketing spend?
            index=pd.date_range("2022-01-01", periods=6, freq="w"))})
    # fmt: on
    what_if = pd.Series([40, 80, 100, 400, 800, 1000], index=csv.index)
    expected = what_if.rolling(window).mean() / csv["signups"]
    assert list(df.columns) == ["acquisition_cost"]
    assert_series_equal(df["acquisition_cost"], expected, check_names=False, check_index=False)
    assert list(df.index) == list(csv.index)  # the what-if weeks are the CSV's weeks
    assert df["acquisition_cost"].notna().sum() == 6 - (window - 1)


def test_without_overrides_the_csv_spend_is_used(marketing_functions, csv):
    dr = driver.Driver({"business_line": "CA"}, marketing_functions)
    df = dr.execute(["spend", "signups", "avg_rolling_spend", "acquisition_cost"])
    spend, signups = csv["spend"], csv["signups"]
    expected = pd.DataFrame(
        {
            "spend": spend,
            "signups": signups,
            "avg_rolling_spend": spend.rolling(3).mean(),
            "acquisition_cost": spend.rolling(3).mean() / signups,
        }
    )
    assert_frame_equal(df, expected)


def test_doing_nothing_gives_the_dataframe_adapter(marketing_functions):
    explicit = driver.Driver(
        {"business_line": "US"}, marketing_functions, adapter=base.SimplePythonDataFrameGraphAdapter()
    )
    default = driver.Driver({"business_line": "US"}, marketing_functions)
    outputs = ["spend", "acquisition_cost"]
    assert isinstance(default.execute(outputs), pd.DataFrame)
    assert_frame_equal(default.execute(outputs), explicit.execute(outputs))


def test_dict_result_when_asked_even_with_pandas_installed(marketing_functions, csv):
    adapter = base.SimplePythonGraphAdapter(base.DictResult())
    dr = driver.Driver({"business_line": "US"}, marketing_functions, adapter=adapter)
    result = dr.execute(["spend", "signups"])
    assert isinstance(result, dict)
    assert_series_equal(result["spend"], csv["spend"])


def test_a_wrapper_driver_delegating_to_hamilton(marketing_functions):
    class MyCustomDriver:
        def __init__(self, constructor_arg):
            self.constructor_arg = constructor_arg
            self.outputs = ["acquisition_cost"]

        def my_execute_function(self):
            dr = driver.Driver(self.constructor_arg, marketing_functions)
            df = dr.execute(self.outputs)
            return df.dropna()

    assert len(MyCustomDriver({"business_line": "US"}).my_execute_function()) == 5


@pytest.mark.parametrize("cwd", [ROOT, MARKETING, Path("/")])
def test_the_marketing_demo_runs_from_anywhere(cwd):
    out = subprocess.run(
        [sys.executable, str(MARKETING / "run.py")], cwd=cwd, capture_output=True, text=True, timeout=60
    )
    assert out.returncode == 0, out.stderr
    assert out.stderr == ""
    for title in ("business line CA:", "business line US:", "what if we increased the marketing spend?"):
        assert title in out.stdout
    assert "2022-02-06          4.864865" in out.stdout  # (800 + 1000) / 2 / 185
