"""Writing a run's outputs: a readable table, JSON, CSV or Parquet.

The outputs are the plain ``{name: value}`` of ``Driver.raw_execute``. No data library is
imported here: values are read by duck typing (``tolist``, ``to_pylist``, ``to_dict``...),
so pandas, polars, Arrow and numpy values all print, and so do plain Python ones.

- ``json``: one object of output name to value, each value converted to JSON
  (a Series becomes a list, a DataFrame an object of column lists, a date its ISO text).
- ``csv``: one column per output (a DataFrame output gives its own columns); scalars
  are repeated to the common length.
- ``table``: the same columns as a table (the first rows), or one row per output
  (name, type, value) when the outputs are not columns of one length.
- ``parquet``: the columns through the ``arrow`` result builder (hamilton-arrow).
"""

from __future__ import annotations

import csv
import datetime
import io
import json
import math
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from hamilton_cli.errors import DATAFLOW_FAILED, USAGE, CommandError

__all__ = ["FORMATS", "as_columns", "check_format", "rich_table", "to_jsonable", "write_outputs"]

FORMATS = ("table", "json", "csv", "parquet")
TABLE_ROWS = 20
_SHORT = 60


def check_format(format: str, to: Path | None) -> None:
    """Fail before anything runs if ``format`` cannot be written (to ``to``)."""
    if format not in FORMATS:
        raise CommandError(f"Unknown format {format!r}; use one of {', '.join(FORMATS)}.", USAGE)
    if format == "parquet":
        if to is None:
            raise CommandError("--format parquet writes a binary file: name it with --to PATH.", USAGE)
        _arrow_builder()


def write_outputs(outputs: Mapping[str, Any], format: str, to: Path | None, console: Any) -> None:
    """Write ``outputs`` in ``format`` to the file ``to``, or to ``console`` (a rich Console) if ``None``."""
    check_format(format, to)
    if format == "parquet":
        _write_parquet(outputs, to)  # type: ignore[arg-type] - check_format made sure of it
        return
    if format == "json":
        text = json.dumps(to_jsonable(dict(outputs)), indent=2, allow_nan=False) + "\n"
    elif format == "csv":
        text = _csv_text(outputs)
    else:
        if to is None:
            _print_table(outputs, console)
            return
        text = _plain_table(outputs)
    if to is None:
        console.file.write(text)
    else:
        to.parent.mkdir(parents=True, exist_ok=True)
        to.write_text(text, encoding="utf-8")


# ------------------------------------------------------------------ values as JSON


def to_jsonable(value: Any) -> Any:
    """``value`` as JSON-ready Python data (lists, dicts, str, numbers, bools, ``None``)."""
    if value is None or isinstance(value, bool | int | str):
        return value
    if isinstance(value, float):
        return value if math.isfinite(value) else None
    if isinstance(value, Mapping):
        return {str(k): to_jsonable(v) for k, v in value.items()}
    if isinstance(value, datetime.date | datetime.time):
        return value.isoformat()
    if isinstance(value, list | tuple | set | frozenset):
        return [to_jsonable(v) for v in value]
    table = _table_columns(value)
    if table is not None:
        return {name: to_jsonable(column) for name, column in table.items()}
    for method in ("to_pylist", "tolist", "to_list"):  # Arrow arrays; numpy, pandas; polars
        convert = getattr(value, method, None)
        if callable(convert):
            return to_jsonable(convert())
    return str(value)


def _table_columns(value: Any) -> dict[str, Any] | None:
    """The columns of a table-like value (Arrow, pandas, polars), else ``None``."""
    to_pydict = getattr(value, "to_pydict", None)
    if callable(to_pydict):  # pyarrow Table / RecordBatch
        return dict(to_pydict())
    if hasattr(value, "columns") and callable(getattr(value, "to_dict", None)):
        try:
            return dict(value.to_dict(orient="list"))  # pandas
        except TypeError:
            return dict(value.to_dict(as_series=False))  # polars
    return None


# --------------------------------------------------------------------- as columns


def as_columns(outputs: Mapping[str, Any]) -> dict[str, list[Any]] | None:
    """The outputs as columns of one length (scalars repeated), or ``None`` if they are not."""
    columns: dict[str, list[Any] | None] = {}
    lengths: set[int] = set()
    for name, value in outputs.items():
        table = _table_columns(value)
        if table is not None:
            for column, data in table.items():
                columns[str(column)] = list(to_jsonable(data))
                lengths.add(len(columns[str(column)]))
            continue
        plain = to_jsonable(value)
        if isinstance(plain, list):
            columns[name] = plain
            lengths.add(len(plain))
        elif isinstance(plain, dict):
            return None  # a mapping is not a column
        else:
            columns[name] = None  # a scalar, repeated below
    if len(lengths) > 1:
        return None
    height = lengths.pop() if lengths else 1
    scalars = {name: to_jsonable(outputs[name]) for name, column in columns.items() if column is None}
    return {name: column if column is not None else [scalars[name]] * height for name, column in columns.items()}


def _csv_text(outputs: Mapping[str, Any]) -> str:
    columns = as_columns(outputs)
    if columns is None:
        lengths = {name: _length(value) for name, value in outputs.items()}
        raise CommandError(
            "--format csv needs outputs that are columns of one length (scalars are repeated); got "
            + ", ".join(f"{name!r} ({length})" for name, length in lengths.items())
            + ". Ask for outputs of one length, or use --format json.",
            DATAFLOW_FAILED,
        )
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(columns)
    writer.writerows(zip(*(_cells(column) for column in columns.values()), strict=True))
    return buffer.getvalue()


def _cells(column: list[Any]) -> list[Any]:
    return ["" if cell is None else json.dumps(cell) if isinstance(cell, list | dict) else cell for cell in column]


def _length(value: Any) -> str:
    plain = to_jsonable(value)
    return f"{len(plain)} values" if isinstance(plain, list | dict) else "a scalar"


# -------------------------------------------------------------------------- tables


def _rows(outputs: Mapping[str, Any]) -> tuple[list[str], list[list[str]], str]:
    """Header, rows and a caption: columns of one length as such, else one row per output."""
    columns = as_columns(outputs)
    scalars_only = columns is not None and all(_is_scalar(to_jsonable(v)) for v in outputs.values())
    if columns is not None and not scalars_only:
        height = len(next(iter(columns.values()), []))
        shown = min(height, TABLE_ROWS)
        rows = [[_short(column[i]) for column in columns.values()] for i in range(shown)]
        caption = f"{height} rows" if shown == height else f"first {shown} of {height} rows"
        return list(columns), rows, caption
    rows = [[name, _type_name(value), _short(to_jsonable(value))] for name, value in outputs.items()]
    return ["output", "type", "value"], rows, ""


def _is_scalar(value: Any) -> bool:
    return not isinstance(value, list | dict)


def _type_name(value: Any) -> str:
    cls = type(value)
    return cls.__name__ if cls.__module__ == "builtins" else f"{cls.__module__.partition('.')[0]}.{cls.__name__}"


def _short(value: Any) -> str:
    text = "" if value is None else json.dumps(value) if isinstance(value, list | dict) else str(value)
    return text if len(text) <= _SHORT else text[: _SHORT - 1] + "…"


def rich_table(header: list[str], rows: list[list[str]], title: str = "") -> Any:
    """A rich Table whose cells are plain text: ``[x]`` in a value is shown, not read as markup."""
    from rich.table import Table
    from rich.text import Text

    table = Table(*header, title=title or None)
    for row in rows:
        table.add_row(*(Text(cell) for cell in row))
    return table


def _print_table(outputs: Mapping[str, Any], console: Any) -> None:
    """The table, then how many rows it shows (on a line of its own: a caption would wrap)."""
    from rich.text import Text

    header, rows, caption = _rows(outputs)
    console.print(rich_table(header, rows))
    if caption:
        console.print(Text(caption))


def _plain_table(outputs: Mapping[str, Any]) -> str:
    from rich.console import Console

    buffer = io.StringIO()
    _print_table(outputs, Console(file=buffer, width=120, color_system=None))
    return buffer.getvalue()


# ------------------------------------------------------------------------- parquet


def _arrow_builder() -> Any:
    from hamilton import registry

    try:
        return registry.lookup("result_builder", "arrow", package_hint="hamilton-arrow")
    except ImportError as exc:
        raise CommandError(f"--format parquet writes through Arrow: {exc}", USAGE) from exc


def _write_parquet(outputs: Mapping[str, Any], to: Path) -> None:
    builder = _arrow_builder()
    import pyarrow.parquet  # hamilton-arrow depends on pyarrow

    try:
        table = builder.build_result(**outputs)
    except ValueError as exc:
        raise CommandError(f"Cannot write the outputs as one Parquet table: {exc}", DATAFLOW_FAILED) from exc
    to.parent.mkdir(parents=True, exist_ok=True)
    pyarrow.parquet.write_table(table, to)
