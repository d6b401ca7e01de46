"""Tables from files people export: CSV (any of the usual encodings and delimiters) and XLSX."""

from .reader import MAX_BYTES, MAX_CELL_CHARS, MAX_ROWS, read_table
from .table import Row, Table

__all__ = ["MAX_BYTES", "MAX_CELL_CHARS", "MAX_ROWS", "Row", "Table", "read_table"]
