"""Presentation: figures (plotly) and how tables are shown to a reader. No file is written here.

May import core, data, views and analysis.
"""
