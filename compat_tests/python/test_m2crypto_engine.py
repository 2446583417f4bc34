"""M2Crypto.Engine in a build without OpenSSL 3's deprecated ENGINE API:
lookups fail like an unknown engine, loaders raise EngineError, and both say
why."""
import pytest

from M2Crypto import Engine, m2


def test_engine_api_reported_absent():
    assert m2.is_engine_available is False
    assert Engine.Engine.is_available() is False


@pytest.mark.parametrize("engine_id", ["pkcs11", b"dynamic", "openssl"])
def test_lookup_fails_like_an_unknown_engine(engine_id):
    with pytest.raises(ValueError, match=r"^Unknown engine: .*ENGINE API is not available"):
        Engine.Engine(engine_id)


def test_lookup_by_none_keeps_m2cryptos_message():
    with pytest.raises(ValueError, match="Trying to search engine by id of None"):
        Engine.Engine()


@pytest.mark.parametrize("load", [Engine.load_dynamic, Engine.load_openssl,
                                  lambda: Engine.load_dynamic_engine(b"pkcs11", "/x.so")])
def test_loaders_raise_engine_error(load):
    with pytest.raises(Engine.EngineError, match="OpenSSL 3 provider"):
        load()


def test_cleanup_is_harmless():
    assert Engine.cleanup() is None
