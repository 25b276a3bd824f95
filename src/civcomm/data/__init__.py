"""Data layer: models, the registry of kinds, YAML reading with lines, validation, the project cache, schemas.

Imports only civcomm.core. Nothing here knows about tables, figures, notebooks or outputs.
"""
