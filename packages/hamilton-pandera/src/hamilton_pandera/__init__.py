"""pandera for Hamilton: ``@check_output(schema=...)`` with a pandera schema, for pandas and polars outputs.

Installing the package is enough: its plugin registers the validators through the
``hamilton_register_validators`` hook, imported only once pandera is (a module that
builds a schema has imported it). Import from here only the validator classes, if needed.
"""

from hamilton.plugins import lazy_exports

__version__ = "0.9.0.dev1"

__all__ = [
    "PandasDataFrameSchemaValidator",
    "PandasSeriesSchemaValidator",
    "PanderaSchemaValidator",
    "PolarsSchemaValidator",
]

# imported on first use: loading the plugin's entry point must not import pandera, pandas or polars
__getattr__, __dir__ = lazy_exports(
    __name__,
    {
        "PandasDataFrameSchemaValidator": "validators",
        "PandasSeriesSchemaValidator": "validators",
        "PanderaSchemaValidator": "validators",
        "PolarsSchemaValidator": "validators",
    },
)
