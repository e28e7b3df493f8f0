"""``python -m loanoverdue``: the command line."""

import sys

from loanoverdue.cli import main

sys.exit(main())
