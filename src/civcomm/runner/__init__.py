"""Runner: plan runs from notebooks/runs.yaml, skip the unchanged ones, execute, bundle and index outputs/.

The top layer below the command line: may import every other layer.
"""
