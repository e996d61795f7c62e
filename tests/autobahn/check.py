#!/usr/bin/env python3
"""Checks kosoku's JSON reports against tests/autobahn/expected.txt.

    check.py EXPECTED MODE=REPORT_DIR [MODE=REPORT_DIR ...]

MODE is `server` (fuzzingclient reports: our server under test) or `client`
(fuzzingserver reports: our client under test); REPORT_DIR holds kosoku's
index.json and one JSON file per case. Prints a table of verdicts by category,
each case that is not OK with its reason, and exits 1 on anything unexpected:
a case that is not OK/OK and not listed, a listed case with other verdicts or
facts, a listed case that did not run, or a run with no cases at all.
"""

import collections
import json
import os
import sys

# kosoku's verdicts (its Behavior and BehaviorClose enums), best first.
BEHAVIORS = ["OK", "NON-STRICT", "INFORMATIONAL", "UNIMPLEMENTED", "FAILED", "ERROR"]
CLOSES = ["OK", "INFORMATIONAL", "WRONG CODE", "UNCLEAN", "FAILED BY CLIENT", "FAILED"]


def read_expected(path):
    """{(mode, case): (behavior, close, facts, reason)} from the expected file."""
    allowed = {}
    with open(path, encoding="utf-8") as f:
        for n, line in enumerate(f, 1):
            line = line.strip()
            if not line or line.startswith("#"):
                continue
            head, sep, reason = line.partition(" -- ")
            fields = head.split()
            if not sep or len(fields) != 5 or not reason.strip():
                sys.exit(f"{path}:{n}: expected `mode case behavior close facts -- reason`")
            mode, case, behavior, close, facts = fields
            facts = [] if facts == "-" else facts.split(",")
            allowed[(mode, case)] = (behavior, close, facts, reason.strip())
    return allowed


def read_reports(directory):
    """{case id: the case's full report} from kosoku's output directory."""
    with open(os.path.join(directory, "index.json"), encoding="utf-8") as f:
        index = json.load(f)
    cases = {}
    for agent_cases in index.values():
        for case, entry in agent_cases.items():
            with open(os.path.join(directory, entry["reportfile"]), encoding="utf-8") as f:
                cases[case] = json.load(f)
    return cases


def fact_holds(fact, report):
    """Whether one `facts` item (code=N, messages=N, clean) holds for a report."""
    name, _, value = fact.partition("=")
    if name == "code":
        return report.get("remoteCloseCode") == int(value)
    if name == "messages":
        got = sum(1 for event in report.get("received", []) if event[0] == "message")
        return got == int(value)
    if name == "clean":
        return report.get("wasClean", report.get("behaviorClose") in ("OK", "INFORMATIONAL"))
    sys.exit(f"unknown fact {fact!r} in the expected file")


def case_key(case):
    return tuple(int(part) for part in case.split("."))


def main(argv):
    if len(argv) < 3 or any("=" not in a for a in argv[2:]):
        sys.exit(__doc__)
    allowed = read_expected(argv[1])
    problems = []
    for arg in argv[2:]:
        mode, directory = arg.split("=", 1)
        reports = read_reports(directory)
        if not reports:
            problems.append(f"{mode}: no case reports in {directory}")
        counts = collections.Counter()
        close_counts = collections.Counter()
        notes = []
        for case in sorted(reports, key=case_key):
            r = reports[case]
            behavior, close = r["behavior"], r["behaviorClose"]
            counts[behavior] += 1
            close_counts[close] += 1
            listed = allowed.get((mode, case))
            if behavior == "OK" and close == "OK":
                if listed:
                    notes.append(f"  {case:8} OK/OK (listed as {listed[0]}/{listed[1]}: the list can shrink)")
                continue
            line = f"  {case:8} {behavior}/{close}: {r.get('result', '')} {r.get('resultClose', '')}"
            if listed is None:
                problems.append(f"{mode} {case}: {behavior}/{close} is not in the expected file")
                notes.append(line + "  <-- UNEXPECTED")
                continue
            want_b, want_c, facts, reason = listed
            bad = [f for f in facts if not fact_holds(f, r)]
            if (behavior, close) != (want_b, want_c) or bad:
                problems.append(
                    f"{mode} {case}: got {behavior}/{close}, expected {want_b}/{want_c}"
                    + (f"; facts not holding: {', '.join(bad)}" if bad else "")
                )
                notes.append(line + "  <-- UNEXPECTED")
            else:
                notes.append(f"  {case:8} {behavior}/{close} (allowed: {reason})")
        for (m, case) in allowed:
            if m == mode and case not in reports:
                problems.append(f"{mode} {case}: listed in the expected file but did not run")
        print(f"\n{mode}: {len(reports)} cases ({directory})")
        print(f"  {'verdict':16} {'behavior':>9} {'close':>9}")
        for name in dict.fromkeys(BEHAVIORS + CLOSES):
            if counts[name] or close_counts[name] or name in BEHAVIORS[:5]:
                print(f"  {name:16} {counts[name]:9} {close_counts[name]:9}")
        for name in set(counts) | set(close_counts):
            if name not in BEHAVIORS + CLOSES:
                print(f"  {name:16} {counts[name]:9} {close_counts[name]:9}")
        for note in notes:
            print(note)
    if problems:
        print("\nFAILED:")
        for p in problems:
            print("  " + p)
        return 1
    print("\nevery case is OK or an allowed exception")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
