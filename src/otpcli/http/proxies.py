"""Proxies as httpx takes them from the environment (HTTP_PROXY, HTTPS_PROXY, ALL_PROXY,
NO_PROXY), with one rule of ours: this machine's own addresses are never reached through
a proxy (a proxy cannot reach the sandbox on a developer's loopback)."""

from __future__ import annotations

from urllib.parse import urlsplit

from otpcli.i18n import _

LOOPBACK_HOSTS = ("127.0.0.1", "localhost", "[::1]")
# httpx's `mounts`: None sends these hosts over the client's direct transport.
DIRECT = {f"all://{host}": None for host in LOOPBACK_HOSTS}


def proxy_for(url: str) -> str | None:
    """The proxy a request to `url` goes through, shown without its credentials, or None."""
    import urllib.request

    try:
        parts = urlsplit(url)
    except ValueError:
        return None
    host = parts.hostname or ""
    if not host or host in ("127.0.0.1", "localhost", "::1") or host.startswith("127."):
        return None
    if urllib.request.proxy_bypass(host):  # NO_PROXY, as httpx reads it
        return None
    proxies = urllib.request.getproxies()
    proxy = proxies.get(parts.scheme) or proxies.get("all")
    return _without_credentials(proxy) if proxy else None


def _without_credentials(proxy: str) -> str:
    try:
        parts = urlsplit(proxy if "://" in proxy else f"http://{proxy}")
        port = f":{parts.port}" if parts.port else ""
    except ValueError:
        return _("a proxy")
    return f"{parts.scheme}://{parts.hostname}{port}"
