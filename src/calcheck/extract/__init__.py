"""Extraction: which appointment, if any, a message confirms. Pure functions, no I/O."""

from calcheck.extract.core import Context, extract

__all__ = ["Context", "extract"]
