"""The seed's default graph adapter: run in this process, return a pandas DataFrame."""

from __future__ import annotations

from hamilton.base import SimplePythonGraphAdapter

from hamilton_pandas.dataframe_result import PandasDataFrameResult

__all__ = ["SimplePythonDataFrameGraphAdapter"]


class SimplePythonDataFrameGraphAdapter(SimplePythonGraphAdapter):
    """Nodes run one after another in this process; ``execute`` returns a ``pandas.DataFrame``.

    The pandas and numpy type rules apply through the plugin's hooks, whatever the adapter.
    """

    def __init__(self) -> None:
        super().__init__(PandasDataFrameResult())
