"""cryptoshim.releases.read_release, which both drop-ins' _release.py read
their release with (CRYPTOSHIM_PYOPENSSL_RELEASE, CRYPTOSHIM_M2CRYPTO_RELEASE):
the import-time refusals of each package are in test_pyopenssl_releases.py and
test_m2crypto_releases.py."""
import pytest

from cryptoshim.releases import read_release

ENV = "CRYPTOSHIM_TEST_RELEASE"


def read(monkeypatch, value):
    if value is None:
        monkeypatch.delenv(ENV, raising=False)
    else:
        monkeypatch.setenv(ENV, value)
    return read_release(ENV, "0.51.0", (0, 38, 0), "a release from 0.38.0 on")


@pytest.mark.parametrize("value", [None, "", "   "])
def test_unset_or_blank_is_the_default(monkeypatch, value):
    assert read(monkeypatch, value) == ("0.51.0", (0, 51, 0))


def test_the_release_is_read_stripped(monkeypatch):
    assert read(monkeypatch, " 0.45.1\n") == ("0.45.1", (0, 45, 1))
    assert read(monkeypatch, "0.38.0") == ("0.38.0", (0, 38, 0))


@pytest.mark.parametrize("value", ["0.37.9", "0.51", "0.51.0.1", "x.y.z", "0.51.0rc1", "1..0"])
def test_anything_else_is_an_import_error_naming_the_variable(monkeypatch, value):
    with pytest.raises(ImportError) as info:
        read(monkeypatch, value)
    assert str(info.value) == f"{ENV}={value!r}: expected a release from 0.38.0 on"
