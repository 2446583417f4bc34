import os
import pathlib

import pytest

REPO = pathlib.Path(__file__).resolve().parents[2]


@pytest.fixture
def shared_data() -> pathlib.Path:
    """../shared/data, or $CRYPTOSHIM_SHARED_DATA; skips when absent (fails under
    CRYPTOSHIM_REQUIRE_DATA=1, as in CI)."""
    path = pathlib.Path(os.environ.get("CRYPTOSHIM_SHARED_DATA", REPO.parent / "shared" / "data"))
    if not path.is_dir():
        if os.environ.get("CRYPTOSHIM_REQUIRE_DATA") == "1":  # CI: absent data fails
            pytest.fail(f"shared test data not found at {path} and CRYPTOSHIM_REQUIRE_DATA=1")
        pytest.skip(f"shared test data not found at {path} (set CRYPTOSHIM_SHARED_DATA)")
    return path


def _policy_fixture(name: str):
    @pytest.fixture
    def under_policy():
        from cryptoshim import policy

        previous = policy.current()
        policy.set_policy(name)
        yield
        policy.set_policy(previous)

    return under_policy


# Run one test under CRYPTOSHIM_POLICY's strict or compat mode, restoring
# whatever was in force before.
strict = _policy_fixture("strict")
compat = _policy_fixture("compat")
