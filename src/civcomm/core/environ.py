"""The environment variables civcomm's processes pass one another, by name (importing this costs nothing:
the run's worker processes read them without importing pandas or the data models)."""

RUN_ENV = "CIVCOMM_RUN"  # set by `civcomm run`: render for the offline bundle
REPORT_ENV = "CIVCOMM_REPORT_ID"  # stable prefix for figure div ids
# SVG/PNG of figures: "1" draw them in the kernel (default), "defer" leave <name>.<lang>.pending.json for
# output.static.render_pending (one browser for a whole run), "0" skip them; the caption file is always written
STATIC_ENV = "CIVCOMM_STATIC_FIGURES"
DECLARED_ENV = "CIVCOMM_DECLARED"  # JSON list of the running notebook's declared kinds and globs
KERNEL_DIR_ENV = "CIVCOMM_KERNEL_DIR"  # a worker's own folder for kernel connection files and sockets
