"""M2Crypto's per-message calls made in C (Rand.rand_bytes, EVP.hmac,
EVP.Cipher) read as the real library's for every way of calling them:
differential/m2_oneshot_cases.py runs through the real M2Crypto 0.51.0 and
the drop-in, and every case must agree but one, which is ours on purpose.
Without a real interpreter the test fails, as test_m2_flat_pki.py's."""
import json
import subprocess
import sys

from test_m2_flat_pki import HERE, _real_env, _real_python

SCRIPT = HERE / "differential" / "m2_oneshot_cases.py"

# A key shorter than the cipher's: M2Crypto hands the short buffer to
# EVP_CipherInit, which reads the cipher's key length from it, past its end.
# The drop-in refuses the key instead.
DIFFERENT_ON_PURPOSE = {
    "cipher short key": "EVPError: key is shorter than the cipher's key length",
}


def _outcomes(python: str, env=None) -> dict:
    done = subprocess.run([python, str(SCRIPT)], capture_output=True, text=True, env=env,
                          check=True)
    return json.loads(done.stdout)


def test_one_shot_calls_read_as_the_real_librarys():
    ours = _outcomes(sys.executable)
    real = _outcomes(_real_python(), _real_env())
    assert ours.keys() == real.keys()
    differing = {name for name in ours if ours[name] != real[name]}
    assert differing == set(DIFFERENT_ON_PURPOSE)
    for name, outcome in DIFFERENT_ON_PURPOSE.items():
        assert ours[name] == outcome
        assert real[name].startswith("ok ")
