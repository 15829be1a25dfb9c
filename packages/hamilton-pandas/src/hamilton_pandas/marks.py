"""The mark ``@extract_columns`` leaves on a function, readable without importing pandas."""

COLUMNS_ATTRIBUTE = "__hamilton_pandas_extract_columns__"
