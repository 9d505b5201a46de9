"""The providers' wire formats: request builders and answer checks. They never print, and
never look up settings or credentials: everything they need is handed to them."""
