from __future__ import annotations

import pytest
from opentelemetry import trace
from opentelemetry.sdk.trace import TracerProvider
from opentelemetry.sdk.trace.export import SimpleSpanProcessor
from opentelemetry.sdk.trace.export.in_memory_span_exporter import InMemorySpanExporter

# the global provider can be set once per process: one exporter behind it for every test
GLOBAL_EXPORTER = InMemorySpanExporter()
_global = TracerProvider()
_global.add_span_processor(SimpleSpanProcessor(GLOBAL_EXPORTER))
trace.set_tracer_provider(_global)


@pytest.fixture
def exporter():
    """An in-memory exporter behind its own provider (``tracer`` fixture); spans land here when they end."""
    return InMemorySpanExporter()


@pytest.fixture
def tracer(exporter):
    """A real SDK tracer whose spans go to ``exporter``."""
    provider = TracerProvider()
    provider.add_span_processor(SimpleSpanProcessor(exporter))
    return provider.get_tracer("hamilton-tests")


@pytest.fixture
def global_exporter():
    """The exporter behind the global tracer provider, emptied for this test."""
    GLOBAL_EXPORTER.clear()
    yield GLOBAL_EXPORTER
    GLOBAL_EXPORTER.clear()
