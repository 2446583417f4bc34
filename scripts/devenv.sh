# Source this to use a CMake developer build without installing:
#   cmake -S . -B build/dev -G Ninja && ninja -C build/dev && . scripts/devenv.sh build/dev
_root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
_build="${1:-build/dev}"
export CRYPTOSHIM_CORE_DIR="$(cd "$_root/$_build" 2>/dev/null && pwd || echo "$_build")/python/cryptoshim"
export PYTHONPATH="$_root/bindings/python:$_root/legacy_api${PYTHONPATH:+:$PYTHONPATH}"
