"""Chains of steps on a function's inputs and outputs (@pipe_input, @pipe_output, step), after the
original's examples/mutate blueprint: steps on every output or on some, named steps, conditions,
step functions kept out of the DAG with @hamilton_exclude."""

from hamilton.function_modifiers import extract_fields, hamilton_exclude, pipe_input, pipe_output, source, step, value


@hamilton_exclude
def calibrate(reading: float, offset: float) -> float:
    return reading + offset


@hamilton_exclude
def to_fahrenheit(reading: float) -> float:
    return reading * 9 / 5 + 32


def _clip(reading: float, low: float = -50.0, high: float = 50.0) -> float:
    return max(low, min(high, reading))


def _smooth(readings: list, window: int) -> list:
    return [
        sum(readings[max(0, i - window + 1) : i + 1]) / len(readings[max(0, i - window + 1) : i + 1])
        for i in range(len(readings))
    ]


def _drop_spikes(readings: list, limit: float = 100.0) -> list:
    return [r for r in readings if abs(r) <= limit]


def raw_readings() -> list:
    return [20.0, 22.0, 400.0, 24.0, 26.0]


@pipe_input(
    step(_drop_spikes),
    step(_smooth, window=source("smoothing_window")),
    step(_drop_spikes, limit=value(25.0)).when(site="indoor"),
)
def smoothed(raw_readings: list, scale: float) -> list:
    return [r * scale for r in raw_readings]


@pipe_output(
    step(_clip),  # every output
    step(calibrate, offset=value(1.5)).named("calibrated").on_output("inside"),
    step(to_fahrenheit).named("fahrenheit").on_output(["inside", "outside"]),
)
@extract_fields({"inside": float, "outside": float, "spread": float})
def temperatures(smoothed: list) -> dict:
    return {"inside": smoothed[-1], "outside": smoothed[0] - 80.0, "spread": max(smoothed) - min(smoothed)}


@pipe_output(step(_clip, low=value(0.0), high=source("ceiling")), namespace="bounded")
def comfort(inside: float, outside: float) -> float:
    return (inside - outside) / 2
