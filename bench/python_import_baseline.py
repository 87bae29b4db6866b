#!/usr/bin/env python3
"""Baseline for `pledger import`: the same per-entry work in Python's sqlite3.

For each line of a Pledger export: parse the JSON, re-serialize it canonically and require the same bytes,
compute the RFC 9162 leaf hash, check each quote against its source text (the exact characters at the
anchor's code-point offsets), and insert the entry row plus its projection rows (sources, quotes, and the
entity row) with prepared statements, in batches of 2,000 per transaction. No Merkle tree, no replay check:
strictly less work than Pledger does.
"""
import hashlib
import json
import sqlite3
import sys


def main(export_path: str, database_path: str) -> None:
    db = sqlite3.connect(database_path)
    db.executescript("""
        PRAGMA journal_mode = WAL;
        CREATE TABLE entry (seq INTEGER PRIMARY KEY, kind TEXT, recorded_at TEXT, author TEXT, body BLOB, leaf_hash BLOB);
        CREATE TABLE source (id TEXT PRIMARY KEY, text TEXT, text_sha256 TEXT);
        CREATE TABLE quote (owner TEXT, source TEXT, start INTEGER, "end" INTEGER, exact TEXT);
        CREATE TABLE item (ref TEXT PRIMARY KEY, kind TEXT, payload TEXT);
    """)
    texts = {}
    batch_entries, batch_quotes, batch_items = [], [], []

    def flush():
        with db:
            db.executemany("INSERT INTO entry VALUES (?, ?, ?, ?, ?, ?)", batch_entries)
            db.executemany("INSERT INTO quote VALUES (?, ?, ?, ?, ?)", batch_quotes)
            db.executemany("INSERT INTO item VALUES (?, ?, ?)", batch_items)
        batch_entries.clear(); batch_quotes.clear(); batch_items.clear()

    with open(export_path, "rb") as lines:
        for number, line in enumerate(lines, 1):
            line = line.rstrip(b"\n")
            entry = json.loads(line)
            canonical = json.dumps(entry, ensure_ascii=False, sort_keys=True, separators=(",", ":")).encode()
            if canonical != line:
                sys.exit(f"line {number} is not canonical")
            leaf = hashlib.sha256(b"\x00" + line).digest()
            payload = entry["payload"]
            kind = entry["kind"]
            if kind == "source.added":
                texts[payload["source"]] = payload["text"]
                with db:
                    db.execute("INSERT INTO source VALUES (?, ?, ?)", (payload["source"], payload["text"], payload["textSHA256"]))
            quote = payload.get("quote")
            if quote:
                text = texts[quote["source"]]
                if text[quote["start"]:quote["end"]] != quote["exact"]:
                    sys.exit(f"line {number}: quote does not match its source")
                owner = payload.get("commitment") if kind == "commitment.logged" else payload.get("evidence")
                batch_quotes.append((owner, quote["source"], quote["start"], quote["end"], quote["exact"]))
            ref_key = {"actor.added": "actor", "commitment.logged": "commitment", "evidence.attached": "evidence",
                       "status.assessed": "assessment"}.get(kind)
            if ref_key:
                ref = payload[ref_key]
                batch_items.append((f"{kind}:{ref}", kind, json.dumps(payload)))
            batch_entries.append((entry["index"], kind, entry["recordedAt"], entry["author"], line, leaf))
            if len(batch_entries) >= 2_000:
                flush()
    flush()


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
