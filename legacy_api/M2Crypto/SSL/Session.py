"""SSL sessions (M2Crypto/SSL/Session.py) over the core's TlsSession."""
from typing import Union

from cryptoshim import _core
from cryptoshim.legacy import core_call, entry_point, legacy_class
from M2Crypto import BIO
from M2Crypto._common import mapper, read_file
from M2Crypto._common import native_free as _native_free
from M2Crypto.SSL.SSLError import SSLError

__all__ = ["Session", "load_session"]

_errors = mapper(SSLError)


@legacy_class("m2crypto.SSL.Session", errors=_errors)
class Session:
    m2_ssl_session_free = _native_free("m2crypto.SSL.Session.Session.m2_ssl_session_free")
    def __init__(self, session, _pyfree: int = 0) -> None:
        if not isinstance(session, _core.TlsSession):
            raise TypeError("session must come from Connection.get_session() or load_session()")
        self.session = session
        self._pyfree = _pyfree

    def _ptr(self):
        return self.session

    @entry_point("m2crypto.SSL.Session.as_text", errors=_errors)
    def as_text(self) -> bytes:
        return _core.tls_session_text(self.session)

    @entry_point("m2crypto.SSL.Session.as_der", errors=_errors)
    def as_der(self) -> bytes:
        return _core.tls_session_der(self.session)

    @entry_point("m2crypto.SSL.Session.write_bio", errors=_errors)
    def write_bio(self, bio: BIO.BIO) -> int:
        if not isinstance(bio, BIO.BIO):
            raise TypeError("bio must be an M2Crypto.BIO.BIO")
        bio.write(_core.tls_session_pem(self.session))
        return 1

    @entry_point("m2crypto.SSL.Session.get_time")
    def get_time(self) -> int:
        return _core.tls_session_time(self.session)

    @entry_point("m2crypto.SSL.Session.set_time")
    def set_time(self, t: int) -> int:
        _core.tls_set_session_time(self.session, t)
        return 1

    @entry_point("m2crypto.SSL.Session.get_timeout")
    def get_timeout(self) -> int:
        return _core.tls_session_timeout(self.session)

    @entry_point("m2crypto.SSL.Session.set_timeout")
    def set_timeout(self, t: int) -> int:
        _core.tls_set_session_timeout(self.session, t)
        return 1


@entry_point("m2crypto.SSL.Session.load_session")
def load_session(pemfile: Union[str, bytes]) -> Session:
    try:
        pem = read_file(pemfile)
    except OSError as exc:
        raise BIO.BIOError(exc.args) from None
    return Session(core_call(_core.tls_session_from_pem, pem, errors=_errors), 1)
