"""`python -m treaty.cli`: the `treaty` command."""

import sys

from . import main

sys.exit(main())
