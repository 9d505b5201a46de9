"""One module per command or group: parse input, call a provider, render. No HTTP here."""
