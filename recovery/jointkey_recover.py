#!/usr/bin/env python3
"""Restore a key or secret from JointKey child keys, without JointKey.

Written from docs/FORMAT.md (format versions 1 and 2), with Python 3.8+'s standard library only:

    python3 jointkey_recover.py 1-alice.jointkey.json 2-bob.jointkey.json
    python3 jointkey_recover.py -                      # type or paste jk1-... child keys, one per line
    python3 jointkey_recover.py FILES... --sealed body.jointkey.sealed --out restored-file

Each argument is a child-key file (the JSON file form, or a text file holding the jk1-... text form),
a jk1-... text form itself, or "-" for child keys on standard input. Encrypted files (*.jointkey.age)
open first with the age tool: age -d -o 1-alice.jointkey.json "Wallet - 1 Alice.jointkey.age".

Every child key's checksum is checked (a typo is located by its group), the set's public data against
its set id, every child key against that data, that they belong to one set, that there are enough and
no duplicates, and that the result gives the wallet's public key or fingerprint. It prints the secret
in hex and the public key (or fingerprint) it was checked against; --json prints the same as JSON.
What JointKey refuses is refused here: one line on standard error, "jointkey_recover: CODE: reason"
with JointKey's error code, and exit status 1 (2 for a wrong command line).

Opening a sealed body needs AES-256-GCM, which the standard library lacks: the `cryptography` package
when it is installed, else the `openssl` command (its AES-256-CTR, with the GCM tag computed here; the
body's AES key then appears on openssl's command line, visible to other users of this computer).
JOINTKEY_RECOVER_AES=cryptography or =openssl in the environment picks one (the tests try each).
"""

import argparse
import hashlib
import hmac
import itertools
import json
import os
import shutil
import subprocess
import sys
import tempfile
import unicodedata

FORMAT_VERSIONS = (1, 2)
BLINDING_KEY_BYTES = 32
ALPHABET = "qpzry9x8gf2tvdw0s3jn54khce6mua7l"
M = 1048573  # the text form's check modulus: the whole word string is = 1 mod M
TO_BASE32 = str.maketrans(ALPHABET, "0123456789abcdefghijklmnopqrstuv")
SCHEMES = {1: "xor", 2: "additive", 3: "shamir", 4: "gf256"}
CURVES = {0: None, 1: "secp256k1", 2: "ed25519"}
SECP_N = 0xFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFEBAAEDCE6AF48A03BBFD25E8CD0364141
ED_L = 2**252 + 27742317777372353535851937790883648493
# field name -> (code, prime or None, bytes per element, little-endian)
FIELDS = {
    "bytes": (0, None, 0, False), "pow2": (0x80, None, 0, False),
    "secp256k1-n": (1, SECP_N, 32, False), "ed25519-l": (2, ED_L, 32, True),
    "m521": (3, 2**521 - 1, 66, False), "m1279": (4, 2**1279 - 1, 160, False),
    "m2203": (5, 2**2203 - 1, 276, False), "m4253": (6, 2**4253 - 1, 532, False),
}
FIELD_BY_CODE = {v[0]: k for k, v in FIELDS.items()}
CURVE_FIELD = {"secp256k1": "secp256k1-n", "ed25519": "ed25519-l"}
WALLET_ID_BYTES = {None: 32, "secp256k1": 33, "ed25519": 32}
MAX_SECRET = 16 * 1024 * 1024
SET_KEYS = ["setId", "version", "scheme", "threshold", "parties", "curve", "field", "secretLength",
            "walletId", "walletLabel", "labels", "verification"]
FILE_KEYS = ["format", "version", "wallet", "holder", "index", "threshold", "parties", "scheme", "setId", "set",
             "childKey"]
BODY_MAGIC = b"jointkey sealed\n"


class Refused(Exception):
    def __init__(self, code, message):
        super().__init__(message)
        self.code = code


def malformed(what):
    return Refused("MALFORMED_CHILD_KEY", f"this is not a valid JointKey child key: {what}")


def edited(what):
    return Refused("TAMPERED_FILE", f"the set's public data is damaged or was edited: {what}")


def name_of(ck):
    return f"child key {ck['index']} ({ck['label']})"


# ---- Elliptic curves: just enough for public keys and the set's checks (docs/FORMAT.md "The wallet id").

class Secp256k1:
    P = 2**256 - 2**32 - 977
    N = SECP_N
    G = (0x79BE667EF9DCBBAC55A06295CE870B07029BFCDB2DCE28D959F2815B16F81798,
         0x483ADA7726A3C4655DA4FBFC0E1108A8FD17B448A68554199C47D08FFB10D4B8)
    ZERO = None

    def add(self, a, b):
        if a is None:
            return b
        if b is None:
            return a
        p = self.P
        if a[0] == b[0]:
            if (a[1] + b[1]) % p == 0:
                return None
            lam = 3 * a[0] * a[0] * pow(2 * a[1], -1, p)
        else:
            lam = (b[1] - a[1]) * pow(b[0] - a[0], -1, p)
        x = (lam * lam - a[0] - b[0]) % p
        return (x, (lam * (a[0] - x) - a[1]) % p)

    def encode(self, pt):
        return b"\x00" if pt is None else bytes([2 + (pt[1] & 1)]) + pt[0].to_bytes(32, "big")

    def decode(self, b):
        if len(b) != 33 or b[0] not in (2, 3) or int.from_bytes(b[1:], "big") >= self.P:
            return None
        x = int.from_bytes(b[1:], "big")
        rhs = (x**3 + 7) % self.P
        y = pow(rhs, (self.P + 1) // 4, self.P)
        if y * y % self.P != rhs:
            return None
        return (x, y if y & 1 == b[0] & 1 else self.P - y)

    def public_key(self, key):
        d = int.from_bytes(key, "big")
        return self.encode(mul(self, self.G, d)) if len(key) == 32 and 0 < d < self.N else None


class Ed25519:
    P = 2**255 - 19
    N = ED_L
    D = -121665 * pow(121666, -1, 2**255 - 19) % (2**255 - 19)
    SQRT_M1 = pow(2, (2**255 - 20) // 4, 2**255 - 19)
    ZERO = (0, 1, 1, 0)

    def __init__(self):
        y = 4 * pow(5, -1, self.P) % self.P
        x = self.recover_x(y, 0)
        self.G = (x, y, 1, x * y % self.P)

    def add(self, a, b):  # extended coordinates, RFC 8032 section 5.1.4
        p = self.P
        aa = (a[1] - a[0]) * (b[1] - b[0]) % p
        bb = (a[1] + a[0]) * (b[1] + b[0]) % p
        cc = 2 * self.D * a[3] * b[3] % p
        dd = 2 * a[2] * b[2] % p
        e, f, g, h = bb - aa, dd - cc, dd + cc, bb + aa
        return (e * f % p, g * h % p, f * g % p, e * h % p)

    def recover_x(self, y, sign):
        p = self.P
        if y >= p:
            return None
        x2 = (y * y - 1) * pow(self.D * y * y + 1, -1, p) % p
        if x2 == 0:
            return None if sign else 0
        x = pow(x2, (p + 3) // 8, p)
        if (x * x - x2) % p:
            x = x * self.SQRT_M1 % p
        if (x * x - x2) % p:
            return None
        return p - x if x & 1 != sign else x

    def encode(self, pt):
        zi = pow(pt[2], -1, self.P)
        x, y = pt[0] * zi % self.P, pt[1] * zi % self.P
        return (y | (x & 1) << 255).to_bytes(32, "little")

    def decode(self, b):  # strict: canonical, on the curve, torsion-free
        v = int.from_bytes(b, "little")
        x = self.recover_x(v & (2**255 - 1), v >> 255) if len(b) == 32 else None
        if x is None:
            return None
        pt = (x, v & (2**255 - 1), 1, x * (v & (2**255 - 1)) % self.P)
        return pt if self.encode(mul(self, pt, self.N)) == self.encode(self.ZERO) else None

    def public_key(self, seed):
        if len(seed) != 32:
            return None
        a = int.from_bytes(hashlib.sha512(seed).digest()[:32], "little")
        return self.encode(mul(self, self.G, (a & (2**254 - 8)) | 2**254))


def mul(curve, pt, k):
    acc = curve.ZERO
    while k:
        if k & 1:
            acc = curve.add(acc, pt)
        pt = curve.add(pt, pt)
        k >>= 1
    return acc


CURVE = {"secp256k1": Secp256k1(), "ed25519": Ed25519()}


def tagged_hash(tag, *parts):
    """SHA-256 of the tag and each part, each preceded by its length as 4 bytes big-endian."""
    return hashlib.sha256(b"".join(len(x).to_bytes(4, "big") + x for x in (tag, *parts))).digest()


def fingerprint(secret, version, blinding_key):
    if version == 1:
        return hashlib.sha256(b"jointkey/fingerprint/v1" + secret).digest()
    if blinding_key is None or len(blinding_key) != BLINDING_KEY_BYTES:
        return None
    return tagged_hash(b"jointkey/fingerprint/v2", blinding_key, secret)


def wallet_id_of(secret, h, blinding_key):
    if h["curve"] is None:
        return fingerprint(secret, h["version"], blinding_key)
    return CURVE[h["curve"]].public_key(secret)


# ---- The text form and the binary form (docs/FORMAT.md "The child key").

def typo_groups(words):
    """The groups (1-based) that one wrong character or one swap of neighbours would explain."""
    n, groups = len(words), set()
    acc = 0
    for w in words:
        acc = (acc * 32 + w) % M
    t = (acc - 1) % M
    inv32 = pow(32, M - 2, M)
    for p in range(n):
        i = n - 1 - p
        d = t if t <= 31 else t - M if t >= M - 31 else 0
        if d and 0 <= words[i] - d < 32:
            groups.add(i // 5 + 1)
        if i >= 1 and t and (words[i - 1] - words[i]) * 31 % M == t:
            groups.update(((i - 1) // 5 + 1, i // 5 + 1))
        t = t * inv32 % M
    return sorted(groups)


def text_to_binary(text):
    s = text.strip().lower()
    if not s.startswith("jk1"):
        raise malformed('a child key starts with "jk1-"')
    chars = []
    for pos, c in enumerate(s[3:], start=4):
        if c in "- \t":
            continue
        if c not in ALPHABET:
            raise Refused("MALFORMED_CHILD_KEY",
                          f'character {pos} of the child key, "{c}", is never used in child keys '
                          "(they have no b, i, o or 1): check it against the original")
        chars.append(c)
    if len(chars) <= 4:
        raise malformed("it is too short")
    value = int("".join(chars).translate(TO_BASE32), 32)  # the whole word string as one number
    if value % M != 1:
        groups = typo_groups([ALPHABET.index(c) for c in chars])
        where = (f"most likely in group {groups[0]}" + (f" to {groups[-1]}" if groups[-1] != groups[0] else "")
                 if groups and groups[-1] - groups[0] <= 2 else "a character is wrong or two are swapped")
        raise Refused("CHECKSUM_MISMATCH", f"this child key has a typo ({where}): compare it with the original")
    bits = 5 * (len(chars) - 4)
    data, pad = value >> 20, bits % 8
    if pad >= 5 or data & ((1 << pad) - 1):
        raise malformed("its length is not a whole number of bytes")
    return (data >> pad).to_bytes(bits // 8, "big")


def stored_label(raw, lo, hi):
    """The label if it is UTF-8 in stored form (NFC, trimmed, no control characters, lo..hi bytes)."""
    try:
        s = raw.decode("utf-8") if isinstance(raw, bytes) else raw
    except UnicodeDecodeError:
        return None
    ok = (isinstance(s, str) and unicodedata.normalize("NFC", s).strip() == s and lo <= len(s.encode()) <= hi
          and not any(unicodedata.category(ch) in ("Cc", "Cf", "Zl", "Zp") for ch in s))
    return s if ok else None


def share_length(scheme, field, curve, secret_length):
    """The share length a scheme and field imply, or None when that scheme never uses that field."""
    if scheme in ("xor", "gf256"):
        return secret_length if field == "bytes" else None
    if scheme == "additive":
        return secret_length if field == "pow2" else 32 if curve and field == CURVE_FIELD[curve] else None
    if field in ("bytes", "pow2") or (field in CURVE_FIELD.values() and CURVE_FIELD.get(curve) != field):
        return None
    return FIELDS[field][2]


def verification_kind(scheme, field, version):
    on_order = field in CURVE_FIELD.values()
    return ("feldman" if on_order and scheme == "shamir" else "points" if on_order
            else "hashes" if version == 1 else "blinded")


def blinding_length(scheme, field, version):
    """Bytes of a child key's blinding share: version 2 sets checked by blinded hashes only."""
    if verification_kind(scheme, field, version) != "blinded":
        return 0
    return FIELDS["m521"][2] if scheme == "shamir" else BLINDING_KEY_BYTES


def element(field, b):
    _, p, _, le = FIELDS[field]
    return int.from_bytes(b, "little" if le else "big") if p else None


def parse_binary(b):
    if not b:
        raise malformed("it is empty")
    version = b[0]
    if version not in FORMAT_VERSIONS:
        raise Refused("UNSUPPORTED_VERSION", f"this child key has format version {b[0]}; this tool reads 1 and 2")
    try:
        at = 27
        id_len = b[at]
        wallet_id = b[at + 1:at + 1 + id_len]
        at += 1 + id_len
        label_len = b[at]
        label = b[at + 1:at + 1 + label_len]
        at += 1 + label_len
        share_len = int.from_bytes(b[at:at + 4], "big")
        share = b[at + 4:] if version == 1 else b[at + 4:at + 4 + share_len]
        blinding = b""
        if version == 2:  # then the blinding share, its length a byte
            blinding = b[at + 5 + share_len:]
            if len(blinding) != b[at + 4 + share_len]:
                raise IndexError
        if len(wallet_id) != id_len or len(label) != label_len or len(b) < at + 4 or len(share) != share_len:
            raise IndexError
    except IndexError:
        raise malformed("its data is cut short or has extra bytes") from None
    scheme, curve_code, field = SCHEMES.get(b[1]), b[21], FIELD_BY_CODE.get(b[22])
    ck = {"version": version, "scheme": scheme, "setId": b[2:18], "index": b[18], "threshold": b[19], "parties": b[20],
          "curve": CURVES.get(curve_code), "field": field, "secretLength": int.from_bytes(b[23:27], "big"),
          "walletId": wallet_id, "label": stored_label(label, 1, 64), "share": share, "blinding": blinding}
    if scheme is None or field is None or curve_code not in CURVES:
        raise malformed("its scheme, field or curve is unknown")
    if not 2 <= ck["parties"] <= 255 or not 2 <= ck["threshold"] <= ck["parties"]:
        raise malformed("its threshold or number of parties is impossible")
    if scheme in ("xor", "additive") and ck["threshold"] != ck["parties"]:
        raise malformed(f"the {scheme} scheme needs all {ck['parties']} child keys")
    if not 1 <= ck["secretLength"] <= MAX_SECRET or len(wallet_id) != WALLET_ID_BYTES[ck["curve"]]:
        raise malformed("its secret length or wallet id is impossible")
    if share_length(scheme, field, ck["curve"], ck["secretLength"]) != len(share):
        raise malformed(f"the {scheme} scheme does not use field {field}, or its share has the wrong length")
    if FIELDS[field][1] and element(field, share) >= FIELDS[field][1]:
        raise malformed("its share is not a number below its field's prime")
    if len(blinding) != blinding_length(scheme, field, version):
        raise malformed("its blinding share has the wrong length")
    if blinding and scheme == "shamir" and element("m521", blinding) >= FIELDS["m521"][1]:
        raise malformed("its blinding share is not a number below its field's prime")
    if ck["label"] is None:
        raise malformed("its holder label is not valid text")
    return ck


# ---- The set's public data, the set id and the file form (docs/FORMAT.md).

def lower_hex(v, what, length=None):
    if not isinstance(v, str) or len(v) % 2 or v.strip("0123456789abcdef"):
        raise edited(f"{what} is not lowercase hex")
    b = bytes.fromhex(v)
    if length is not None and len(b) != length:
        raise edited(f"{what} has the wrong length")
    return b


def is_int(v):
    return isinstance(v, int) and not isinstance(v, bool)


def exact_keys(o, keys, what):
    if not isinstance(o, dict) or set(o) != set(keys):
        raise edited(f"{what} has unknown or missing fields")
    return o


def set_id_of(st):
    def b8(x):
        return bytes([len(x)]) + x

    v = st["verification"]
    kind = v["kind"]
    items = v["commitments"] if kind == "feldman" else v["points"] if kind == "points" else v["hashes"]
    binary = (bytes([st["version"], {s: c for c, s in SCHEMES.items()}[st["scheme"]], st["threshold"], st["parties"],
                     {c: k for k, c in CURVES.items()}[st["curve"]], FIELDS[st["field"]][0]])
              + st["secretLength"].to_bytes(4, "big") + b8(st["walletId"]) + b8(st["walletLabel"].encode())
              + bytes([len(st["labels"])]) + b"".join(b8(lab.encode()) for lab in st["labels"])
              + bytes([{"feldman": 1, "points": 2, "hashes": 3, "blinded": 4}[kind]]) + b8(v.get("salt", b""))
              + len(items).to_bytes(2, "big") + b"".join(len(x).to_bytes(2, "big") + x for x in items))
    return hashlib.sha256(b"jointkey/set/v1" + binary).digest()[:16]


def parse_set(o):
    """The set's public data from its JSON, every field checked, and its set id checked last."""
    exact_keys(o, SET_KEYS, "the set")
    st = {k: o[k] for k in SET_KEYS}
    if st["version"] not in FORMAT_VERSIONS or not is_int(st["version"]):
        raise edited("its version is not 1 or 2")
    if st["scheme"] not in list(SCHEMES.values()) or st["curve"] not in [None, *CURVE_FIELD]:
        raise edited("its scheme or curve is unknown")
    if not all(is_int(st[k]) for k in ("threshold", "parties", "secretLength")) or st["field"] not in list(FIELDS):
        raise edited("its numbers or field are not what a set has")
    t, n, scheme, field, curve = st["threshold"], st["parties"], st["scheme"], st["field"], st["curve"]
    if not 2 <= n <= 255 or not 2 <= t <= n or (scheme in ("xor", "additive") and t != n):
        raise edited("its threshold or number of parties is impossible")
    if not 1 <= st["secretLength"] <= MAX_SECRET or share_length(scheme, field, curve, st["secretLength"]) is None:
        raise edited(f"the {scheme} scheme does not use field {field}")
    st["walletId"] = lower_hex(st["walletId"], "walletId", WALLET_ID_BYTES[curve])
    labels = st["labels"]
    if (stored_label(st["walletLabel"], 0, 100) is None or not isinstance(labels, list) or len(labels) != n
            or any(stored_label(lab, 1, 64) is None for lab in labels)
            or len({lab.lower() for lab in labels}) != n):
        raise edited("a label is not in stored form, or is repeated")
    v = st["verification"]
    kind = verification_kind(scheme, field, st["version"])
    if not isinstance(v, dict) or v.get("kind") != kind:
        raise edited(f"a set of the {scheme} scheme over {field} is checked by {kind}")
    if kind == "hashes":
        exact_keys(v, ["kind", "salt", "hashes"], "verification")
        st["verification"] = {"kind": kind, "salt": lower_hex(v["salt"], "salt", 16), "hashes": v["hashes"]}
        items, count, size = "hashes", n, 32
    elif kind == "blinded":
        exact_keys(v, ["kind", "hashes"], "verification")
        st["verification"] = {"kind": kind, "hashes": v["hashes"]}
        items, count, size = "hashes", n, 32
    else:
        items = "commitments" if kind == "feldman" else "points"
        exact_keys(v, ["kind", items], "verification")
        st["verification"] = {"kind": kind, items: v[items]}
        count, size = (t if kind == "feldman" else n), WALLET_ID_BYTES[curve]
    if not isinstance(v[items], list) or len(v[items]) != count:
        raise edited(f"it must have {count} {items}")
    st["verification"][items] = [lower_hex(x, items, size) for x in v[items]]
    if lower_hex(st["setId"], "setId", 16) != set_id_of(st):
        raise edited("its set id does not match its contents")
    st["setId"] = bytes.fromhex(st["setId"])
    return st


def parse_file_form(text):
    try:
        o = json.loads(text)
    except ValueError:
        raise Refused("MALFORMED_CHILD_KEY", "this is not a JointKey child-key file: it is not JSON") from None
    fmt = o.get("format") if isinstance(o, dict) else None
    if fmt == "jointkey-slip39-child-key":
        raise Refused("DIFFERENT_SCHEME", "this is a SLIP-39 child key: restore it with a SLIP-39 wallet or tool")
    if fmt != "jointkey-child-key":
        raise Refused("MALFORMED_CHILD_KEY", 'this is not a JointKey child-key file: it has no "format": '
                                             '"jointkey-child-key"')
    if o.get("version") not in FORMAT_VERSIONS:
        raise Refused("UNSUPPORTED_VERSION", f"this child-key file has version {o.get('version')}; "
                                             "this tool reads 1 and 2")
    exact_keys(o, FILE_KEYS, "the file")
    if not isinstance(o["childKey"], str):
        raise Refused("MALFORMED_CHILD_KEY", "this child-key file has no child key")
    ck = parse_binary(text_to_binary(o["childKey"]))
    st = parse_set(o["set"])
    readable = {"version": ck["version"], "wallet": st["walletLabel"], "holder": ck["label"], "index": ck["index"], "threshold": ck["threshold"],
                "parties": ck["parties"], "scheme": ck["scheme"], "setId": st["setId"].hex()}
    for k, v in readable.items():
        if o[k] != v or type(o[k]) is not type(v):
            raise Refused("TAMPERED_FILE", f'this child-key file was edited: its "{k}" does not match the child key')
    return ck, st


# ---- Checking child keys (docs/FORMAT.md "Checking one child key against its set", "Restoring").

def salted_hash(salt, data):
    return tagged_hash(b"jointkey/child-key/v1", salt, data)


def blinded_hash(i, share, blinding):
    return tagged_hash(b"jointkey/child-key/v2", bytes([i]), share, blinding)


def check_header(ck, ref, ref_set_id):
    name = name_of(ck)
    if ck["walletId"] != ref["walletId"] or ck["curve"] != ref["curve"]:
        raise Refused("DIFFERENT_WALLET", f"{name} belongs to another wallet or secret (a mixed set)")
    if ck["scheme"] != ref["scheme"]:
        raise Refused("DIFFERENT_SCHEME", f"{name} was made with the {ck['scheme']} scheme, the others "
                                          f"with {ref['scheme']}")
    if ck["setId"] != ref_set_id:
        raise Refused("DIFFERENT_SET", f"{name} is from another split of this wallet (set {ck['setId'].hex()[:8]}, "
                                       f"not {ref_set_id.hex()[:8]}): child keys of different splits never combine")
    if any(ck[k] != ref[k] for k in ("version", "threshold", "parties", "field", "secretLength")):
        raise Refused("INCONSISTENT_CHILD_KEY", f"{name} disagrees with its set about its format version, threshold, "
                                                "parties or field")
    if ck["index"] == 0:
        raise Refused("INDEX_ZERO", f"{name} has index 0, which no child key can have: it is forged or damaged")
    if ck["index"] > ck["parties"]:
        raise Refused("INCONSISTENT_CHILD_KEY", f"{name} has an index above the set's {ck['parties']} holders")


def verify(ck, st):
    check_header(ck, st, st["setId"])
    name, v, i = name_of(ck), st["verification"], ck["index"]
    if st["labels"][i - 1] != ck["label"]:
        raise Refused("INCONSISTENT_CHILD_KEY", f'{name}: the set gives index {i} to "{st["labels"][i - 1]}"')
    if v["kind"] == "blinded":
        ok = bool(ck["blinding"]) and hmac.compare_digest(blinded_hash(i, ck["share"], ck["blinding"]),
                                                          v["hashes"][i - 1])
    elif v["kind"] == "hashes":
        ok = hmac.compare_digest(salted_hash(v["salt"], bytes([i]) + ck["share"]), v["hashes"][i - 1])
    else:
        curve, y = CURVE[st["curve"]], element(st["field"], ck["share"])
        if v["kind"] == "points":
            ok = y != 0 and curve.encode(mul(curve, curve.G, y)) == v["points"][i - 1]
        else:  # Feldman: y.G = sum of C_j . i^j, every C_j a valid point
            points, acc = [curve.decode(c) for c in v["commitments"]], curve.ZERO
            for j, c in enumerate(points):
                acc = acc if c is None else curve.add(acc, mul(curve, c, pow(i, j, curve.N)))
            ok = None not in points and curve.encode(mul(curve, curve.G, y)) == curve.encode(acc)
    if not ok:
        raise Refused("CHILD_KEY_MISMATCH", f"{name} does not match its set's public data: it is damaged or forged")


# ---- Combining (docs/FORMAT.md "The schemes").

def gf_mul(a, b):
    r = 0
    while b:
        if b & 1:
            r ^= a
        a = (a << 1) ^ (0x11B if a & 0x80 else 0)
        b >>= 1
    return r


def gf_inv(a):
    r = 1
    for _ in range(254):
        r = gf_mul(r, a)
    return r


def xor_bytes(parts, n):
    acc = 0
    for p in parts:
        acc ^= int.from_bytes(p, "big")
    return acc.to_bytes(n, "big")


def gf_interpolate(points, at):
    """Byte-wise Lagrange interpolation over GF(2^8) (AES polynomial 0x11b) at x = at."""
    n = len(points[0][1])
    terms = []
    for i, (xi, yi) in enumerate(points):
        num = den = 1
        for j, (xj, _) in enumerate(points):
            if j != i:
                num, den = gf_mul(num, at ^ xj), gf_mul(den, xi ^ xj)
        c = gf_mul(num, gf_inv(den))
        terms.append(yi.translate(bytes(gf_mul(c, v) for v in range(256))))
    return xor_bytes(terms, n)


def lagrange(points, at, p):
    acc = 0
    for i, (xi, yi) in enumerate(points):
        num = den = 1
        for j, (xj, _) in enumerate(points):
            if j != i:
                num, den = num * (at - xj) % p, den * (xi - xj) % p
        acc = (acc + yi * num * pow(den, -1, p)) % p
    return acc


def to_secret(h, s):
    """A restored field element as the secret's bytes, or None when it cannot be the secret."""
    if h["curve"] and h["field"] == CURVE_FIELD[h["curve"]]:
        if h["curve"] == "secp256k1":
            return s.to_bytes(32, "big") if 0 < s < SECP_N else None
        return s.to_bytes(32, "little")
    if h["curve"] is None and h["scheme"] == "additive" or s >> (8 * h["secretLength"]):
        return None
    return s.to_bytes(h["secretLength"], "big")


def combine_values(h, cks, key, n, field):
    """The shared value from the child keys' `key` (share or blinding share), n bytes for byte schemes."""
    scheme = h["scheme"]
    if scheme == "xor":
        return xor_bytes([c[key] for c in cks], n)
    if scheme == "gf256":
        return gf_interpolate([(c["index"], c[key]) for c in cks], 0)
    if field == "pow2":
        return (sum(int.from_bytes(c[key], "big") for c in cks) % 2 ** (8 * n)).to_bytes(n, "big")
    p = FIELDS[field][1]
    if scheme == "additive":
        return sum(element(field, c[key]) for c in cks) % p
    return lagrange([(c["index"], element(field, c[key])) for c in cks], 0, p)


def combine(h, cks):
    """The secret (None when it cannot be one) and the blinding key (None without one)."""
    s = combine_values(h, cks, "share", h["secretLength"], h["field"])
    secret = s if isinstance(s, bytes) else to_secret(h, s)
    blinding_key = None
    if blinding_length(h["scheme"], h["field"], h["version"]):
        r = combine_values(h, cks, "blinding", BLINDING_KEY_BYTES, "m521" if h["scheme"] == "shamir" else "pow2")
        if isinstance(r, int):  # shamir: the key is an element of m521 below 2^256
            r = r.to_bytes(BLINDING_KEY_BYTES, "big") if r >> (8 * BLINDING_KEY_BYTES) == 0 else None
        blinding_key = r
    return secret, blinding_key


def on_polynomial(h, base, ck):
    keys = [("share", h["field"])]
    if blinding_length(h["scheme"], h["field"], h["version"]):
        keys.append(("blinding", "m521"))
    for key, field in keys:
        if h["scheme"] == "gf256":
            if gf_interpolate([(c["index"], c[key]) for c in base], ck["index"]) != ck[key]:
                return False
            continue
        p = FIELDS[field][1]
        if lagrange([(c["index"], element(field, c[key])) for c in base], ck["index"], p) != element(field, ck[key]):
            return False
    return True


def restore(cks, st):
    """The secret from decoded child keys, each checked against the set's public data when a file carried it."""
    if not cks:
        raise Refused("NO_CHILD_KEYS", "no child keys were given")
    if st:  # every child key was checked against the set already (main), naming its file
        ref, ref_id = st, st["setId"]
    else:
        keys = [(c["walletId"], c["setId"]) for c in cks]
        ref = cks[max(range(len(cks)), key=lambda i: (keys.count(keys[i]), -i))]
        ref_id = ref["setId"]
    for ck in cks:
        check_header(ck, ref, ref_id)
    t, n = ref["threshold"], ref["parties"]
    if len(cks) > n:
        raise Refused("TOO_MANY_CHILD_KEYS", f"{len(cks)} child keys were given, but this set has only {n}: "
                                             "one was given more than once")
    by_index = {}
    for ck in cks:
        first = by_index.setdefault(ck["index"], ck)
        if first is not ck:
            raise Refused("DUPLICATE_CHILD_KEY", f"{name_of(ck)} was given twice: each holder's child key counts once"
                          if first["share"] == ck["share"] else
                          f"two different child keys claim index {ck['index']}: one of them is forged")
    if len(cks) < t:
        missing = ", ".join(st["labels"][i - 1] if st else f"child key {i}" for i in range(1, n + 1)
                            if i not in by_index)
        need = f"still missing: {missing}" if t == n else f"{t - len(cks)} more needed, from any of: {missing}"
        raise Refused("TOO_FEW_CHILD_KEYS", f"{len(cks)} of {t} child keys: {need}")
    cks = sorted(cks, key=lambda c: c["index"])
    subsets = [cks] if t == n else itertools.islice(itertools.combinations(cks, t), 5000)
    for base in subsets:
        secret, blinding_key = combine(ref, list(base))
        if secret is None or wallet_id_of(secret, ref, blinding_key) != ref["walletId"]:
            continue
        wrong = [c for c in cks if all(c is not b for b in base) and not on_polynomial(ref, base, c)]
        if wrong:
            raise Refused("CHILD_KEY_MISMATCH", " and ".join(map(name_of, wrong))
                          + " do not agree with the other child keys: damaged or forged; leave them out")
        return secret, ref, ref_id, [c["index"] for c in base]
    raise Refused("WRONG_RESULT", "the child keys were combined, but they do not give this wallet's key: "
                                  "at least one of them is wrong or forged")


# ---- The sealed body (docs/FORMAT.md "The sealed body"): AES-256-GCM from `cryptography` or `openssl`.

def hkdf_sha256(ikm, salt, info, length):
    prk = hmac.new(salt, ikm, hashlib.sha256).digest()
    out, block = b"", b""
    for i in range(1, -(-length // 32) + 1):
        block = hmac.new(prk, block + info + bytes([i]), hashlib.sha256).digest()
        out += block
    return out[:length]


def gcm_with_cryptography(key):
    from cryptography.exceptions import InvalidTag
    from cryptography.hazmat.primitives.ciphers.aead import AESGCM

    aead = AESGCM(key)

    def open_chunk(nonce, sealed, aad):
        try:
            return aead.decrypt(nonce, sealed, aad)
        except InvalidTag:
            return None

    return open_chunk


def gcm_with_openssl(key):
    """AES-256-GCM decryption from openssl's AES-256-CTR, with GHASH (SP 800-38D) computed here."""
    def ctr(iv, data):
        r = subprocess.run(["openssl", "enc", "-aes-256-ctr", "-K", key.hex(), "-iv", iv.hex()],
                           input=data, capture_output=True, check=False)
        if r.returncode != 0 or len(r.stdout) != len(data):
            raise OSError("openssl enc -aes-256-ctr failed")
        return r.stdout

    v = [int.from_bytes(ctr(bytes(16), bytes(16)), "big")]  # H = AES_K(0^128); v[i] = H * x^i
    for _ in range(127):
        v.append(v[-1] >> 1 ^ (0xE1 << 120 if v[-1] & 1 else 0))
    table = []
    for k in range(16):
        row = [0] * 256
        for b in range(1, 256):
            low = b & -b
            row[b] = row[b ^ low] ^ v[8 * k + 7 - (low.bit_length() - 1)]
        table.append(row)

    def ghash(aad, ct):
        y = 0
        lengths = (8 * len(aad) << 64 | 8 * len(ct)).to_bytes(16, "big")
        for data in (aad, ct, lengths):
            for at in range(0, len(data), 16):
                x = y ^ int.from_bytes(data[at:at + 16].ljust(16, b"\0"), "big")
                y = 0
                for k in range(16):
                    y ^= table[k][x >> (120 - 8 * k) & 0xFF]
        return y

    def open_chunk(nonce, sealed, aad):
        ct, tag = sealed[:-16], sealed[-16:]
        out = ctr(nonce + b"\0\0\0\1", bytes(16) + ct)  # AES_K(J0), then the plaintext
        expected = (int.from_bytes(out[:16], "big") ^ ghash(aad, ct)).to_bytes(16, "big")
        return out[16:] if hmac.compare_digest(expected, tag) else None

    return open_chunk


def gcm_backend():
    """The first AES-256-GCM that works here and passes a known answer (SP 800-38D test case 14)."""
    wanted = os.environ.get("JOINTKEY_RECOVER_AES", "cryptography,openssl").split(",")
    for name in wanted:
        try:
            if name == "openssl" and not shutil.which("openssl"):
                continue
            make = {"cryptography": gcm_with_cryptography, "openssl": gcm_with_openssl}.get(name)
            sealed = bytes.fromhex("cea7403d4d606b6e074ec5d3baf39d18d0d1c8a799996bf0265b98b5d48ab919")
            if make and make(bytes(32))(bytes(12), sealed, b"") == bytes(16):
                return name, make
        except (ImportError, OSError):
            continue
    return None, None


def open_sealed(body_path, out_path, file_key, set_id):
    if os.path.exists(out_path):
        raise Refused("FILE_EXISTS", f"{out_path} already exists: choose another name (no file is ever replaced)")
    try:
        f = open(body_path, "rb")
    except OSError as e:
        raise Refused("FILE_NOT_FOUND", f"cannot read the sealed body {body_path} ({e.strerror})") from None
    with f:
        header = f.read(82)
        if len(header) < 82 or header[:16] != BODY_MAGIC or not 12 <= header[17] <= 24:
            raise Refused("TAMPERED_BODY", f"{body_path} is not a JointKey sealed body, or its start was damaged")
        if header[16] != 1:
            raise Refused("UNSUPPORTED_VERSION", f"{body_path} has format version {header[16]}; this tool reads 1")
        if header[18:34] != set_id:
            raise Refused("DIFFERENT_SET", f"{body_path} belongs to another split: its child keys are not these")
        if len(file_key) != 32:
            raise Refused("DIFFERENT_SET", "these child keys hold a secret, not the key of a sealed file")
        okm = hkdf_sha256(file_key, header[34:66], b"JointKey sealed body v1" + set_id, 48)
        if not hmac.compare_digest(okm[32:], header[66:82]):
            raise Refused("WRONG_RESULT", "the child keys give a key that does not open this sealed body")
        name, make = gcm_backend()
        if make is None:
            raise Refused("NO_AES_GCM", "opening a sealed body needs AES-256-GCM: install the Python package "
                                        "'cryptography' (pip install cryptography) or the openssl command")
        open_chunk, size = make(okm[:32]), 1 << header[17]
        payload = os.fstat(f.fileno()).st_size - 82
        chunks = max(1, -(-payload // (size + 16)))
        out_dir = os.path.dirname(os.path.abspath(out_path))
        fd, tmp = tempfile.mkstemp(dir=out_dir, prefix=".jointkey-recover-")
        try:
            with os.fdopen(fd, "wb") as out:
                for i in range(chunks):
                    piece, last = f.read(size + 16), i == chunks - 1
                    plain = None
                    if len(piece) >= 16 and not (last and i > 0 and len(piece) == 16):
                        plain = open_chunk(i.to_bytes(11, "big") + bytes([last]), piece, header)
                    if plain is None:
                        raise Refused("TAMPERED_BODY", f"chunk {i + 1} of {body_path} was changed, moved or cut "
                                                       "off: nothing was written; use another holder's copy")
                    out.write(plain)
            try:
                os.link(tmp, out_path)  # never replaces a file
            except FileExistsError:
                raise Refused("FILE_EXISTS", f"{out_path} already exists: choose another name") from None
            except OSError:  # no hard links here (a FAT USB stick): rename, having checked it is still free
                if os.path.exists(out_path):
                    raise Refused("FILE_EXISTS", f"{out_path} already exists: choose another name") from None
                os.rename(tmp, out_path)
            return name, os.path.getsize(out_path)
        finally:
            if os.path.exists(tmp):
                os.unlink(tmp)


# ---- The command line.

def body_set_id(path):
    """The set id in a sealed body's header, or None when `path` is not a sealed body."""
    try:
        with open(path, "rb") as f:
            header = f.read(82)
    except OSError:
        return None
    return header[18:34] if len(header) == 82 and header.startswith(BODY_MAGIC) else None


def read_inputs(args):
    """(source, child key, set or None) for every argument: a file, a jk1-... text, or "-" (standard input)."""
    out = []
    for arg in args:
        if arg == "-":
            if sys.stdin.isatty():
                print("Type or paste one child key (jk1-...) per line, then an empty line:", file=sys.stderr)
            typed = 0
            for n, line in enumerate(sys.stdin, start=1):
                if line.strip():
                    out.append((f"line {n} of the input", line, False))
                    typed += 1
                elif typed:
                    break
        elif os.path.isfile(arg):
            with open(arg, "rb") as f:
                raw = f.read(64 * 1024 * 1024)
            if raw.lstrip().startswith((b"-----BEGIN AGE ENCRYPTED FILE-----", b"age-encryption.org/v1")):
                raise Refused("PASSPHRASE_NEEDED", f"{arg} is encrypted: open it first with its holder's passphrase "
                                                   f'(age -d -o child-key.json "{arg}")')
            try:
                out.append((arg, raw.decode("utf-8-sig"), True))
            except UnicodeDecodeError:
                raise Refused("MALFORMED_CHILD_KEY", f"{arg} is not a text file, so not a child key") from None
        elif arg.strip().lower().startswith("jk1"):
            out.append((f"argument {len(out) + 1}", arg, False))
        else:
            raise Refused("FILE_NOT_FOUND", f"{arg} is neither a file nor a child key (jk1-...)")
    decoded = []
    for source, text, _ in out:
        try:
            if text.lstrip().startswith("{"):
                decoded.append((source,) + parse_file_form(text))
            elif text.strip().lower().startswith("jk1"):
                decoded.append((source, parse_binary(text_to_binary(text)), None))
            elif len(text.split()) >= 10 and all(w.isalpha() for w in text.split()):
                raise Refused("DIFFERENT_SCHEME", "this is a SLIP-39 mnemonic: restore it with a SLIP-39 tool")
            else:
                raise malformed('a child key starts with "jk1-"')
        except Refused as e:
            raise Refused(e.code, f"{source}: {e}") from None
    return decoded


def main(argv=None):
    ap = argparse.ArgumentParser(description="Restore a key or secret from JointKey child keys (format version 1).")
    ap.add_argument("child_keys", nargs="+", metavar="CHILD-KEY",
                    help='a child-key file (.jointkey.json, or a text file with jk1-...), a jk1-... text, or "-"')
    ap.add_argument("--sealed", metavar="BODY", help="the sealed body (body.jointkey.sealed) to open")
    ap.add_argument("--out", metavar="FILE", help="where to write the opened sealed body (a new file)")
    ap.add_argument("--json", action="store_true", help="print the result as JSON")
    a = ap.parse_args(argv)
    if a.sealed and not a.out:
        ap.error("--sealed needs --out FILE")
    try:
        decoded = read_inputs(a.child_keys)
        sets = [st for _, _, st in decoded if st]
        ids = [st["setId"] for st in sets]
        st = sets[max(range(len(sets)), key=lambda i: (ids.count(ids[i]), -i))] if sets else None
        for source, ck, _ in decoded:  # each child key against the set most files carry, naming its source
            try:
                if st:
                    verify(ck, st)
            except Refused as e:
                raise Refused(e.code, f"{source}: {e}") from None
        secret, ref, set_id, used = restore([ck for _, ck, _ in decoded], st)
        beside = [os.path.join(os.path.dirname(src), "body.jointkey.sealed") for src, _, _ in decoded
                  if os.path.isfile(src)]
        body = a.sealed or next((p for p in beside if body_set_id(p) == set_id), None)
        if a.out:
            if not body:
                raise Refused("FILE_NOT_FOUND", "no body.jointkey.sealed of this set lies beside the child keys: "
                                                "give it with --sealed BODY")
            backend, size = open_sealed(body, a.out, secret, set_id)
            result = {"out": a.out, "bytes": size, "body": body, "setId": set_id.hex(), "aesGcm": backend}
        else:
            wallet = ({"curve": ref["curve"], "publicKey": ref["walletId"].hex()} if ref["curve"]
                      else {"fingerprint": ref["walletId"].hex()})
            result = {"secretHex": secret.hex(), **wallet, "setId": set_id.hex(), "scheme": ref["scheme"],
                      "threshold": ref["threshold"], "parties": ref["parties"], "indices": used}
    except Refused as e:
        print(f"jointkey_recover: {e.code}: {e}", file=sys.stderr)
        return 1
    if a.json:
        print(json.dumps(result, indent=2))
    elif a.out:
        print(f"opened {body} into {a.out} ({result['bytes']} bytes)")
    else:
        print(f"secret (hex): {result['secretHex']}")
        if ref["curve"]:
            print(f"{ref['curve']} public key: {result['publicKey']} (checked)")
        else:
            print(f"fingerprint: {result['fingerprint']} (checked)")
        print(f"set {result['setId']}, {ref['scheme']}, {ref['threshold']} of {ref['parties']}, "
              f"from child keys {', '.join(map(str, used))}")
        if body:
            print(f"note: these child keys open the sealed body {body}: add --out FILE to write it", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
