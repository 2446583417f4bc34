"""An unsafe operation's InsecureLegacyWarning comes out exactly as
warnings.warn's would, call for call, while the per-site verdict
(bindings/core_module/unsafe_site_memo.h) skips the warnings machinery for
the repeats it would drop.

The same differential as test_warning_verdict.py: its scenario of filter
changes and calls, run once through cryptoshim.legacy.unsafe_operation
(called from a library module, as the drop-ins' code is) and once through a
plain function calling warnings.warn with the same text and category at the
caller's line; the transcripts must be equal. The reason alternates between
two texts at one site in a step of its own: a new reason is a new warning."""

import textwrap

import pytest
from test_warning_verdict import APPMOD as LEGACY_APPMOD
from test_warning_verdict import SCENARIO, run

HEADER = textwrap.dedent("""\
    import os
    import warnings

    import cryptoshim
    from cryptoshim import InsecureLegacyWarning, _core

    ID = "m2crypto.m2.bio_s_mem"
    ENTRY = next(e for e in _core.catalog() if e["id"] == ID)
    REASONS = ["MD5 digest (site reason 1)", "SHA-1 digest (site reason 2)"]
    reason = [REASONS[0]]

    # The drop-ins call unsafe_operation from their own code, which the
    # caller search skips: the helper is compiled as a file of the package.
    HELPER = ("from cryptoshim.legacy import unsafe_operation\\n"
              "def unsafe():\\n"
              "    unsafe_operation(ID, reason[0])\\n")
    helper = {"ID": ID, "reason": reason}
    exec(compile(HELPER, os.path.join(os.path.dirname(cryptoshim.__file__), "_site_helper.py"),
                 "exec"), helper)


    def reference():
        text = (f"{ENTRY['module']}.{ENTRY['name']}: {reason[0]} is insecure; "
                f"use {ENTRY['replacement']} [cryptoshim:{ID}]")
        warnings.warn(text, InsecureLegacyWarning, stacklevel=2)


    api = reference if REFERENCE else helper["unsafe"]


""")

ALTERNATING = textwrap.dedent("""\


    def alternating(n):
        for i in range(2 * n):
            reason[0] = REASONS[i % 2]
            api()  # alternating reasons
""")

# The call sites are the legacy scenario's own (site_a, site_b, site_c).
APPMOD = HEADER + LEGACY_APPMOD[LEGACY_APPMOD.index("def site_a"):] + ALTERNATING

EXTRA = textwrap.dedent("""\
    warnings.resetwarnings()
    warnings.simplefilter("default")
    step("two reasons at one site", appmod.alternating)
""")


@pytest.fixture(scope="module")
def transcripts(tmp_path_factory):
    # The scenario's message filter names the legacy text; ours starts the same.
    return {
        which: run(tmp_path_factory.mktemp(which), which, APPMOD, SCENARIO + EXTRA)
        for which in ("reference", "unsafe")
    }


def test_the_reference_shows_and_drops_by_cpythons_rules(transcripts):
    reference = transcripts["reference"]
    # InsecureLegacyWarning is a UserWarning: shown once per site and text
    # under the default filters, in a library module too.
    first = reference.split("default filters, __main__")[0]
    assert first.count("shown InsecureLegacyWarning appmod.py") == 1, reference
    always = reference.split("always\n")[1].split("error for the module")[0]
    assert always.count("shown") == 3, reference
    two = reference.split("two reasons at one site\n")[1]
    assert two.count("shown InsecureLegacyWarning appmod.py") == 2, reference


def test_an_unsafe_operation_warns_exactly_as_warnings_warn(transcripts):
    assert transcripts["unsafe"] == transcripts["reference"]
