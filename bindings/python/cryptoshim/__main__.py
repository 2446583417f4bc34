import sys

from cryptoshim.cli import main

sys.exit(main())
