"""Old home of the completion generator, kept until its last importers move.

`otpcli.__main__` (`print_profiles`) and tests/test_startup_imports.py (`build_tree`) still
import from here; the code lives in the `otpcli.completion` package. Delete this module once
they import `otpcli.completion.profiles` and `otpcli.completion.tree`.
"""

from otpcli.completion.profiles import print_profiles
from otpcli.completion.tree import build_tree

__all__ = ["build_tree", "print_profiles"]
