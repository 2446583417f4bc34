import os
import pathlib

import pytest

REPO = pathlib.Path(__file__).resolve().parents[2]


@pytest.fixture
def shared_data() -> pathlib.Path:
    """../shared/data, or $CRYPTOSHIM_SHARED_DATA; skips when absent."""
    path = pathlib.Path(os.environ.get("CRYPTOSHIM_SHARED_DATA", REPO.parent / "shared" / "data"))
    if not path.is_dir():
        pytest.skip(f"shared test data not found at {path} (set CRYPTOSHIM_SHARED_DATA)")
    return path
