import sys

from bvmt.cli import main

sys.exit(main())
