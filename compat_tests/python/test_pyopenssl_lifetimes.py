"""pyOpenSSL objects are freed with their last reference exactly when the
real pyOpenSSL's are (differential/pyopenssl_lifetime_cases.py, the cyclic
collector off): a reference cycle of the drop-in's own would keep an object,
and its OpenSSL state, until a collection. The one cycle the real library
has (a certificate's subject and its name invalidator) is kept on purpose:
programs probe those private attributes."""
import sys

import pytest
import test_differential_pyopenssl as differential
from test_differential_pyopenssl import REAL, real_env, real_pyopenssl_available

fixtures = differential.fixtures  # the certificate and key (cert.pem, key.pem)

SCRIPT = differential.HERE / "differential" / "pyopenssl_lifetime_cases.py"
sys.path.insert(0, str(SCRIPT.parent))
from lifetime_probe import outcomes  # noqa: E402


def _outcomes(python: str, fixtures, env=None) -> dict:
    return outcomes(python, SCRIPT, fixtures, env)


def test_drop_in_objects_are_freed_by_their_last_reference(fixtures):
    ours = _outcomes(sys.executable, fixtures)
    assert {name for name, outcome in ours.items() if outcome != "freed"} == {"subject"}, ours


@pytest.mark.skipif(not real_pyopenssl_available(),
                    reason=f"no interpreter with the real pyOpenSSL ({REAL})")
def test_lifetimes_match_real_pyopenssl(fixtures):
    assert _outcomes(REAL, fixtures, real_env()) == _outcomes(sys.executable, fixtures)
