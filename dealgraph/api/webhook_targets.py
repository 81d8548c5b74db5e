"""Where webhooks may be sent: public http(s) addresses only, checked at registration AND delivery.

An admin-registered URL is fetched by the server, from inside the network: without this check it
reaches the cloud metadata service, the database's HTTP port, or anything on 10.x, and the
delivery log answers like a port scanner. So:
- http/https only, no user:password@ in the URL;
- the host is resolved, and EVERY address it resolves to must be global: loopback, private,
  link-local, carrier-grade NAT, multicast, unspecified and reserved ranges are refused, in IPv4,
  IPv6 and IPv4-mapped IPv6; numeric spellings (2130706433, 0177.0.0.1, 0x7f.1) resolve to what
  they mean and are refused with them;
- delivery resolves again and connects to the address it checked (plain http), so a name that
  changed its answer since registration (DNS rebinding) is refused too;
- cloud metadata addresses are refused even when DEALGRAPH_WEBHOOK_ALLOW_PRIVATE=true lets an
  on-premise install deliver to its private network.
"""

from __future__ import annotations

import ipaddress
import socket
from urllib.parse import urlsplit

from ..errors import InputError

METADATA = {ipaddress.ip_address(a) for a in (
    "169.254.169.254", "169.254.170.2", "100.100.100.200", "168.63.129.16", "fd00:ec2::254")}


class TargetRefused(InputError):
    """The URL is not a place webhooks may go."""


def _refused(ip: ipaddress.IPv4Address | ipaddress.IPv6Address, allow_private: bool) -> bool:
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped is not None:
        ip = ip.ipv4_mapped
    if ip in METADATA or ip.is_unspecified or ip.is_multicast:
        return True
    if allow_private:
        return ip.is_reserved
    return not ip.is_global


def resolve(host: str, port: int) -> list[str]:
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except (socket.gaierror, UnicodeError, ValueError):
        return []
    return sorted({i[4][0] for i in infos})


def check_target(url: str, allow_private: bool = False) -> str:
    """The address to connect to, or TargetRefused (one generic message: no probing through it)."""
    refused = TargetRefused(f"Webhook URL {url[:200]!r} is not allowed: use an http(s) URL of a public host, "
                            "without user name or password.")
    try:
        u = urlsplit(url)
        port = u.port or (443 if u.scheme == "https" else 80)
    except ValueError:
        raise refused from None
    if u.scheme not in ("http", "https") or not u.hostname or u.username is not None or u.password is not None:
        raise refused
    addresses = resolve(u.hostname, port)
    if not addresses:
        raise TargetRefused(f"Webhook URL {url[:200]!r}: its host does not resolve.")
    for a in addresses:
        if _refused(ipaddress.ip_address(a.split("%", 1)[0]), allow_private):
            raise refused
    return addresses[0]
