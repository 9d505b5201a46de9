"""TAB completion: static scripts for bash, zsh and fish, generated from the command tree.

- `tree`: the model (commands, options, arguments, their values), read from click
- `generate`: `render(shell)`, the templates in `templates/` filled from the tree; the files
  in completions/ (`python -m otpcli.completion [--check]`, or scripts/gen-completions)
- `profiles`: `print_profiles()`, what `otpcli __complete-profiles` prints on TAB

Importing this package imports nothing else: `__complete-profiles` must start fast.
"""
