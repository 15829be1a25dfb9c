"""OpenTelemetry tracing for Hamilton: ``OpenTelemetryTracer``, a plugin object to pass in ``adapter=[...]``.

Installing the package registers the adapter name ``opentelemetry`` and nothing else: runs
that do not ask for the tracer are not traced and pay nothing for it.
"""

from hamilton.plugins import lazy_exports

__all__ = ["OpenTelemetryTracer"]

# imported on first use, so loading the plugin's entry point does not import OpenTelemetry
__getattr__, __dir__ = lazy_exports(__name__, {"OpenTelemetryTracer": "tracer"})
