"""An unsafe operation's InsecureLegacyWarning comes out exactly as
warnings.warn's would, call for call, while the per-site verdict
(bindings/core_module/unsafe_site_memo.h) skips the warnings machinery for
the repeats it would drop.

The same differential as test_warning_verdict.py: its scenario of filter
changes and calls, run once through cryptoshim.legacy.unsafe_operation
(called from a library module, as the drop-ins' code is) and once through a
plain function calling warnings.warn with the same text and category at the
caller's line; the transcripts must be equal. The reason alternates between
two texts at one site in a step of its own: a new reason is a new warning.
The same scenario runs through an unsafe entry point (m2.des_ede3_cbc),
whose insecure warning goes through the same verdict."""

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


# An unsafe entry point (a catalog record of safety "unsafe"): each call
# warns LegacyAPIWarning, then InsecureLegacyWarning, at the caller's line.
ENTRY_HEADER = textwrap.dedent("""\
    import warnings

    from M2Crypto import m2

    from cryptoshim import InsecureLegacyWarning, LegacyAPIWarning

    # The two texts, as the entry point words them.
    with warnings.catch_warnings(record=True) as _caught:
        warnings.simplefilter("always")
        m2.des_ede3_cbc()
    TEXTS = [(str(w.message), w.category) for w in _caught]
    assert [c for _, c in TEXTS] == [LegacyAPIWarning, InsecureLegacyWarning], TEXTS


    def reference():
        for text, category in TEXTS:
            warnings.warn(text, category, stacklevel=2)


    api = reference if REFERENCE else m2.des_ede3_cbc


""")
ENTRY_APPMOD = ENTRY_HEADER + LEGACY_APPMOD[LEGACY_APPMOD.index("def site_a"):]


@pytest.fixture(scope="module")
def entry_transcripts(tmp_path_factory):
    return {
        which: run(tmp_path_factory.mktemp("entry-" + which), which, ENTRY_APPMOD)
        for which in ("reference", "entry")
    }


def test_an_unsafe_entry_point_warns_exactly_as_warnings_warn(entry_transcripts):
    reference = entry_transcripts["reference"]
    # Both warnings reach the transcript (the insecure one in a library
    # module too, the legacy one only where the filters show it).
    assert "shown InsecureLegacyWarning appmod.py" in reference, reference
    assert "shown LegacyAPIWarning appmod.py" in reference, reference
    assert entry_transcripts["entry"] == reference
