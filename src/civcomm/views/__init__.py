"""Views: the data as DataFrames and graphs (countries, acts, the dissertation's tables, survey, stakeholders).

May import core and data only.
"""
