"""``cryptoshim migrate``: turn legacy pyOpenSSL / M2Crypto call sites into
``cryptography`` code.

sites.py finds the call sites (the survey's scanner, never a second one),
rules.py holds one rewrite rule per catalog id, rewrite.py applies them with
LibCST, plan.py decides per site, report.py renders JSON / Markdown / HTML.
LibCST is an optional dependency (``pip install 'cryptoshim[migrate]'``);
:func:`require_libcst` fails loudly when it is missing.
"""

from __future__ import annotations

INSTALL_HINT = (
    "cryptoshim migrate needs LibCST: pip install 'cryptoshim[migrate]' (or pip install libcst)"
)


class MissingDependency(RuntimeError):
    pass


def require_libcst():
    try:
        import libcst
    except ImportError as exc:  # the extra is not installed
        raise MissingDependency(INSTALL_HINT) from exc
    return libcst
