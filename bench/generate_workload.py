#!/usr/bin/env python3
"""Deterministic synthetic Pledger workload.

Writes, for N entries:
  ledger.jsonl  a Pledger export: one RFC 8785 canonical entry per line (ledger.created, sources of 2-20 KB
                with typographic punctuation and NBSP, actors, commitments, evidence and assessments whose
                quotes are cut from those sources, with code-point anchors), importable with `pledger import`;
  rows.csv      the same entries as plain CSV rows (index, kind, recorded_at, author, body) for the
                sqlite3 `.import` baseline;
  quotes.tsv    (source index, quote) pairs for the anchoring baselines.

Same seed, same bytes. Standard library only.
"""
import argparse
import csv
import hashlib
import json
import os
import random
import unicodedata

WORDS = """the of and to in a is that for on with as by at from this be it are was its an which or has have
not were but their they had been more will would can also about after over said into than other new its
government ministry committee enforcement fentanyl precursor trafficking report agreement pledge border
emissions funding reform election budget schools hospitals taxes police water energy housing transport
promised announced delivered delayed reviewed signed funded launched cancelled expanded reduced""".split()
PUNCT = ["“", "”", "’", "—", "…", ",", ".", ";", ":", "–"]


def canonical(value) -> bytes:
    # RFC 8785 for this workload: ASCII keys (code-point order = UTF-16 order), integers only, strings with
    # JSON.stringify's escapes (Python's json emits the same short forms and lower-case \u00xx).
    return json.dumps(value, ensure_ascii=False, sort_keys=True, separators=(",", ":")).encode("utf-8")


def make_text(rng: random.Random, target: int) -> str:
    parts = []
    size = 0
    while size < target:
        sentence = []
        for _ in range(rng.randint(6, 24)):
            word = rng.choice(WORDS)
            if rng.random() < 0.05:
                word = "“" + word + "”"
            sentence.append(word)
        text = " ".join(sentence)
        if rng.random() < 0.3:
            text = text.replace(" ", "\u00a0", 1)
        text = text[0].upper() + text[1:] + rng.choice([".", ".", "…", " — indeed."])
        parts.append(text)
        size += len(text.encode("utf-8")) + 1
        if rng.random() < 0.15:
            parts.append("\n\n")
    return unicodedata.normalize("NFC", " ".join(parts).replace(" \n\n ", "\n\n"))


def anchor(text: str, text_hash: str, source: int, start: int, end: int) -> dict:
    return {
        "source": f"S{source}", "version": 1, "start": start, "end": end, "exact": text[start:end],
        "prefix": text[max(0, start - 32):start], "suffix": text[end:end + 32], "textSHA256": text_hash,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--entries", type=int, required=True)
    parser.add_argument("--out", required=True)
    parser.add_argument("--seed", type=int, default=2023_11_15)
    args = parser.parse_args()
    rng = random.Random(args.seed)
    os.makedirs(args.out, exist_ok=True)
    n = args.entries
    source_count = max(3, min(2_000, n // 500))
    actor_count = 50
    remaining = n - 1 - source_count - actor_count
    commitments = max(1, remaining // 10)
    evidence = remaining * 3 // 4
    assessments = remaining - commitments - evidence

    ledger = open(os.path.join(args.out, "ledger.jsonl"), "wb")
    rows = csv.writer(open(os.path.join(args.out, "rows.csv"), "w", newline="", encoding="utf-8"))
    quotes = open(os.path.join(args.out, "quotes.tsv"), "w", encoding="utf-8")
    index = 0

    def emit(kind: str, payload: dict) -> None:
        nonlocal index
        recorded = f"2026-01-01T{(index // 3600) % 24:02d}:{(index // 60) % 60:02d}:{index % 60:02d}Z"
        body = canonical({"author": "bench", "index": index, "kind": kind, "payload": payload, "recordedAt": recorded})
        ledger.write(body + b"\n")
        rows.writerow([index, kind, recorded, "bench", body.decode("utf-8")])
        index += 1

    emit("ledger.created", {"formatVersion": 1, "label": f"synthetic workload, {n} entries"})
    texts = []
    for s in range(1, source_count + 1):
        text = make_text(rng, rng.randint(2_000, 20_000))
        data = text.encode("utf-8")
        digest = hashlib.sha256(data).hexdigest()
        texts.append((text, digest))
        emit("source.added", {
            "source": f"S{s}", "version": 1, "originalSHA256": digest, "textSHA256": digest, "text": text,
            "metadata": {"title": f"Synthetic source {s}", "publisher": "Bench Gazette", "publishedOn": "2024-01-01"},
        })
    for a in range(1, actor_count + 1):
        emit("actor.added", {"actor": f"actor-{a}", "kind": "group", "name": f"Actor {a}"})

    def quote(source: int):
        text, digest = texts[source - 1]
        length = rng.randint(20, 120)
        # Start and end on spaces so the quote is whole words (and never splits a grapheme).
        start = text.find(" ", rng.randint(0, max(0, len(text) - length - 1))) + 1
        end = text.rfind(" ", start, start + length)
        if end <= start:
            start, end = 0, min(len(text), 40)
        quotes.write(f"{source}\t{text[start:end].replace(chr(10), ' ')}\n")
        return anchor(text, digest, source, start, end)

    evidence_per = max(1, evidence // commitments)
    assessment_per = max(0, assessments // commitments)
    evidence_left, assessments_left = evidence, assessments
    evidence_ref = assessment_ref = 0
    for c in range(1, commitments + 1):
        emit("commitment.logged", {
            "commitment": f"C{c}", "promisors": [f"actor-{rng.randint(1, actor_count)}"],
            "summary": f"Synthetic commitment {c}", "quote": quote(rng.randint(1, source_count)),
            "madeOn": "2024-01-01", "due": "+90d", "dueOn": "2024-03-31", "tags": ["bench"],
        })
        mine = []
        for _ in range(evidence_per if c < commitments else evidence_left):
            if evidence_left == 0:
                break
            evidence_ref += 1
            evidence_left -= 1
            mine.append(f"E{evidence_ref}")
            emit("evidence.attached", {
                "evidence": f"E{evidence_ref}", "commitment": f"C{c}", "quote": quote(rng.randint(1, source_count)),
                "observedOn": "2024-02-01", "stance": rng.choice(["supports", "contradicts", "context"]),
            })
        for k in range(assessment_per if c < commitments else assessments_left):
            if assessments_left == 0:
                break
            assessment_ref += 1
            assessments_left -= 1
            emit("status.assessed", {
                "assessment": f"A{assessment_ref}", "commitment": f"C{c}",
                "status": rng.choice(["in-progress", "stalled", "partially-kept", "kept", "broken"]),
                "effectiveOn": f"2024-{2 + k % 10:02d}-01", "rationale": "Synthetic rationale.", "evidence": mine[:2],
            })
    ledger.close()
    print(f"{index} entries, {source_count} sources, {commitments} commitments, {evidence_ref} evidence, "
          f"{assessment_ref} assessments in {args.out}")


if __name__ == "__main__":
    main()
