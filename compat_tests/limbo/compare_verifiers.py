#!/usr/bin/env python3
"""Runs two other verifiers over the same limbo.json, for the README's table
(not part of CI: it needs a venv with cryptography >= 42, and spawns one
`openssl verify` per case).

- openssl: raw OpenSSL through `openssl verify`, configured as limbo's own
  OpenSSL harness is: -x509_strict -partial_chain -auth_level 2, the TLS
  purpose for the validation kind, the peer name (-verify_hostname,
  -verify_ip, -verify_email), -attime, -verify_depth, and the CRLs with
  -crl_check_all. Nothing is skipped.
- pyca: cryptography.x509.verification (PolicyBuilder / Store), as pyca's
  harness uses it: cases it cannot express are SKIPPED (CRLs, required key
  usages, EKUs other than the kind's, signature-algorithm lists, RFC 822
  peers); denial-of-service cases run in a child with a 5 s limit (HANG).

    python compare_verifiers.py --limbo limbo.json --verifier openssl
    /tmp/venv/bin/python compare_verifiers.py --limbo limbo.json --verifier pyca

prints pass / unexpected success / unexpected failure / skipped / HANG and
the run time, scored like score_limbo.py.
"""
from __future__ import annotations

import argparse
import calendar
import datetime
import ipaddress
import json
import multiprocessing
import os
import subprocess
import sys
import tempfile
import time


def _list(tc, key):
    return tc.get(key) or []


def _epoch(text):
    when = datetime.datetime.fromisoformat(text.replace("Z", "+00:00"))
    return calendar.timegm(when.astimezone(datetime.timezone.utc).timetuple())


def run_openssl(tc):
    with tempfile.TemporaryDirectory() as d:
        def write(name, pems):
            path = os.path.join(d, name)
            with open(path, "w") as f:
                f.write("".join(pems))
            return path

        cmd = ["openssl", "verify", "-x509_strict", "-partial_chain", "-auth_level", "2",
               "-purpose", "sslserver" if tc["validation_kind"] == "SERVER" else "sslclient",
               "-CAfile", write("anchors.pem", _list(tc, "trusted_certs"))]
        if _list(tc, "untrusted_intermediates"):
            cmd += ["-untrusted", write("untrusted.pem", _list(tc, "untrusted_intermediates"))]
        if _list(tc, "crls"):
            cmd += ["-CRLfile", write("crls.pem", _list(tc, "crls")), "-crl_check_all"]
        if tc.get("validation_time"):
            cmd += ["-attime", str(_epoch(tc["validation_time"]))]
        if tc.get("max_chain_depth") is not None:
            cmd += ["-verify_depth", str(tc["max_chain_depth"])]
        peer = tc.get("expected_peer_name")
        if tc["validation_kind"] == "SERVER" and peer:
            flag = {"DNS": "-verify_hostname", "IP": "-verify_ip", "RFC822": "-verify_email"}
            cmd += [flag[peer["kind"]], peer["value"]]
        cmd.append(write("leaf.pem", [tc["peer_certificate"]]))
        try:
            r = subprocess.run(cmd, capture_output=True, text=True, timeout=5)
        except subprocess.TimeoutExpired:
            return "HANG", "no result within 5 s"
        return ("SUCCESS" if r.returncode == 0 else "FAILURE"), (r.stdout + r.stderr).strip()


def _pyca_case(tc):
    from cryptography import x509
    from cryptography.x509 import verification as v

    if _list(tc, "crls"):
        return "SKIPPED", "CRLs are not supported"
    if _list(tc, "key_usage"):
        return "SKIPPED", "required key usages are not configurable"
    if _list(tc, "signature_algorithms"):
        return "SKIPPED", "signature algorithm lists are not configurable"
    want = "serverAuth" if tc["validation_kind"] == "SERVER" else "clientAuth"
    if any(e != want for e in _list(tc, "extended_key_usage")):
        return "SKIPPED", "EKUs other than the kind's are not configurable"
    load = x509.load_pem_x509_certificate
    try:
        store = v.Store([load(p.encode()) for p in _list(tc, "trusted_certs")])
        inter = [load(p.encode()) for p in _list(tc, "untrusted_intermediates")]
        leaf = load(tc["peer_certificate"].encode())
    except Exception as e:
        return "FAILURE", f"parse: {e}"
    builder = v.PolicyBuilder().store(store)
    if tc.get("validation_time"):
        builder = builder.time(datetime.datetime.fromisoformat(
            tc["validation_time"].replace("Z", "+00:00")))
    if tc.get("max_chain_depth") is not None:
        builder = builder.max_chain_depth(tc["max_chain_depth"])
    try:
        if tc["validation_kind"] == "SERVER":
            peer = tc.get("expected_peer_name")
            if peer is None or peer["kind"] not in ("DNS", "IP"):
                return "SKIPPED", "no DNS or IP peer name"
            name = (x509.DNSName(peer["value"]) if peer["kind"] == "DNS"
                    else x509.IPAddress(ipaddress.ip_address(peer["value"])))
            builder.build_server_verifier(name).verify(leaf, inter)
        else:
            client = builder.build_client_verifier().verify(leaf, inter)
            have = {str(getattr(s, "value", s)) for s in client.subjects or []}
            for want_name in _list(tc, "expected_peer_names"):
                if want_name["value"] not in have:
                    return "FAILURE", "client name missing"
    except Exception as e:
        return "FAILURE", str(e)
    return "SUCCESS", "verified"


def _pyca_child(tc, queue):
    queue.put(_pyca_case(tc))


def run_pyca(tc):
    if "denial-of-service" not in _list(tc, "features"):
        return _pyca_case(tc)
    queue = multiprocessing.Queue()
    proc = multiprocessing.Process(target=_pyca_child, args=(tc, queue))
    proc.start()
    proc.join(5)
    if proc.is_alive():
        proc.kill()
        return "HANG", "no result within 5 s"
    return queue.get()


def main():
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--limbo", required=True)
    ap.add_argument("--verifier", choices=("openssl", "pyca"), required=True)
    ap.add_argument("--results", help="write per-case results as JSON here")
    args = ap.parse_args()
    with open(args.limbo) as f:
        cases = json.load(f)["testcases"]
    run = run_openssl if args.verifier == "openssl" else run_pyca
    counts = dict.fromkeys(("pass", "unexpected success", "unexpected failure", "skipped",
                            "hang"), 0)
    results = []
    start = time.monotonic()
    for tc in cases:
        actual, context = run(tc)
        results.append({"id": tc["id"], "actual_result": actual, "context": context})
        if actual == "SKIPPED":
            counts["skipped"] += 1
        elif actual == "HANG":
            counts["hang"] += 1
        elif actual == tc["expected_result"]:
            counts["pass"] += 1
        elif actual == "SUCCESS":
            counts["unexpected success"] += 1
        else:
            counts["unexpected failure"] += 1
    elapsed = time.monotonic() - start
    if args.results:
        with open(args.results, "w") as f:
            json.dump({"version": 1, "harness": args.verifier, "results": results}, f, indent=1)
    print(f"{args.verifier}: {len(cases)} cases, {elapsed:.1f} s")
    for k, n in counts.items():
        print(f"  {k:<20} {n:>4}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
