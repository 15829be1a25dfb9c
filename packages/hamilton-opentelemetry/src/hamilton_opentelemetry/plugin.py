"""The entry-point plugin: offers the tracer by name (``adapter="opentelemetry"``), and no hook of its own."""

from __future__ import annotations

from collections.abc import Callable

from hamilton.plugins import hookimpl

__all__ = ["hamilton_register_adapters"]


@hookimpl
def hamilton_register_adapters(register: Callable[..., None]) -> None:
    register(
        "opentelemetry",
        "hamilton_opentelemetry.tracer:OpenTelemetryTracer",
        description="a span per run and per node (OpenTelemetry)",
    )
