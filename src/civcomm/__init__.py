"""civcomm: cited data and reproducible reports on how states train civil servants to communicate."""

__version__ = "0.1.0"
