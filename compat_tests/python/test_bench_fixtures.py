"""bench/fixtures.py: the benchmark chain meets the WebPKI profile, as a
public CA's chain does, so the TLS rows time the common case. The drop-ins
judge every presented chain against that profile (tls_policy.py); a failing
chain costs a suppressed InsecureLegacyWarning per full handshake, which the
real libraries never pay, and the fixtures before VERSION 2 failed it."""
import pathlib
import warnings

from bench_modules import load_bench

from cryptoshim.x509_verification import DNSName, PolicyBuilder, Store, VerificationError

fixtures = load_bench("fixtures")


def _chain(directory: pathlib.Path):
    return [(directory / f"{name}.pem").read_bytes() for name in ("leaf", "intermediate", "root")]


def test_the_bench_chain_passes_the_webpki_verifier(tmp_path):
    fixtures.write_fixtures(tmp_path)
    leaf, intermediate, root = _chain(tmp_path)
    verifier = PolicyBuilder().store(Store([root])).build_server_verifier(
        DNSName("leaf.bench.example"))
    chain = verifier.verify(leaf, [intermediate])
    assert len(chain) == 3
    # The check is real: another name is refused.
    other = PolicyBuilder().store(Store([root])).build_server_verifier(DNSName("other.example"))
    try:
        other.verify(leaf, [intermediate])
    except VerificationError:
        pass
    else:
        raise AssertionError("the verifier accepted a name the leaf does not carry")


def test_a_handshake_with_the_bench_chain_raises_no_profile_warning(tmp_path):
    fixtures.write_fixtures(tmp_path)
    workloads = load_bench("workloads_m2_tls")
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        _rows, close = workloads.workloads(tmp_path)
        close()
    messages = [str(w.message) for w in caught]
    # The handshakes did run (the client verifies without a host name: warned once).
    assert any("without a host name" in m for m in messages), messages
    assert not [m for m in messages if "WebPKI profile" in m]


def test_fixtures_from_an_older_version_are_written_again(tmp_path):
    fixtures.write_fixtures(tmp_path)
    (tmp_path / "VERSION").unlink()  # as a directory made before VERSION existed
    old_leaf = (tmp_path / "leaf.pem").read_bytes()
    fixtures.write_fixtures(tmp_path)
    assert (tmp_path / "VERSION").read_text() == fixtures.VERSION
    assert (tmp_path / "leaf.pem").read_bytes() != old_leaf
    current = (tmp_path / "leaf.pem").read_bytes()
    fixtures.write_fixtures(tmp_path)  # current: kept
    assert (tmp_path / "leaf.pem").read_bytes() == current
