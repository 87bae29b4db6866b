#!/usr/bin/env python3
"""Check a Pledger .tlog-proof without Pledger: standard library plus `cryptography` for Ed25519.

    python3 verify_pledger_proof.py PROOF --key VKEY --entry LINE
    python3 verify_pledger_proof.py PROOF --key ledger.pub --entry @entry.jsonl

VKEY is the log's verifier key (name+keyid+base64) or a file holding it. LINE is the entry's line from
`pledger export` (its exact canonical JSON); @FILE reads the first line of FILE. Exit 0 and one line on stdout
when the entry is proven in the signed checkpoint; exit 1 and the reason on stderr otherwise.

Written from docs/ledger-format.md, which specifies every step checked here.
"""

import argparse
import base64
import binascii
import hashlib
import json
import os
import sys

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey

PROOF_HEADER = "c2sp.org/tlog-proof@v1"


class ProofError(Exception):
    """The proof, checkpoint, key or entry does not check out."""


def b64decode(text, what):
    try:
        return base64.b64decode(text, validate=True)
    except (binascii.Error, ValueError):
        raise ProofError(f"{what} is not base64: {text!r}")


def parse_verifier_key(text):
    """name+keyid+base64(0x01 || 32-byte key) -> (name, key id bytes, public key bytes)."""
    parts = text.strip().split("+", 2)
    if len(parts) != 3 or len(parts[1]) != 8:
        raise ProofError("the verifier key is not name+keyid+base64")
    name, key_id_hex, key_b64 = parts
    key = b64decode(key_b64, "the verifier key")
    if len(key) != 33 or key[0] != 0x01:
        raise ProofError("the verifier key is not an Ed25519 key (type byte 0x01 and 32 bytes)")
    key_id = hashlib.sha256(name.encode() + b"\n" + key).digest()[:4]
    if key_id.hex() != key_id_hex.lower():
        raise ProofError("the verifier key's ID does not match its name and key")
    return name, key_id, key[1:]


def open_note(note, name, key_id, public_key):
    """Returns the text of a C2SP signed note once the signature by (name, key id) verifies."""
    if not note.endswith("\n") or "\n\n" not in note:
        raise ProofError("the checkpoint is not a signed note (text, blank line, signature lines)")
    split = note.rindex("\n\n")
    text, signature_lines = note[: split + 1], note[split + 2 :].split("\n")[:-1]
    found = False
    for line in signature_lines:
        if not line.startswith("\u2014 "):
            raise ProofError(f"not a signature line: {line!r}")
        signer, _, blob = line[2:].partition(" ")
        signature = b64decode(blob, "a signature")
        if signer != name or signature[:4] != key_id:
            continue
        try:
            Ed25519PublicKey.from_public_bytes(public_key).verify(signature[4:], text.encode())
        except InvalidSignature:
            raise ProofError("the checkpoint's signature does not verify: it was altered after signing")
        found = True
    if not found:
        raise ProofError(f"the checkpoint is not signed by {name}")
    return text


def parse_checkpoint(text):
    lines = text[:-1].split("\n")
    if len(lines) < 3 or not lines[1].isdigit() or (lines[1] != "0" and lines[1].startswith("0")):
        raise ProofError("the checkpoint is not origin, tree size, root hash")
    root = b64decode(lines[2], "the checkpoint's root hash")
    if len(root) != 32:
        raise ProofError("the checkpoint's root hash is not 32 bytes")
    return lines[0], int(lines[1]), root


def parse_proof(text):
    head, sep, note = text.partition("\n\n")
    if not sep:
        raise ProofError("not a tlog-proof: no blank line before the checkpoint")
    lines = head.split("\n")
    if lines[0] != PROOF_HEADER:
        raise ProofError(f"not a tlog-proof: the first line is not {PROOF_HEADER}")
    rest = lines[1:]
    if rest and rest[0].startswith("extra "):
        rest = rest[1:]
    if not rest or not rest[0].startswith("index ") or not rest[0][6:].isdigit():
        raise ProofError("the proof has no 'index N' line")
    index = int(rest[0][6:])
    hashes = [b64decode(line, "a proof hash") for line in rest[1:]]
    if any(len(h) != 32 for h in hashes):
        raise ProofError("a proof hash is not 32 bytes")
    return index, hashes, note


def node(left, right):
    return hashlib.sha256(b"\x01" + left + right).digest()


def root_from_inclusion_proof(index, size, leaf_hash, proof):
    """RFC 9162 section 2.1.3.2."""
    if index >= size:
        raise ProofError(f"entry {index} is not in a tree of {size} entries")
    fn, sn, r = index, size - 1, leaf_hash
    for p in proof:
        if sn == 0:
            raise ProofError("the inclusion proof is too long")
        if fn & 1 or fn == sn:
            r = node(p, r)
            while not fn & 1 and fn != 0:
                fn >>= 1
                sn >>= 1
        else:
            r = node(r, p)
        fn >>= 1
        sn >>= 1
    if sn != 0:
        raise ProofError("the inclusion proof is too short")
    return r


def verify(proof_text, key_text, entry_line):
    name, key_id, public_key = parse_verifier_key(key_text)
    index, hashes, note = parse_proof(proof_text)
    origin, size, root = parse_checkpoint(open_note(note, name, key_id, public_key))
    if origin != name:
        raise ProofError(f"the checkpoint's origin {origin!r} is not the key's name {name!r}")
    entry = entry_line.rstrip("\n").encode()
    try:
        claimed = json.loads(entry)["index"]
    except (ValueError, KeyError, TypeError):
        raise ProofError("the entry is not a Pledger entry (JSON with an index)")
    if claimed != index:
        raise ProofError(f"the entry says it is entry {claimed} but the proof is for entry {index}")
    leaf = hashlib.sha256(b"\x00" + entry).digest()
    if root_from_inclusion_proof(index, size, leaf, hashes) != root:
        raise ProofError(f"entry {index} is not proven: the proof does not lead to the checkpoint's root")
    return origin, size, root, index


def read_text(path, what):
    """The UTF-8 text of the file at `path`, or a ProofError naming `what` could not be read."""
    try:
        with open(path, encoding="utf-8", newline="") as handle:
            return handle.read()
    except OSError as error:
        raise ProofError(f"cannot read {what} {path}: {error.strerror}; check the path")
    except UnicodeDecodeError:
        raise ProofError(f"{what} {path} is not UTF-8 text; pass the file pledger wrote")


def main():
    parser = argparse.ArgumentParser(description="Check a Pledger .tlog-proof for one entry.")
    parser.add_argument("proof", help="the .tlog-proof file")
    parser.add_argument("--key", required=True, help="verifier key (name+keyid+base64) or a file holding it")
    parser.add_argument("--entry", required=True, help="the entry's line from `pledger export`, or @FILE")
    args = parser.parse_args()
    try:
        key = read_text(args.key, "the key file") if os.path.isfile(args.key) else args.key
        entry = args.entry
        if entry.startswith("@"):
            entry = (read_text(entry[1:], "the entry file").splitlines() or [""])[0]
        proof = read_text(args.proof, "the proof")
        origin, size, root, index = verify(proof, key, entry)
    except ProofError as error:
        print(f"verify_pledger_proof: {error}", file=sys.stderr)
        return 1
    print(f"entry {index} is in {origin}'s signed checkpoint of {size} entries (root {root.hex()})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
