"""``python -m sdgkit`` runs the command line."""

import sys

from sdgkit.cli import main

sys.exit(main())
