"""Everything the user sees: the reporter that owns stdout and stderr, and what it uses to
render tables, traces and curl lines, remove secrets and defuse terminal escapes."""
