"""Local emulator of the Verifik and Trust/Atenea APIs (`otpcli sandbox serve`).

Kept empty on purpose: the CLI imports `otpcli.sandbox.app` / `.server` only when the
sandbox is used, so starlette, uvicorn and bcrypt stay out of every other command.
"""
