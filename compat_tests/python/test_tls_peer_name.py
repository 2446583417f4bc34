"""_core.tls_peer_name: the name a verifying TLS client hands the core's
WebPKI check (what _core.tls_before_handshake installs). A name is an IP address exactly when the standard
library's ipaddress parses it (brackets stripped); the DNS short cut taken
for names that cannot be addresses must not change that."""
import ipaddress

import pytest

from cryptoshim._core import tls_peer_name as peer_name

NAMES = [
    "leaf.bench.example", b"LEAF.Example.", " x ", "1.2.3.4", "[1.2.3.4]", "01.2.3.4",
    "1.2.3", "999.1.1.1", "1.2.3.4.", "a1.2.3.4", "\uff11.2.3.4", "::1", "[::1]",
    "::ffff:1.2.3.4", "fe80::1%eth0", "[", "[]", ".", "1..2", "12345",
]


def _is_ip(text: str) -> bool:
    try:
        ipaddress.ip_address(text.strip("[]"))
    except ValueError:
        return False
    return True


@pytest.mark.parametrize("name", NAMES)
def test_kind_is_ip_exactly_when_ipaddress_parses_it(name):
    text = (name.decode("ascii") if isinstance(name, bytes) else name).strip().rstrip(".")
    got = peer_name(name)
    if not text:
        assert got is None
        return
    assert got[0] == ("ip" if _is_ip(text) else "dns")
    if got[0] == "ip":
        assert got[1] == str(ipaddress.ip_address(text.strip("[]")))
    else:
        assert got[1] == text.lower()


def test_no_name():
    assert peer_name(None) is None
    assert peer_name(b"") is None
