"""Thin API clients: they build requests, read answers, raise `OtpcliError`s, never print."""
