#!/usr/bin/env python3
"""Runs Pledger's benchmarks and prints each as a ratio against a baseline measured in the same run.

Ratios, not seconds, are the result: they hold across machines. Each timing is the median of several runs
where a run is short, a single run where it is long. Standard library only; needs sqlite3 and sha256sum.
"""
import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def timed(command, repeat=1, **kwargs):
    samples = []
    for _ in range(repeat):
        start = time.perf_counter()
        result = subprocess.run(command, capture_output=True, **kwargs)
        samples.append(time.perf_counter() - start)
        if result.returncode != 0:
            sys.exit(f"failed: {' '.join(map(str, command))}\n{result.stderr.decode()}")
    return statistics.median(samples)


def append_seconds(binary, ledger, quotes_path, repeat):
    """The median time of `repeat` `evidence add` runs, each a new piece of evidence: the same words attached
    twice with the same stance are refused, so each run quotes another line of quotes.tsv on another
    commitment. A line whose quote occurs several times in its source, or overlaps evidence the workload
    already attached there, is refused and skipped."""
    samples = []
    with open(quotes_path, encoding="utf-8") as quotes:
        for number, line in enumerate(quotes, start=1):
            if len(samples) == repeat or number > 20 * repeat:
                break
            source, quote = line.rstrip("\n").split("\t", 1)
            command = [binary, "evidence", "add", f"C{number}", "--db", ledger, "--source", f"S{source}", "--quote", quote,
                       "--stance", "context"]
            start = time.perf_counter()
            result = subprocess.run(command, capture_output=True)
            elapsed = time.perf_counter() - start
            if result.returncode == 0:
                samples.append(elapsed)
            elif b"already cites" not in result.stderr and b"--occurrence" not in result.stderr:
                sys.exit(f"failed: {' '.join(map(str, command))}\n{result.stderr.decode()}")
    if len(samples) < repeat:
        sys.exit(f"only {len(samples)} of {repeat} quotes in {quotes_path} could be attached as new evidence")
    return statistics.median(samples)


def peak_rss_kib(command):
    """Peak resident set size of this one run, as GNU time reports it (KiB)."""
    result = subprocess.run(["/usr/bin/time", "-f", "%M"] + command, check=True, capture_output=True, text=True)
    return int(result.stderr.strip().splitlines()[-1])


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--quick", action="store_true", help="one small size, for a smoke run")
    parser.add_argument("--sizes", default="10000,100000,1000000")
    parser.add_argument("--binary", help="a built pledger binary (default: build one in release)")
    parser.add_argument("--keep", help="keep workloads and ledgers in this folder")
    args = parser.parse_args()
    sizes = [2_000] if args.quick else [int(s) for s in args.sizes.split(",")]

    binary = args.binary
    if not binary:
        subprocess.run(["swift", "build", "-c", "release", "--product", "pledger"], cwd=ROOT, check=True)
        binary = os.path.join(ROOT, ".build", "release", "pledger")
    work = args.keep or tempfile.mkdtemp(prefix="pledger-bench-")
    os.makedirs(work, exist_ok=True)
    rows = []

    def row(name, ours, baseline, goal=None, note=""):
        rows.append((name, ours, baseline, ours / baseline if baseline else float("nan"), goal, note))

    ledgers = {}
    for size in sizes:
        folder = os.path.join(work, f"w{size}")
        subprocess.run([sys.executable, os.path.join(ROOT, "bench", "generate_workload.py"), "--entries", str(size), "--out", folder],
                       check=True, capture_output=True)
        export = os.path.join(folder, "ledger.jsonl")
        ledger = os.path.join(folder, "pledger.sqlite")
        plain = os.path.join(folder, "plain.sqlite")
        python_db = os.path.join(folder, "python.sqlite")
        for path in (ledger, plain, python_db):
            for suffix in ("", "-wal", "-shm"):
                if os.path.exists(path + suffix):
                    os.remove(path + suffix)

        t_import = timed([binary, "import", export, "--db", ledger])
        rss = peak_rss_kib([binary, "import", export, "--db", ledger + ".rss"])
        t_sqlite = timed(["sqlite3", plain, ".mode csv",
                          "CREATE TABLE entry (seq INTEGER PRIMARY KEY, kind TEXT, recorded_at TEXT, author TEXT, body TEXT);",
                          f".import {os.path.join(folder, 'rows.csv')} entry"])
        row(f"import {size:,} entries", t_import, t_sqlite, "≤ 2×", "vs sqlite3 .import of the same rows")
        t_python = timed([sys.executable, os.path.join(ROOT, "bench", "python_import_baseline.py"), export, python_db])
        row(f"import {size:,} entries", t_python, t_import, "≥ 10×", "Python sqlite3 script ÷ pledger (higher is better)")

        t_verify = timed([binary, "verify", "--db", ledger])
        t_sha = timed(["sha256sum", export], repeat=3)
        row(f"verify {size:,} entries", t_verify, t_sha, "≤ 2×", "vs sha256sum of the same canonical bytes")

        t_report = timed([binary, "report", "--db", ledger, "--as-of", "2024-06-01", "--format", "json", "-o", os.path.join(folder, "r.json")])
        t_dump = timed(["sqlite3", ledger, ".output /dev/null",
                        "SELECT * FROM commitment; SELECT * FROM evidence; SELECT * FROM assessment; SELECT * FROM quote_anchor;"])
        row(f"report (json) at {size:,} entries", t_report, t_dump, None, "vs sqlite3 dumping the rows it reads")

        t_append = append_seconds(binary, ledger, os.path.join(folder, "quotes.tsv"), repeat=9)
        t_start = timed([binary, "--version"], repeat=9)
        ledgers[size] = t_append
        row(f"evidence add at {size:,} entries", t_append, t_start, None, "vs process start (`pledger --version`)")
        rows.append((f"peak RSS of import at {size:,}", rss / 1024, None, None, None, "MiB"))

    if len(ledgers) > 1:
        small, large = min(ledgers), max(ledgers)
        row(f"evidence add at {large:,} vs {small:,}", ledgers[large], ledgers[small], "≤ 1.1×", "append latency stays flat")

    print(f"\nPledger benchmarks ({os.cpu_count()} cores; workloads in {work})\n")
    print(f"{'benchmark':42} {'pledger':>10} {'baseline':>10} {'ratio':>8}  {'goal':7} note")
    for name, ours, baseline, ratio, goal, note in rows:
        if baseline is None:
            print(f"{name:42} {ours:>9.1f}  {'':>10} {'':>8}  {'':7} {note}")
        else:
            print(f"{name:42} {ours:>9.3f}s {baseline:>9.3f}s {ratio:>7.2f}×  {goal or '':7} {note}")
    if not args.keep:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
