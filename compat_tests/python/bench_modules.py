"""bench/ scripts loaded in tests. bench/ is no package and its scripts
import one another by plain name (timing, goals, pairing), so bench/ is on
sys.path while one loads; the module is registered under `bench_<name>`
(dataclasses look their module up in sys.modules)."""
import importlib.util
import pathlib
import sys
from types import ModuleType

BENCH = pathlib.Path(__file__).resolve().parents[2] / "bench"


def load_bench(name: str) -> ModuleType:
    """bench/<name>.py, executed."""
    spec = importlib.util.spec_from_file_location(f"bench_{name}", BENCH / f"{name}.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    sys.path.insert(0, str(BENCH))
    try:
        spec.loader.exec_module(module)
    finally:
        sys.path.remove(str(BENCH))
    return module
