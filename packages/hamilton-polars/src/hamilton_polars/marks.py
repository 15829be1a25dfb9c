"""The mark ``@extract_columns`` leaves on a function, readable without importing polars."""

COLUMNS_ATTRIBUTE = "__hamilton_polars_extract_columns__"
