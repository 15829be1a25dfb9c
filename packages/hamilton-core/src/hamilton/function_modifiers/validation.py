"""``@check_output`` and ``@check_output_custom``: validators run on a node's output, their results kept as nodes.

For a checked node ``x`` the function becomes ``x_raw``, each check a node
``x_<validator name>`` (a ``ValidationResult``, tagged ``hamilton.data_quality.*``),
and ``x`` itself returns ``x_raw``'s value once every check has run: a failed
``importance="fail"`` check raises ``DataValidationError``, a failed ``"warn"`` one logs
a warning. Validators are chosen when the Driver is built; unchecked nodes pay nothing.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Mapping, Sequence
from typing import Any

from hamilton.data_quality.base import DataValidationError, DataValidationLevel, DataValidator, ValidationResult
from hamilton.function_modifiers.base import InvalidDecoratorException, NodeTransformer, TargetType, _where
from hamilton.node import Node

__all__ = ["DATA_VALIDATOR_ORIGINAL_OUTPUT_TAG", "IS_DATA_VALIDATOR_TAG", "check_output", "check_output_custom"]

IS_DATA_VALIDATOR_TAG = "hamilton.data_quality.contains_dq_results"
DATA_VALIDATOR_ORIGINAL_OUTPUT_TAG = "hamilton.data_quality.source_node"

logger = logging.getLogger(__name__)


class RunValidator:
    """A check node's callable: validate the raw output (picklable)."""

    __slots__ = ("raw", "validator")

    def __init__(self, validator: DataValidator, raw: str) -> None:
        self.validator = validator
        self.raw = raw

    def __call__(self, **kwargs: Any) -> ValidationResult:
        return self.validator.validate(kwargs[self.raw])


class CheckedValue:
    """The checked node's callable: the raw output, once its checks have passed (or only warned)."""

    __slots__ = ("checks", "node", "raw")

    def __init__(self, node: str, raw: str, checks: tuple[tuple[str, str, DataValidationLevel], ...]) -> None:
        self.node = node
        self.raw = raw
        self.checks = checks  # (check node, validator name, importance)

    def __call__(self, **kwargs: Any) -> Any:
        for check_node, validator, importance in self.checks:
            result: ValidationResult = kwargs[check_node]
            if result.passes:
                continue
            if importance is DataValidationLevel.FAIL:
                raise DataValidationError(self.node, validator, result.message)
            logger.warning("Node %r failed check %s: %s", self.node, validator, result.message)
        return kwargs[self.raw]


class _BaseCheck(NodeTransformer):
    """Shared by both decorators: ``validators_for(node, fn)`` picks the validators."""

    def validators_for(self, node_: Node, fn: Callable[..., Any]) -> list[DataValidator]:
        raise NotImplementedError

    def transform_node(self, node_: Node, config: Mapping[str, Any], fn: Callable[..., Any]) -> list[Node]:
        validators = self.validators_for(node_, fn)
        raw_name = f"{node_.name}_raw"
        raw = node_.copy_with(name=raw_name)
        nodes = [raw]
        checks = []
        for validator in validators:
            check_name = f"{node_.name}_{validator.name()}"
            nodes.append(
                Node(
                    check_name,
                    ValidationResult,
                    RunValidator(validator, raw_name),
                    {raw_name: node_.type},
                    doc=validator.description(),
                    tags={IS_DATA_VALIDATOR_TAG: True, DATA_VALIDATOR_ORIGINAL_OUTPUT_TAG: node_.name},
                    source=f"{node_.source} (@{self.name} {validator.name()})",
                )
            )
            checks.append((check_name, validator.name(), validator.importance))
        final = node_.copy_with(
            callable=CheckedValue(node_.name, raw_name, tuple(checks)),
            dependencies={raw_name: node_.type, **{c: ValidationResult for c, _, _ in checks}},
            optional=frozenset(),
        )
        return [*nodes, final]


class check_output_custom(_BaseCheck):  # noqa: N801 - the original's spelling
    """Check the output with your own ``DataValidator`` instances."""

    def __init__(self, *validators: DataValidator, target_: TargetType = None) -> None:
        super().__init__(target=target_)
        if not validators:
            raise InvalidDecoratorException("@check_output_custom needs at least one validator.")
        wrong = [v for v in validators if not isinstance(v, DataValidator)]
        if wrong:
            raise InvalidDecoratorException(
                f"@check_output_custom takes hamilton.data_quality.base.DataValidator instances; got {wrong!r}."
            )
        names = [v.name() for v in validators]
        repeated = sorted({n for n in names if names.count(n) > 1})
        if repeated:
            raise InvalidDecoratorException(f"@check_output_custom: two validators are named {repeated}.")
        self.validators = list(validators)

    def validators_for(self, node_: Node, fn: Callable[..., Any]) -> list[DataValidator]:
        return self.validators


class check_output(_BaseCheck):  # noqa: N801
    """Check the output with the default validators named by keyword: ``@check_output(range=(0, 1))``.

    The keywords available depend on the output's type and on the installed plugins:
    ``data_type``, ``range``, ``values_in``, ``equals``, ``allow_none`` for scalars;
    hamilton-pandas and hamilton-polars add ``max_fraction_nans``, ``allow_nans``,
    ``max_standard_dev``, ``mean_in_range`` (and ``range``, ``values_in``, ``data_type``)
    for their Series; hamilton-pandera adds ``schema``.
    """

    def __init__(
        self,
        importance: str = DataValidationLevel.WARN.value,
        default_validator_candidates: Sequence[type] | None = None,
        target_: TargetType = None,
        **default_validator_kwargs: Any,
    ) -> None:
        super().__init__(target=target_)
        if importance not in ("warn", "fail"):
            raise InvalidDecoratorException(f"@check_output(importance=...) is 'warn' or 'fail', not {importance!r}.")
        if not default_validator_kwargs:
            raise InvalidDecoratorException("@check_output needs at least one check, e.g. @check_output(range=(0, 1)).")
        self.importance = importance
        self.candidates = default_validator_candidates
        self.kwargs = default_validator_kwargs

    def validators_for(self, node_: Node, fn: Callable[..., Any]) -> list[DataValidator]:
        from hamilton.function_modifiers.extensions import validator_arguments

        candidates = list(self.candidates) if self.candidates is not None else _all_validator_classes()
        known = {c.arg() for c in candidates} | (validator_arguments() if self.candidates is None else set())
        unknown = sorted(set(self.kwargs) - known)
        if unknown:
            raise InvalidDecoratorException(
                f"@check_output on {_where(fn)}: unknown validator argument(s) {', '.join(map(repr, unknown))}; "
                f"known: {', '.join(sorted(known))}."
            )
        chosen = []
        output_type = _unwrapped(node_.type)
        for arg, setting in self.kwargs.items():
            fitting = [c for c in candidates if c.arg() == arg and _applies(c, output_type)]
            if not fitting:
                raise InvalidDecoratorException(
                    f"@check_output on {_where(fn)}: no validator for {arg}= applies to its output type "
                    f"{getattr(output_type, '__name__', output_type)}"
                    + ("" if self.candidates else " (validators for pandas and polars data come with their plugins)")
                    + "."
                )
            chosen.append(fitting[0](**{arg: setting}, importance=self.importance))
        return chosen


def _all_validator_classes() -> list[type]:
    from hamilton.data_quality.default_validators import SCALAR_VALIDATORS
    from hamilton.function_modifiers.extensions import validator_classes

    return [cls for _, cls in validator_classes()] + list(SCALAR_VALIDATORS)


def _applies(cls: type, datatype: Any) -> bool:
    try:
        return bool(cls.applies_to(datatype))  # type: ignore[attr-defined]
    except TypeError:  # issubclass on a typing construct
        return False


def _unwrapped(annotation: Any) -> Any:
    from typing import Annotated, get_args, get_origin

    return get_args(annotation)[0] if get_origin(annotation) is Annotated else annotation
