#!/usr/bin/env python3
"""Times diff-match-patch's match_main (Bitap) on a workload written by pledger-matcher-bench.

Input: a JSON file {"texts": [str], "cases": [{"text": i, "quote": str, "hint": int}], "rounds": n}.
Output (stdout): JSON {"seconds": total seconds for all rounds, "starts": [start or -1 per case]}.
Match_Distance is set so that the whole text is searched, and Match_MaxBits to 0 (Python integers are
unbounded), so that quotes longer than 32 characters are accepted at all.
"""
import json
import sys
import time

from diff_match_patch import diff_match_patch

workload = json.load(open(sys.argv[1], encoding="utf-8"))
texts = workload["texts"]
cases = workload["cases"]
dmp = diff_match_patch()
dmp.Match_MaxBits = 0
dmp.Match_Threshold = 0.5
dmp.Match_Distance = max(len(t) for t in texts)
starts = []
begin = time.perf_counter()
for _ in range(workload["rounds"]):
    starts = [dmp.match_main(texts[c["text"]], c["quote"], c["hint"]) for c in cases]
seconds = time.perf_counter() - begin
json.dump({"seconds": seconds, "starts": starts}, sys.stdout)
