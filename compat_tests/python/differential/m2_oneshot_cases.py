"""How M2Crypto's per-message calls read for every way of calling them, run
through whichever M2Crypto this interpreter imports: prints one JSON object
{case: "ok <result digest>" or "ExceptionClass: message"}. For Rand.rand_bytes
(the result's length), EVP.hmac and EVP.Cipher (the bytes themselves):
positional and keyword calls, wrong counts, wrong types and bad values."""
import hashlib
import json
import warnings

warnings.simplefilter("ignore")
from M2Crypto import EVP, Rand  # noqa: E402

KEY, IV = bytes(range(32)), bytes(range(16))


def cipher(*args, **kwargs):
    c = EVP.Cipher(*args, **kwargs)
    return c.update(b"x" * 20) + c.final()


CASES = {
    "rand_bytes positional": (Rand.rand_bytes, (16,), {}),
    "rand_bytes keyword": (Rand.rand_bytes, (), {"num": 3}),
    "rand_bytes bool": (Rand.rand_bytes, (True,), {}),
    "rand_bytes zero": (Rand.rand_bytes, (0,), {}),
    "rand_bytes negative": (Rand.rand_bytes, (-1,), {}),
    "rand_bytes past int": (Rand.rand_bytes, (2**31,), {}),
    "rand_bytes str": (Rand.rand_bytes, ("16",), {}),
    "rand_bytes float": (Rand.rand_bytes, (1.0,), {}),
    "rand_bytes None": (Rand.rand_bytes, (None,), {}),
    "rand_bytes no argument": (Rand.rand_bytes, (), {}),
    "rand_bytes two arguments": (Rand.rand_bytes, (1, 2), {}),
    "rand_bytes unknown keyword": (Rand.rand_bytes, (), {"n": 3}),
    "rand_bytes twice": (Rand.rand_bytes, (1,), {"num": 3}),
    "hmac sha256": (EVP.hmac, (b"key", b"data", "sha256"), {}),
    "hmac keywords": (EVP.hmac, (), {"key": b"key", "data": b"data", "algo": "sha512"}),
    "hmac default digest": (EVP.hmac, (b"key", b"data"), {}),
    "hmac bytearray key": (EVP.hmac, (bytearray(b"key"), b"data", "sha256"), {}),
    "hmac unknown digest": (EVP.hmac, (b"key", b"data", "sha513"), {}),
    "hmac str data": (EVP.hmac, (b"key", "data", "sha256"), {}),
    "cipher positional": (cipher, ("aes_256_cbc", KEY, IV, 1), {}),
    "cipher keywords": (cipher, (), {"alg": "aes_128_cbc", "key": KEY, "iv": IV, "op": 1,
                                     "padding": 1}),
    "cipher key derivation": (cipher, ("aes_128_cbc", b"pw", IV, 1, 1, "sha256", b"saltsalt", 3),
                              {}),
    "cipher long key cut": (cipher, ("aes_128_cbc", KEY, IV, 1), {}),
    "cipher short iv zero-extended": (cipher, ("aes_128_cbc", KEY, b"iv", 1), {}),
    "cipher bool op": (cipher, ("aes_128_cbc", KEY, IV, True), {}),
    "cipher op past int": (cipher, ("aes_128_cbc", KEY, IV, 2**31), {}),
    "cipher str op": (cipher, ("aes_128_cbc", KEY, IV, "1"), {}),
    "cipher float i": (cipher, ("aes_128_cbc", b"pw", IV, 1, 1, "sha256", b"saltsalt", 2.0), {}),
    "cipher short key": (cipher, ("aes_256_cbc", b"short", IV, 1), {}),
    "cipher unknown": (cipher, ("aes_999_cbc", KEY, IV, 1), {}),
    "cipher missing op": (cipher, ("aes_128_cbc", KEY, IV), {}),
    "cipher padding off, partial block": (cipher, ("aes_128_cbc", KEY, IV, 1), {"padding": 0}),
}


def outcome(function, args, kwargs) -> str:
    try:
        result = function(*args, **kwargs)
    except Exception as exc:  # noqa: BLE001  (the outcome is the exception)
        first = str(exc).splitlines()[0] if str(exc) else ""
        return f"{type(exc).__name__}: {first}"
    if function is Rand.rand_bytes:
        return f"ok {len(result)} bytes"
    return "ok " + hashlib.sha256(result).hexdigest()


print(json.dumps({name: outcome(*case) for name, case in CASES.items()}))
