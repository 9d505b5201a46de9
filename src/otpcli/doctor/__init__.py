"""The checks of `otpcli doctor`: is the keyring usable, which config and profile are in
force, where the credentials come from, and can this machine reach the providers.

- `checks`: what a check found (`Check`), and the exit code the findings add up to.
- `install`: Python and otpcli, and where otpcli is installed.
- `settings`: config.toml and the active profile.
- `stores`: the OS keyring (a throwaway round-trip) and the opt-in file store.
- `tokens`: each provider's credential: where it comes from and when it expires.
- `network`: DNS, TCP, TLS and one harmless request per base URL, and the clock.
- `run`: all of them, in order, the network ones in parallel.

Nothing here sends a code, posts a credential or calls an endpoint that charges, and
nothing writes to stdout or stderr: the command shows the findings through the reporter.
"""
