"""Notebook helpers: what a notebook calls to set up, show and export its tables, and close with its sources.

May import every layer below the runner (core, data, views, analysis, present, output).
"""

from civcomm.report.notebook import (
                                     FILES_MIME,
                                     REPORT_ENV,
                                     RUN_ENV,
                                     bibliography,
                                     collect_refs,
                                     publish,
                                     record_files,
                                     setup,
                                     show_figure,
                                     show_table,
)
from civcomm.report.params import ParameterError, validate_parameters

__all__ = ["FILES_MIME", "REPORT_ENV", "RUN_ENV", "ParameterError", "bibliography", "collect_refs", "publish", "record_files", "setup",
           "show_figure", "show_table", "validate_parameters"]
