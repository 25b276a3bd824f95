"""Notebook helpers: what a notebook calls to set up, show and export its tables, and close with its sources.

May import every layer below the runner (core, data, views, analysis, present, output).
"""

from civcomm.report.notebook import REPORT_ENV, RUN_ENV, bibliography, collect_refs, publish, setup, show_table
from civcomm.report.params import ParameterError, validate_parameters

__all__ = ["REPORT_ENV", "RUN_ENV", "ParameterError", "bibliography", "collect_refs", "publish", "setup",
           "show_table", "validate_parameters"]
