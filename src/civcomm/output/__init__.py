"""Output layer: atomic writes and the files a reader or another tool opens (tables, graphs, REFI-QDA).

May import core, data, views, analysis and present; never runner or report.
"""
