"""python -m otpcli.completion [--check] [DIRECTORY]: write or check completions/."""

import sys

from otpcli.completion.generate import main

sys.exit(main())
