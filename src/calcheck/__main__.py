import sys

from calcheck.cli import main

sys.exit(main())
