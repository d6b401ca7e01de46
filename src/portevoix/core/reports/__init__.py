"""Reports, in pure Python: the section model that every renderer reads, and the rules that
turn a leader's weakest dimensions and observed activity into personal recommendations."""

from .model import Chart, Column, Document, KeyFigure, Missing, Section, Table

__all__ = ["Chart", "Column", "Document", "KeyFigure", "Missing", "Section", "Table"]
