"""otpcli: phone one-time passwords from the terminal (Verifik, Trust) with a local sandbox."""

__version__ = "0.2.0"
