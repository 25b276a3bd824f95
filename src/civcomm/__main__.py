"""`python -m civcomm` is the same as the `civcomm` command."""

import sys

from civcomm.cli import main

sys.exit(main())
