"""One operation per provider call, shared by single commands and bulk runs."""
