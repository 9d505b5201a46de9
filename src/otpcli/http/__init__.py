"""The HTTP layer: request and response values, the retry policy, and the clients.

Importing this package is free: httpx is imported by the clients when they first send.
"""

from otpcli.http.messages import ApiRequest, ApiResponse, Tracer

__all__ = ["ApiRequest", "ApiResponse", "Tracer"]
