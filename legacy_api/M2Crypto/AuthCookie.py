"""M2Crypto.AuthCookie: HMAC-SHA256 authenticated cookies over the core.
MACs are compared in constant time (upstream compares with ==)."""
from __future__ import annotations

import hmac as _hmac
import logging
import re
import time
from http.cookies import CookieError, SimpleCookie
from typing import Optional, Pattern, Tuple, Union

from cryptoshim.legacy import entry_point, legacy_class
from M2Crypto import Rand, _release, util
from M2Crypto._common import core

__all__ = ["mix", "unmix", "unmix3", "AuthCookie", "AuthCookieJar"]

_MIX_FORMAT = "exp=%f&data=%s&digest="
_MIX_RE = re.compile(r"exp=(\d+\.\d+)&data=(.+)&digest=(\S*)")
_TOKEN: str = "_M2AUTH_"

log = logging.getLogger(__name__)


def _b(mac: Union[str, bytes]) -> bytes:
    """A MAC as bytes for compare_digest, which refuses non-ASCII str: a
    tampered cookie may carry any character (and is then simply not good)."""
    return mac if isinstance(mac, bytes) else mac.encode("utf-8", "surrogateescape")


@entry_point("m2crypto.AuthCookie.mix")
def mix(expiry: float, data: str, format: str = _MIX_FORMAT) -> str:
    return format % (expiry, data)


@entry_point("m2crypto.AuthCookie.unmix")
def unmix(dough: Union[str, bytes], regex: Pattern = _MIX_RE) -> Optional[Tuple[float, str]]:
    mo = regex.match(dough)
    return (float(mo.group(1)), mo.group(2)) if mo else None


@entry_point("m2crypto.AuthCookie.unmix3")
def unmix3(dough: Union[str, bytes], regex: Pattern = _MIX_RE) -> Optional[Tuple[float, str, str]]:
    mo = regex.match(dough)
    return (float(mo.group(1)), mo.group(2), mo.group(3)) if mo else None


@legacy_class("m2crypto.AuthCookie.AuthCookie")
class AuthCookie:
    def __init__(self, expiry: float, data: str, dough: str, mac: str) -> None:
        self._expiry = expiry
        self._data = data
        self._mac = mac
        self._cookie = SimpleCookie()
        self._cookie[_TOKEN] = f"{dough}{mac}"
        self._name = f"{dough}{mac}"  # WebKit only.

    @entry_point("m2crypto.AuthCookie.AuthCookie.expiry")
    def expiry(self) -> float:
        return self._expiry

    @entry_point("m2crypto.AuthCookie.AuthCookie.data")
    def data(self) -> str:
        return self._data

    @entry_point("m2crypto.AuthCookie.AuthCookie.mac")
    def mac(self) -> str:
        return self._mac

    @entry_point("m2crypto.AuthCookie.AuthCookie.output")
    def output(self, header: str = "Set-Cookie:") -> str:
        return self._cookie.output(header=header)

    @entry_point("m2crypto.AuthCookie.AuthCookie.value")
    def value(self) -> str:
        return self._cookie[_TOKEN].value

    @entry_point("m2crypto.AuthCookie.AuthCookie.isExpired")
    def isExpired(self) -> bool:
        return isinstance(self._expiry, (float, int)) and (time.time() > self._expiry)

    @entry_point("m2crypto.AuthCookie.AuthCookie.name")
    def name(self) -> str:
        return self._name

    @entry_point("m2crypto.AuthCookie.AuthCookie.headerValue")
    def headerValue(self) -> str:
        return self.value()


@legacy_class("m2crypto.AuthCookie.AuthCookieJar")
class AuthCookieJar:
    _keylen: int = 20

    def __init__(self) -> None:
        self._key = Rand.rand_bytes(self._keylen)

    def _hmac(self, key: bytes, data: str) -> str:
        return util.bin_to_hex(core.hmac(_release.DIGEST, key, data.encode()))

    @entry_point("m2crypto.AuthCookie.AuthCookieJar.makeCookie")
    def makeCookie(self, expiry: float, data: str) -> AuthCookie:
        if not isinstance(expiry, (int, float)):
            raise ValueError(f'Expiration time must be number, not "{expiry}')
        dough = mix(expiry, data)
        return AuthCookie(expiry, data, dough, self._hmac(self._key, dough))

    @entry_point("m2crypto.AuthCookie.AuthCookieJar.isGoodCookie")
    def isGoodCookie(self, cookie: AuthCookie) -> bool:
        if cookie.isExpired():
            return False
        c = self.makeCookie(cookie._expiry, cookie._data)
        return (
            (c._expiry == cookie._expiry)
            and (c._data == cookie._data)
            and _hmac.compare_digest(_b(c._mac), _b(cookie._mac))
            and (c.output() == cookie.output())
        )

    @entry_point("m2crypto.AuthCookie.AuthCookieJar.isGoodCookieString")
    def isGoodCookieString(self, cookie_str: Union[dict, str], _debug: bool = False) -> bool:
        c = SimpleCookie()
        try:
            c.load(cookie_str)
        except CookieError:
            log.warning("Illegal characters in cookie string (CVE-2026-0672)")
            return False
        if _TOKEN not in c:
            return False
        undough = unmix3(c[_TOKEN].value)
        if undough is None:
            return False
        exp, data, mac = undough
        c2 = self.makeCookie(exp, data)
        return (not c2.isExpired()) and _hmac.compare_digest(_b(c2._mac), _b(mac))
