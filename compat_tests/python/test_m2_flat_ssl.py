"""The flat M2Crypto.m2 SSL API (issue 11): ssl_*, ssl_ctx_*, ssl_session_*,
ssl_cipher_*, sk_ssl_cipher_*, bio_*ssl* on the drop-in's handles.

- A differential run: differential/m2_flat_ssl_cases.py drives real TLS over
  loopback through the flat functions in the real M2Crypto 0.51.0 (its venv:
  $CRYPTOSHIM_REAL_M2CRYPTO_PYTHON, else scripts/real-m2crypto-venv.sh) and
  in the drop-in; values and exception classes must agree.
- Drop-in checks: every length round-trips through flat calls on both ends
  of a memory-BIO pair, flat and class calls mixed at every split point,
  WANT_READ seen through ssl_get_error after a class call, the policy for
  verification off / TLS 1.0 / weak ciphers, and bad input.
"""
import json
import os
import pathlib
import subprocess
import sys

import pytest
from webpki_chain import webpki_chain

from cryptoshim import InsecureLegacyWarning, InsecureOperationError
from M2Crypto import BIO, SSL, m2

HERE = pathlib.Path(__file__).resolve().parent
REPO = HERE.parents[1]
SCRIPT = HERE / "differential" / "m2_flat_ssl_cases.py"

pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning",
                                        "ignore::cryptoshim.InsecureLegacyWarning")

# Outcomes that may differ, each with the reason. Keep this empty unless the
# real library's answer is an artefact of its C layer, not behaviour.
KNOWN_DIFFERENCES: dict = {}


@pytest.fixture(scope="module")
def pki(tmp_path_factory, certs):
    root = tmp_path_factory.mktemp("flatssl")
    cert, key = certs("localhost", sans=["localhost"])
    (root / "cert.pem").write_bytes(certs.pem(cert))
    (root / "key.pem").write_bytes(certs.key_pem(key))
    (root / "key-enc.pem").write_bytes(certs.key_pem(key, password=b"secret"))
    subprocess.run(["openssl", "genpkey", "-genparam", "-algorithm", "DH", "-pkeyopt",
                    "dh_param:ffdhe2048", "-out", str(root / "dh.pem")], check=True,
                   capture_output=True)
    return root


# -- differential ----------------------------------------------------------------------
def real_env() -> dict:
    """The real library's environment: without what points at our build."""
    return {k: v for k, v in os.environ.items()
            if k not in ("PYTHONPATH", "CRYPTOSHIM_CORE_DIR", "PYTHONHOME", "CRYPTOSHIM_POLICY")}


def real_m2crypto_python() -> str:
    """The interpreter with the real M2Crypto 0.51.0; fails (never skips)
    when there is none."""
    candidate = os.environ.get("CRYPTOSHIM_REAL_M2CRYPTO_PYTHON")
    if not candidate:
        made = subprocess.run([str(REPO / "scripts" / "real-m2crypto-venv.sh")],
                              capture_output=True, text=True)
        assert made.returncode == 0, "no real M2Crypto venv: " + made.stderr[-2000:]
        candidate = made.stdout.strip().splitlines()[-1]
    probe = subprocess.run([candidate, "-c", "import M2Crypto, sys; "
                            "assert M2Crypto.__version__ == '0.51.0', M2Crypto.__version__; "
                            "import importlib.util as u; "
                            "sys.exit(u.find_spec('cryptoshim') is not None)"],
                           capture_output=True, text=True, env=real_env())
    assert probe.returncode == 0, (
        f"{candidate} is not an interpreter with the real M2Crypto 0.51.0: {probe.stderr}")
    return candidate


def run_cases(python: str, fixtures: pathlib.Path, env: dict) -> dict:
    out = subprocess.run([python, str(SCRIPT), str(fixtures)], capture_output=True, text=True,
                         env=env, timeout=600)
    assert out.returncode == 0, out.stderr[-4000:]
    return json.loads(out.stdout)


@pytest.fixture(scope="module")
def both(pki):
    real = run_cases(real_m2crypto_python(), pki, real_env())
    env = dict(os.environ, CRYPTOSHIM_POLICY="compat")
    ours = run_cases(sys.executable, pki, env)
    return real, ours


def test_differential_run_covers_the_same_cases(both):
    real, ours = both
    assert set(real) == set(ours) == set(differential_case_names())


def differential_case_names():
    # The case names, read from the script without running it.
    text = SCRIPT.read_text()
    names = [line.split('"')[1] for line in text.splitlines()
             if line.startswith('case("') and '"' in line]
    bad = text[text.index("BAD = {"):text.index("}\nfor name, fn in BAD.items()")]
    names += ["bad_" + line.strip().split('"')[1] for line in bad.splitlines()[1:]
              if line.strip().startswith('"')]
    names += [f"alert_{v}" for v in (0, 1 << 8, 2 << 8, 3 << 8, 2 << 8 | 40, 2 << 8 | 48,
                                       2 << 8 | 112, 255)]
    int_calls = text[text.index("_SSL_INT_CALLS = {"):text.index("}\nfor _label, _call in")]
    labels = [line.strip().split('"')[1] for line in int_calls.splitlines()[1:]
              if line.strip().startswith('"')]
    names += [f"int arg {label}({shown})" for label in labels
              for shown in ("True", "2**31", "2**63", "2**64", "-1", "1.0", "-2**63-1")]
    return sorted(set(names))


@pytest.mark.parametrize("name", differential_case_names())
def test_same_outcome_as_real_m2crypto(both, name):
    real, ours = both
    assert name in real, "the case did not run against the real M2Crypto"
    if name in KNOWN_DIFFERENCES:
        pytest.xfail(KNOWN_DIFFERENCES[name])
    assert ours.get(name) == real[name]


def test_the_real_library_really_did_the_tls_work(both):
    """Guards against two equal failures passing the comparison."""
    real, _ = both
    assert real["blocking_round_trips"] == [True, 74]
    assert real["nbio_round_trips"][:2] == [True, 74]
    assert all(real["mixed_class_and_flat"][:12])
    assert real["memory_bio_handshake_and_data"][:6] == [True, 1, True, True, True, True]
    assert real["flat_server_with_python_client"][2] == ["bytes", 4, b"PING".hex()]


# -- drop-in: memory-BIO pairs driven only through flat calls -----------------------------
def flat_pair(pki):
    """A client and a server SSL, each on its own pair of memory BIOs."""
    server_ctx = m2.ssl_ctx_new(m2.sslv23_method())
    assert m2.ssl_ctx_use_cert_chain(server_ctx, str(pki / "cert.pem")) == 1
    assert m2.ssl_ctx_use_privkey(server_ctx, str(pki / "key.pem")) == 1
    client_ctx = m2.ssl_ctx_new(m2.sslv23_method())
    m2.ssl_ctx_set_verify_default(client_ctx, m2.SSL_VERIFY_PEER)
    anchor = pki / "root.pem" if (pki / "root.pem").exists() else pki / "cert.pem"
    assert m2.ssl_ctx_load_verify_locations(client_ctx, str(anchor), None) == 1
    client, server = m2.ssl_new(client_ctx), m2.ssl_new(server_ctx)
    c_in, c_out, s_in, s_out = (BIO.MemoryBuffer() for _ in range(4))
    m2.ssl_set_bio(client, c_in, c_out)
    m2.ssl_set_bio(server, s_in, s_out)
    m2.ssl_set_connect_state(client)
    m2.ssl_set_accept_state(server)
    m2.ssl_set1_host(client, "localhost")

    def pump():
        s_in.write(c_out.read() or b"")
        c_in.write(s_out.read() or b"")

    for _ in range(20):
        c, s = m2.ssl_connect(client), m2.ssl_accept(server)
        pump()
        if c == 1 and s == 1:
            break
    assert m2.ssl_is_init_finished(client) and m2.ssl_is_init_finished(server)
    assert m2.ssl_get_verify_result(client) == 0
    return client, server, pump


def payload(n: int) -> bytes:
    return bytes((i * 13 + n) % 256 for i in range(n))


def drain(ssl, n: int, pump, reader=m2.ssl_read) -> bytes:
    out = b""
    for _ in range(1000):
        if len(out) >= n:
            break
        chunk = reader(ssl, n - len(out))
        if chunk is None:
            pump()
            continue
        out += chunk
    return out


def test_every_length_round_trips_through_flat_calls(pki):
    client, server, pump = flat_pair(pki)
    for n in [*list(range(1, 300)), 16383, 16384, 16385, 70000]:
        data = payload(n)
        assert m2.ssl_write(client, data) == n
        pump()
        assert drain(server, n, pump) == data, n
        assert m2.ssl_write_nbio(server, data) == n
        pump()
        assert drain(client, n, pump, m2.ssl_read_nbio) == data, n
    # Nothing is left behind on either side.
    pump()
    assert m2.ssl_read_nbio(client, 10) is None
    assert m2.ssl_get_error(client, -1) == m2.ssl_error_want_read
    assert m2.ssl_read(server, 10) is None


def test_a_timeout_on_memory_bios_is_an_error_as_in_m2crypto(pki):
    client, _server, _pump = flat_pair(pki)
    with pytest.raises(SSL.SSLError, match="not associated with a file descriptor"):
        m2.ssl_read(client, 10, 0.5)
    assert m2.ssl_read(client, 10) is None  # without a timeout: wants input
    fresh = m2.ssl_new(m2.ssl_ctx_new(m2.sslv23_method()))
    m2.ssl_set_bio(fresh, BIO.MemoryBuffer(), BIO.MemoryBuffer())
    m2.ssl_set_connect_state(fresh)
    with pytest.raises(SSL.SSLError, match="not associated with a file descriptor"):
        m2.ssl_connect(fresh, 0.5)


def test_zero_length_io(pki):
    client, _server, _pump = flat_pair(pki)
    assert m2.ssl_write_nbio(client, b"") == 0
    assert m2.ssl_read_nbio(client, 0) == b""
    with pytest.raises(SSL.SSLError):
        m2.ssl_write(client, b"")  # SSL_write(0): M2Crypto's "unexpected eof"


def test_close_notify_is_the_end_of_stream(pki):
    client, server, pump = flat_pair(pki)
    m2.ssl_write(server, b"last")
    assert m2.ssl_shutdown(server) == 0  # sent, not yet answered
    pump()
    assert drain(client, 4, pump) == b"last"
    assert m2.ssl_read(client, 10) is None  # M2Crypto: SSL_read returned 0
    assert m2.ssl_get_error(client, 0) == m2.ssl_error_zero_return
    assert m2.ssl_read_nbio(client, 10) == b""
    assert m2.ssl_get_shutdown(client) & m2.SSL_RECEIVED_SHUTDOWN
    # As with the real M2Crypto, the other direction stays open (half close).
    assert m2.ssl_write_nbio(client, b"x") == 1


# -- drop-in: the class and the flat functions on one connection -----------------------------
def class_pair(pki):
    """SSL.Connection objects on memory BIOs (Connection.set_bio)."""
    server_ctx = SSL.Context()
    server_ctx.load_cert(str(pki / "cert.pem"), str(pki / "key.pem"))
    client = SSL.Connection(SSL.Context())
    server = SSL.Connection(server_ctx)
    bios = [BIO.MemoryBuffer() for _ in range(4)]
    client.set_bio(bios[0], bios[1])
    server.set_bio(bios[2], bios[3])

    def pump():
        bios[2].write(bios[1].read() or b"")
        bios[0].write(bios[3].read() or b"")

    client.set_connect_state()
    server.set_accept_state()
    for _ in range(20):
        client.connect_ssl()
        server.accept_ssl()
        pump()
        if m2.ssl_is_init_finished(client.ssl) and m2.ssl_is_init_finished(server.ssl):
            break
    return client, server, pump


@pytest.mark.parametrize("n", [1, 2, 7, 100, 4096, 20000])
def test_mixing_class_and_flat_reads_at_every_split_neither_loses_nor_duplicates(pki, n):
    client, server, pump = class_pair(pki)
    data = payload(n)
    for split in sorted({0, 1, n // 3, n // 2, n - 1, n}):
        client.write(data)
        pump()
        head = b""
        while len(head) < split:
            head += server.read(split - len(head)) or b""
            pump()
        tail = drain(server.ssl, n - split, pump) if split < n else b""
        assert head + tail == data, (n, split)
        assert m2.ssl_pending(server.ssl) == server.pending() == 0
        # And back, flat writes read by the class.
        assert m2.ssl_write(server.ssl, data) == n
        pump()
        back = b""
        while len(back) < n:
            back += client.read(n - len(back)) or b""
            pump()
        assert back == data


def test_ssl_get_error_reports_the_last_class_call(pki):
    client, _server, _pump = class_pair(pki)
    assert client.read(10) == b""  # nothing there: want read
    assert m2.ssl_get_error(client.ssl, -1) == m2.ssl_error_want_read
    assert client.ssl_get_error(-1) == m2.ssl_error_want_read
    client.write(b"x")
    assert m2.ssl_get_error(client.ssl, 1) == m2.ssl_error_none


def test_bio_f_ssl_bio_drives_a_flat_ssl(pki):
    client, server, pump = flat_pair(pki)
    bio = BIO.SSLBio()
    assert m2.bio_set_ssl(bio, server, m2.bio_noclose) == 1
    assert m2.ssl_get_mode(server) & m2.SSL_MODE_AUTO_RETRY
    m2.ssl_write(client, b"through the filter")
    pump()
    assert bio.read(100) == b"through the filter"
    assert bio.write(b"and back") == 8
    pump()
    assert drain(client, 8, pump) == b"and back"
    assert m2.bio_new_ssl(m2.ssl_ctx_new(m2.sslv23_method()), 1) is not None


# -- the policy ------------------------------------------------------------------------------

@pytest.mark.filterwarnings("default::cryptoshim.InsecureLegacyWarning")
def test_verification_off_tls1_and_weak_ciphers_warn_in_compat(pki):
    ctx = m2.ssl_ctx_new(m2.sslv23_method())
    with pytest.warns(InsecureLegacyWarning):
        m2.ssl_ctx_set_cipher_list(ctx, "ALL:eNULL:@SECLEVEL=0")
    with pytest.warns(InsecureLegacyWarning):
        m2.ssl_ctx_new(m2.tlsv1_method())
    with pytest.warns(InsecureLegacyWarning):
        m2.ssl_ctx_set_tls1(ctx)
    ssl = m2.ssl_new(m2.ssl_ctx_new(m2.sslv23_method()))
    m2.ssl_set_bio(ssl, BIO.MemoryBuffer(), BIO.MemoryBuffer())
    with pytest.warns(InsecureLegacyWarning, match="verification off"):
        assert m2.ssl_connect(ssl) == 0


def test_verification_off_tls1_and_weak_ciphers_are_refused_in_strict(pki, strict, tmp_path, certs):
    ctx = m2.ssl_ctx_new(m2.sslv23_method())
    with pytest.raises(InsecureOperationError):
        m2.ssl_ctx_set_cipher_list(ctx, "ALL:aNULL:@SECLEVEL=0")
    with pytest.raises(InsecureOperationError):
        m2.tlsv1_method()
    with pytest.raises(InsecureOperationError):
        m2.ssl_ctx_set_tls1(ctx)
    ssl = m2.ssl_new(m2.ssl_ctx_new(m2.sslv23_method()))
    m2.ssl_set_bio(ssl, BIO.MemoryBuffer(), BIO.MemoryBuffer())
    with pytest.raises(InsecureOperationError):
        m2.ssl_connect(ssl)
    client = m2.ssl_new(m2.ssl_ctx_new(m2.sslv23_method()))
    m2.ssl_set_connect_state(client)
    with pytest.raises(InsecureOperationError):
        m2.ssl_do_handshake(client)
    # A verifying client with a host name and a WebPKI-conforming chain is
    # fine under strict (flat_pair's self-signed certificate is not one: a
    # leaf that is its own trust anchor has no path).
    client, _server, _pump = flat_pair(webpki_pki(tmp_path, certs))
    assert m2.ssl_write(client, b"ok") == 2


def webpki_pki(tmp_path, certs):
    """flat_pair's layout (cert.pem, key.pem) with the root as the client's
    trust anchor and leaf + intermediate as the server's chain."""
    files, _host = webpki_chain(tmp_path, certs)
    pki = tmp_path / "flat"
    pki.mkdir()
    (pki / "cert.pem").write_bytes(open(files["chain"], "rb").read())
    (pki / "key.pem").write_bytes(open(files["key"], "rb").read())
    (pki / "root.pem").write_bytes(open(files["root"], "rb").read())
    return pki


# -- bad input --------------------------------------------------------------------------------
NEW_NAMES = sorted(n for n in dir(m2) if n.startswith(("ssl_", "sslv", "tlsv", "sk_ssl_",
                                                        "bio_f_ssl", "bio_new_ssl",
                                                        "bio_set_ssl"))
                   and callable(getattr(m2, n)))
BAD_ARGUMENTS = [None, 0, -1, "x", b"x", object(), 2.5]
ACCEPTED_ERRORS = (TypeError, ValueError, SSL.SSLError, MemoryError, BrokenPipeError,
                   InsecureOperationError)


@pytest.mark.parametrize("name", NEW_NAMES)
def test_bad_input_gets_an_exception_or_a_value_never_a_crash(name):
    fn = getattr(m2, name)
    for arity in range(0, 4):
        for bad in BAD_ARGUMENTS:
            try:
                fn(*([bad] * arity))
            except ACCEPTED_ERRORS:
                pass
            except Exception as exc:
                pytest.fail(f"m2.{name}(*{[bad] * arity!r}) raised {type(exc).__name__}: {exc}")
