"""The seed's class-style API: result builders and graph adapters.

``PandasDataFrameResult``, ``StrictIndexTypePandasDataFrameResult``,
``NumpyMatrixResult`` and ``SimplePythonDataFrameGraphAdapter`` belong to the
hamilton-pandas plugin; they resolve through the registry when it is installed
and raise an ImportError naming it otherwise.
"""

from __future__ import annotations

import abc
from typing import Any

from hamilton.installing import install_hint
from hamilton.type_rules import types_compatible, value_fits

__all__ = ["DefaultAdapter", "DictResult", "HamiltonGraphAdapter", "ResultMixin", "SimplePythonGraphAdapter"]


class ResultMixin(abc.ABC):
    """Builds what ``execute`` returns from the computed outputs.

    ``build_result`` is static because some frameworks can pickle a static function
    but not an object.
    """

    @staticmethod
    @abc.abstractmethod
    def build_result(**outputs: Any) -> Any:
        """Build the result from the requested outputs, by name."""


class DictResult(ResultMixin):
    """The outputs as a dict of name to value (the default with the core alone)."""

    @staticmethod
    def build_result(**outputs: Any) -> dict[str, Any]:
        return outputs


class HamiltonGraphAdapter(ResultMixin):
    """How and where nodes run, plus how the result is built.

    Override ``execute_node`` to wrap execution; call ``super().execute_node`` to
    run the node. The type checks are asked when the core's own rules say no.
    """

    @staticmethod
    @abc.abstractmethod
    def check_input_type(node_type: Any, input_value: Any) -> bool:
        """Whether ``input_value`` may feed a parameter annotated ``node_type``."""

    @staticmethod
    @abc.abstractmethod
    def check_node_type_equivalence(node_type: Any, input_type: Any) -> bool:
        """Whether a node returning ``input_type`` may feed a parameter annotated ``node_type``."""

    @abc.abstractmethod
    def execute_node(self, node: Any, kwargs: dict[str, Any]) -> Any:
        """Compute ``node`` (it has ``name``, ``type``, ``callable``) from ``kwargs``."""


class SimplePythonGraphAdapter(HamiltonGraphAdapter):
    """Runs each node in this process and builds the result with ``result_builder``."""

    def __init__(self, result_builder: ResultMixin | None = None) -> None:
        self.result_builder = result_builder if result_builder is not None else DictResult()

    @staticmethod
    def check_input_type(node_type: Any, input_value: Any) -> bool:
        return value_fits(input_value, node_type)

    @staticmethod
    def check_node_type_equivalence(node_type: Any, input_type: Any) -> bool:
        return types_compatible(input_type, node_type)

    def execute_node(self, node: Any, kwargs: dict[str, Any]) -> Any:
        return node.callable(**kwargs)

    def build_result(self, **outputs: Any) -> Any:  # type: ignore[override]
        return self.result_builder.build_result(**outputs)


class DefaultAdapter(SimplePythonGraphAdapter):
    """The original's shortcut name for ``SimplePythonGraphAdapter``: nodes run here, a dict result by default."""


# name -> (registry kind, registry name, distribution to install)
_PLUGIN_NAMES = {
    "PandasDataFrameResult": ("result_builder", "pandas", "hamilton-pandas"),
    "StrictIndexTypePandasDataFrameResult": ("result_builder", "pandas_strict", "hamilton-pandas"),
    "NumpyMatrixResult": ("result_builder", "numpy", "hamilton-pandas"),
    "SimplePythonDataFrameGraphAdapter": ("adapter", "pandas", "hamilton-pandas"),
}


def __getattr__(name: str) -> Any:
    if name in _PLUGIN_NAMES:
        from hamilton import registry

        kind, registered_as, package = _PLUGIN_NAMES[name]
        try:
            return registry.lookup(kind, registered_as)
        except ImportError:
            raise ImportError(
                f"hamilton.base.{name} comes with the {package} plugin, which is not installed: "
                f"{install_hint(package)}."
            ) from None
    raise AttributeError(f"module 'hamilton.base' has no attribute {name!r}")


def __dir__() -> list[str]:
    return sorted([*globals(), *_PLUGIN_NAMES])
