"""bench/twisted_timing.py's pure parts, no venvs: the same-build venv's pins
(Twisted's own, with the real pyOpenSSL 23.0.0's cryptography stack in place
of cryptography 50 and service-identity 26, which needs it) and the parse of
trial's summary line."""
import importlib.util
import pathlib
import tomllib

import pytest

ROOT = pathlib.Path(__file__).resolve().parents[2]
_spec = importlib.util.spec_from_file_location("twisted_timing", ROOT / "bench" / "twisted_timing.py")
twisted_timing = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(twisted_timing)

CONFIG = tomllib.loads((ROOT / "compat_tests" / "downstream" / "twisted.toml").read_text())


def names(pins):
    return {pin.split("==")[0]: pin.split("==")[1] for pin in pins}


def test_same_build_pins_swap_the_cryptography_stack():
    pins = names(twisted_timing.same_build_pins(CONFIG))
    assert pins["cryptography"] == "39.0.2"
    assert pins["service-identity"] == "23.1.0"
    assert pins["pyopenssl"] == "23.0.0"
    # Everything else is Twisted's own pin, unchanged.
    ours = names(CONFIG["requirements"])
    assert pins["twisted"] == ours["twisted"]
    kept = {k: v for k, v in ours.items() if k not in twisted_timing.SAME_BUILD_SWAP}
    assert kept.items() <= pins.items()
    assert len(twisted_timing.same_build_pins(CONFIG)) == len(set(pins))


def test_a_pin_gone_from_twisted_toml_is_an_error():
    config = {"requirements": [p for p in CONFIG["requirements"] if "cryptography" not in p]}
    with pytest.raises(SystemExit, match="no longer pins"):
        twisted_timing.same_build_pins(config)


@pytest.mark.parametrize(("line", "tests", "seconds"), [
    ("Ran 337 tests in 65.487s", 337, 65.487),
    ("Ran 1 test in 0.004s", 1, 0.004),
])
def test_trial_summary_is_read(line, tests, seconds):
    found = twisted_timing.RAN.search(f"...\n{'-' * 79}\n{line}\n\nPASSED (successes=1)\n")
    assert (int(found.group(1)), float(found.group(2))) == (tests, seconds)
