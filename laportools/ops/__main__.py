"""`python -m laportools.ops`: the operator CLI."""
import sys

from laportools.ops.cli import main

sys.exit(main())
