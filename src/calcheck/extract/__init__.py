"""Extraction: which appointment, if any, a message confirms. Pure functions, no I/O.

``extract(mail, ctx)`` gives the appointment; ``explain(mail, ctx)`` gives every candidate
considered with its score and reasons, and ``render(explanation)`` prints that for people.
"""

from calcheck.extract.context import Context
from calcheck.extract.core import extract
from calcheck.extract.explain import Explanation, explain, render

__all__ = ["Context", "Explanation", "explain", "extract", "render"]
