#!/usr/bin/env bash
# Makes build/venv-real-pyopenssl-samebuild: the REAL pyOpenSSL 23.0.0 on
# cryptography 39.0.2 whose OpenSSL is the SYSTEM's (the one the drop-in
# links), for a same-build comparison (issue 12). Prints the interpreter path.
#
# Why not `pip install --no-binary cryptography`: every cryptography that
# pyOpenSSL 23.0.0 accepts (>=38,<40) has a Rust extension, and its sdist
# vendors no crates; cargo then needs crates.io, which this machine cannot
# reach (`cargo fetch`: "Could not resolve host: index.crates.io"). The last
# Rust-free cryptography (3.3.x, or 3.4.x with CRYPTOGRAPHY_DONT_BUILD_RUST)
# is too old for pyOpenSSL 23.
#
# What this does instead: in 39.0.2 OpenSSL sits only in the cffi module
# cryptography.hazmat.bindings._openssl (the Rust `_rust` module links no
# OpenSSL: it parses ASN.1 and calls back into Python for keys), and that is
# the module pyOpenSSL drives for everything. So: install the 39.0.2 wheel
# (for its Rust part and Python code), compile `_openssl` from the 39.0.2
# sdist with its own cffi build script against the system headers and
# libssl.so.3, and put it in place of the wheel's statically linked copy
# (OpenSSL 3.0.8). The check at the end refuses a venv whose cryptography
# still reports another OpenSSL than the system's.
set -euo pipefail
cd "$(dirname "$0")/.."
# CRYPTOSHIM_REFERENCE_VENVS (scripts/test.sh: ~/.cache/cryptoshim/reference-venvs) keeps it across clones.
venv="$(realpath -m "${CRYPTOSHIM_REFERENCE_VENVS:-build}/venv-real-pyopenssl-samebuild")"
py="$venv/bin/python"
stamp="$venv/.samebuild-ok"
if [ ! -f "$stamp" ]; then
  rm -rf "$venv"
  python3 -m venv "$venv" >&2
  "$py" -m pip install -q --disable-pip-version-check \
    "pyopenssl==23.0.0" "cryptography==39.0.2" "setuptools<70" >&2
  src=$(mktemp -d)
  trap 'rm -rf "$src"' EXIT
  "$py" -m pip download -q --disable-pip-version-check --no-deps --no-binary :all: \
    -d "$src" "cryptography==39.0.2" >&2
  tar -xzf "$src"/cryptography-39.0.2.tar.gz -C "$src"
  bindings=$("$py" -c 'import cryptography.hazmat.bindings as b, os; print(os.path.dirname(b.__file__))')
  (cd "$src/cryptography-39.0.2/src" && "$py" - "$src/out" >&2 <<'EOF'
import sys
from _cffi_src.build_openssl import ffi
print("compiled", ffi.compile(tmpdir=sys.argv[1]))
EOF
  )
  built=$(find "$src/out" -name '_openssl*.so' | head -n1)
  cp "$built" "$bindings/_openssl.abi3.so"
fi
# The cffi module's version must be the library's: the same OpenSSL at run time.
"$py" - >&2 <<'EOF'
import ctypes.util, ssl
from cryptography.hazmat.bindings.openssl.binding import Binding
import OpenSSL
lib = Binding.lib
ours = Binding.ffi.string(lib.OpenSSL_version(lib.OPENSSL_VERSION)).decode()
system = ssl.OPENSSL_VERSION
assert ours == system, f"cryptography uses {ours!r}, the system {system!r}"
print(f"real pyOpenSSL {OpenSSL.__version__} on cryptography 39.0.2 with {ours}")
EOF
touch "$stamp"
echo "$py"
