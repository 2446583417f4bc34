"""An unrelated project that happens to ship a top-level package called OpenSSL.

It wraps the `openssl` command line; it is not pyOpenSSL.
"""
import subprocess


def run(*args):
    return subprocess.check_output(("openssl",) + args)
