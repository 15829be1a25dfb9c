"""The original's ``hamilton.plugins.h_opentelemetry``: ``OpenTelemetryTracer`` comes with hamilton-opentelemetry."""

from hamilton.plugins._redirect import redirect

__all__ = ["OpenTelemetryTracer"]  # noqa: F822 - resolved by __getattr__

__getattr__, __dir__ = redirect(
    __name__, {"OpenTelemetryTracer": ("hamilton_opentelemetry", "OpenTelemetryTracer", "hamilton-opentelemetry")}
)
