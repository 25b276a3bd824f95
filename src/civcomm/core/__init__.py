"""Bottom layer: where things live, the project's languages, exit codes, hashing and interface strings.

Imports nothing else from civcomm; every other layer may import it.
"""
