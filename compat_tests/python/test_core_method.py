"""_core.CoreMethod: a drop-in method that reads one value off its instance's
core object in C (OpenSSL.crypto.X509.get_version). It must behave as the
Python method it replaced (`return self._cert.version()`): read the live core
object, bind like a function, fail with the same exceptions as a Python
method on bad arguments, and be counted by telemetry like every entry point."""
import pytest

from cryptoshim import _core, telemetry
from cryptoshim.legacy import API_ATTRIBUTE
from OpenSSL import crypto


class _PythonTwin:
    """The method CoreMethod stands for, to compare error messages with."""

    def __init__(self, cert):
        self._cert = cert

    def get_version(self):
        return self._cert.version()


def test_get_version_is_a_counted_core_method():
    entry = crypto.X509.__dict__["get_version"]
    assert isinstance(entry, _core.LegacyFunction)
    assert isinstance(entry.__wrapped__, _core.CoreMethod)
    assert getattr(entry, API_ATTRIBUTE) == "pyopenssl.crypto.X509.get_version"
    assert entry.__name__ == "get_version"
    assert entry.__qualname__ == "X509.get_version"


def test_reads_the_live_core_object():
    cert = crypto.X509()
    assert cert.get_version() == 0
    cert.set_version(2)
    assert cert.get_version() == 2 == cert._cert.version()
    assert crypto.X509.get_version(cert) == 2


def test_each_call_is_counted():
    telemetry.reset()
    cert = crypto.X509()
    for _ in range(3):
        cert.get_version()
    apis = telemetry.snapshot()["apis"]
    assert apis["pyopenssl.crypto.X509.get_version"]["calls"] == 3
    telemetry.reset()


@pytest.mark.parametrize(
    "call",
    [
        lambda m, obj: m(obj, 1),
        lambda m, obj: m(),
        lambda m, obj: m(obj, a=1),
    ],
    ids=["extra positional", "no self", "keyword"],
)
def test_bad_arguments_fail_as_a_python_method_does(call):
    cert = crypto.X509()
    with pytest.raises(TypeError) as ours:
        call(crypto.X509.get_version, cert)
    with pytest.raises(TypeError) as twin:
        call(_PythonTwin.get_version, _PythonTwin(cert._cert))
    assert str(ours.value).replace("X509.", "") == str(twin.value).replace("_PythonTwin.", "")


def test_wrong_self_is_an_attribute_error():
    with pytest.raises(AttributeError, match="_cert"):
        crypto.X509.get_version(object())


def test_core_attribute_of_another_type_is_a_type_error():
    holder = _PythonTwin("not a certificate")
    method = _core.CoreMethod("_cert", "Certificate.version", "T.get_version")
    with pytest.raises(TypeError, match="Certificate"):
        method(holder)


def test_unknown_accessor_is_refused():
    with pytest.raises(ValueError, match="no core accessor"):
        _core.CoreMethod("_cert", "Certificate.nothing", "T.x")
