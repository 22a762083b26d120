"""Column kinds, value generators and expected Debezium values for test_differential.py.

The server is the oracle: the expected value of every cell is derived from what a SELECT of a
canonical form returns (HEX() for bytes and text, CAST(... AS CHAR) for temporals,
UNIX_TIMESTAMP() for TIMESTAMP, ...), never from the literal the test inserted. The literals only
decide what gets stored.

A Kind knows, for one family of column types:
- how to write values (`edges()`: boundary literals, `random(rng)`: a random literal, `lax()`:
  literals that need sql_mode='' such as zero dates),
- how to read them back (`select(col)`: SQL expressions, `parse(fields)`: the server value),
- what rowcast must emit for that value under a set of handling modes (`expect`), and how to
  compare it with what was emitted (`same`).
"""

from __future__ import annotations

import base64
import datetime as dt
import hashlib
import ipaddress
import json
import math
import random
import re
import string
import struct
import subprocess
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any

from rowcast_harness import TIMEOUT, MariaDB, SqlError, decimal_b64, sql_str, time_micros

# An expected value that is not checked in a mode (documented where it is used).
SKIP = object()

EPOCH_DATE = dt.date(1970, 1, 1)


# --------------------------------------------------------------------------------------------
# Handling modes


@dataclass(frozen=True)
class Mode:
    """One rowcast configuration: its overrides and the handling modes they select."""
    name: str
    overrides: dict[str, str]
    decimal: str = "precise"
    time: str = "adaptive_time_microseconds"
    bigint: str = "long"
    binary: str = "bytes"


MODES = [
    Mode("defaults", {}),
    Mode("string/connect/precise/hex",
         {"decimal.handling.mode": "string", "time.precision.mode": "connect",
          "bigint.unsigned.handling.mode": "precise", "binary.handling.mode": "hex"},
         decimal="string", time="connect", bigint="precise", binary="hex"),
    Mode("double/adaptive/long/base64-url-safe",
         {"decimal.handling.mode": "double", "time.precision.mode": "adaptive",
          "bigint.unsigned.handling.mode": "long", "binary.handling.mode": "base64-url-safe"},
         decimal="double", time="adaptive", bigint="long", binary="base64-url-safe"),
]


def encode_binary(data: bytes, mode: Mode) -> str:
    """BINARY/VARBINARY/BLOB bytes as binary.handling.mode writes them in JSON."""
    if mode.binary == "hex":
        return data.hex()
    if mode.binary == "base64-url-safe":
        return base64.urlsafe_b64encode(data).decode()
    return base64.b64encode(data).decode()  # bytes (JsonConverter writes base64) and base64


def b64(data: bytes) -> str:
    return base64.b64encode(data).decode()


def is_number(x: Any) -> bool:
    return isinstance(x, (int, float)) and not isinstance(x, bool)


def same_bits(a: Any, b: Any, fmt: str) -> bool:
    """a and b denote the same IEEE value of format fmt ('<f' or '<d'), sign of zero included."""
    if not (is_number(a) and is_number(b)):
        return False
    try:
        return struct.pack(fmt, a) == struct.pack(fmt, b)
    except (OverflowError, struct.error):
        return False


# --------------------------------------------------------------------------------------------
# Kinds


class Kind:
    """Base class; see the module docstring."""

    def select(self, col: str) -> list[str]:
        return [f"`{col}`"]

    def parse(self, fields: list[str]) -> Any:
        return fields[0]

    def expect(self, value: Any, mode: Mode, nullable: bool) -> Any:
        return value

    def same(self, expected: Any, got: Any) -> bool:
        return type(expected) is type(got) and expected == got

    def edges(self) -> list[str]:
        return []

    def random(self, rng: random.Random) -> str:
        raise NotImplementedError

    def lax(self) -> list[str]:
        return []

    def show(self, value: Any) -> str:
        return short_repr(value)


class IntKind(Kind):
    def __init__(self, bits: int, unsigned: bool, bigint_unsigned: bool = False):
        self.bits = bits
        self.lo = 0 if unsigned else -(1 << (bits - 1))
        self.hi = (1 << bits) - 1 if unsigned else (1 << (bits - 1)) - 1
        self.bigint_unsigned = bigint_unsigned

    def parse(self, fields):
        return int(fields[0])

    def expect(self, value, mode, nullable):
        if self.bigint_unsigned:
            if mode.bigint == "precise":
                return decimal_b64(value)
            return value - (1 << 64) if value >= 1 << 63 else value
        return value

    def edges(self):
        cands = [self.lo, self.hi, 0, 1, -1, self.lo + 1, self.hi - 1, self.hi // 2,
                 self.hi // 2 + 1, 127, 128, 255, 256, 32767, 32768, 65535, 65536, 8388607,
                 8388608, 2147483647, 2147483648, -129, -32769, -8388609, -2147483649]
        out = []
        for v in cands:
            if self.lo <= v <= self.hi and str(v) not in out:
                out.append(str(v))
        return out

    def random(self, rng):
        v = rng.getrandbits(rng.randint(1, self.bits))
        if self.lo < 0 and rng.random() < 0.5:
            v = -v
        return str(max(self.lo, min(self.hi, v)))


class FloatKind(Kind):
    """FLOAT (single) or DOUBLE. Read back as CAST(col AS DOUBLE), which prints the shortest
    text that round-trips the double (exact for a float widened to double), plus the sign of a
    zero through ATAN2(col, -1) (π for +0, -π for -0)."""

    def __init__(self, single: bool):
        self.single = single
        self.fmt = "<f" if single else "<d"

    def select(self, col):
        return [f"CAST(`{col}` AS DOUBLE)", f"ATAN2(`{col}`, -1) < 0"]

    def parse(self, fields):
        v = float(fields[0])
        if v == 0 and fields[1] == "1":
            v = -0.0
        return v

    def same(self, expected, got):
        return same_bits(expected, got, self.fmt)

    @staticmethod
    def lit(v: float) -> str:
        return f"{v:.16e}"  # 17 significant digits: the exact double

    def edges(self):
        if self.single:
            vals = [0.0, 1.0, -1.0, 3.4028234663852886e38, -3.4028234663852886e38,
                    1.1754943508222875e-38, 1.401298464324817e-45, -1.401298464324817e-45,
                    0.10000000149011612, 16777216.0, 16777218.0, 1e10, -2.5, 7.006492321624085e-45]
            return [self.lit(v) for v in vals] + ["-1e-50"]  # -1e-50 underflows to -0.0
        vals = [0.0, 1.0, -1.0, 1.7976931348623157e308, -1.7976931348623157e308,
                2.2250738585072014e-308, 5e-324, -5e-324, 0.1, 1 / 3, 9007199254740993.0,
                123456789012345678.0, -2.5e-300, 1e16, 4.9406564584124654e-323]
        return [self.lit(v) for v in vals] + ["-1e-400", "-0e0"]

    def random(self, rng):
        if rng.random() < 0.3:
            return self.lit(round(rng.uniform(-1e6, 1e6), rng.randint(0, 6)))
        while True:
            if self.single:
                v = struct.unpack("<f", struct.pack("<I", rng.getrandbits(32)))[0]
            else:
                v = struct.unpack("<d", struct.pack("<Q", rng.getrandbits(64)))[0]
            if math.isfinite(v):
                return self.lit(v)


class DecimalKind(Kind):
    def __init__(self, precision: int, scale: int):
        self.p, self.s = precision, scale
        self.ip = precision - scale

    def expect(self, value, mode, nullable):
        if mode.decimal == "string":
            return value
        if mode.decimal == "double":
            return float(value)
        return decimal_b64(int(value.replace(".", "")))

    def same(self, expected, got):
        if isinstance(expected, float):
            return is_number(got) and float(got) == expected
        return super().same(expected, got)

    def text(self, ip: str, fp: str, neg: bool = False) -> str:
        t = (ip or "0") + ("." + fp.ljust(self.s, "0") if self.s else "")
        return ("-" if neg else "") + t

    def edges(self):
        ip, s = self.ip, self.s
        digits = "1234567890" * 7
        out = ["0", self.text("9" * ip, "9" * s), self.text("9" * ip, "9" * s, True)]
        if s:
            out += [self.text("", "0" * (s - 1) + "1"), self.text("", "0" * (s - 1) + "1", True),
                    self.text("", "5"), self.text("", digits[:s], True)]
        if ip:
            out += ["1", "-1", self.text(digits[:ip], digits[:s]),
                    self.text(digits[:ip], digits[:s], True)]
        for n in (9, 10, 18, 19, 27, 28):
            if ip >= n:
                out += [self.text("9" * 9 if n == 9 else "1" + "0" * (n - 1), "")]
        if s >= 9:
            out += [self.text("", "9" * 9), self.text("", "0" * 8 + "1", True)]
        if s >= 10:
            out += [self.text("", "0" * 9 + "1")]
        return list(dict.fromkeys(out))

    def random(self, rng):
        ni = rng.randint(0, self.ip)
        nf = rng.randint(0, self.s)
        ip = "".join(rng.choice(string.digits) for _ in range(ni)).lstrip("0")
        fp = "".join(rng.choice(string.digits) for _ in range(nf))
        return self.text(ip, fp, rng.random() < 0.5)


# ---- text

ASCII = string.ascii_letters + string.digits + " !#$%&()*+,-./:;<=>?@[]^_`{|}~"
SPECIAL = "'\"\\\n\r\t\x00\x1a\x7f\x85\u2028"
TWO = "éüßñçøÅÆЖжΩπ"
THREE = "✓€中文ひらがな한국어‰…\u200b\ufeff\ufffd"
FOUR = "😀𝄞🎉👍🏽🀄𐍈"

# Other charsets: (Python codec, characters of the charset beyond ASCII).
OTHER_CHARSETS = {
    "ascii": ("ascii", ""),
    "latin2": ("iso8859_2", "ąčęłńóśźżĄČĘŁŃÓŚŹŻőűŐŰ"),
    "cp1251": ("cp1251", "приветмирЁёЖжЩщЪъ"),
    "greek": ("iso8859_7", "αβγδεζηθΩΣάέ"),
    "utf16": ("utf-16-be", TWO + THREE + FOUR),
    "utf16le": ("utf-16-le", TWO + THREE + FOUR),
    "ucs2": ("utf-16-be", TWO + THREE),
    "utf32": ("utf-32-be", TWO + THREE + FOUR),
    "sjis": ("shift_jis", "あいうえおカタカナ日本語漢字東京"),
    "gbk": ("gbk", "中文简体汉字测试"),
    "big5": ("big5", "繁體中文測試"),
    "euckr": ("euc_kr", "한국어테스트"),
}


def rand_len(rng: random.Random, n: int) -> int:
    r = rng.random()
    if r < 0.08:
        return 0
    if r < 0.16:
        return n
    if r < 0.6:
        return rng.randint(0, min(n, 12))
    return rng.randint(0, n)


class TextKind(Kind):
    """CHAR/VARCHAR/TEXT in utf8mb4, utf8mb3, latin1 or another charset. Read back as
    HEX(CONVERT(col USING utf8mb4)): the server's own decoding of the stored bytes."""

    def __init__(self, charset: str, max_chars: int, max_bytes: int | None = None,
                 big: int = 0):
        self.cs = charset
        self.n = max_chars
        self.max_bytes = max_bytes
        self.big = big  # bytes of one extra, large edge value (TEXT, MEDIUMTEXT, LONGTEXT)
        # Longest values written, except `big`: CHAR/VARCHAR/TINYTEXT/TEXT up to their limit.
        self.cap_chars = max_chars if max_chars <= 65535 else 300
        self.cap_bytes = max_bytes if max_bytes is not None and max_bytes <= 65535 else 4 * 65535
        if charset in ("utf8mb4", "utf8mb3"):
            self.codec, extra = "utf-8", TWO + THREE + (FOUR if charset == "utf8mb4" else "")
            self.pools = [(ASCII, 60), (SPECIAL, 8), (extra, 32)]
        elif charset == "latin1":
            self.codec = None  # bytes, written as _latin1 X'..'
        else:
            self.codec, extra = OTHER_CHARSETS[charset]
            ascii_ = ASCII.replace("\\", "").replace("~", "")
            self.pools = [(ascii_, 60)] + ([(extra, 40)] if extra else [])

    def select(self, col):
        return [f"HEX(CONVERT(`{col}` USING utf8mb4))"]

    def parse(self, fields):
        return bytes.fromhex(fields[0]).decode("utf-8")

    def literal(self, value: str | bytes) -> str:
        data = value if isinstance(value, bytes) else value.encode(self.codec)
        return f"_{self.cs} X'{data.hex()}'"

    def size(self, value: str | bytes) -> int:
        return len(value) if isinstance(value, bytes) else len(value.encode(self.codec))

    def fits(self, value) -> bool:
        if len(value) > self.n:
            return False
        return self.max_bytes is None or self.size(value) <= self.max_bytes

    def fill(self, unit, chars: int | None = None, nbytes: int | None = None):
        """unit repeated to the longest value within chars characters and nbytes bytes, topped
        up with 'z' to use the whole byte budget (e.g. 16383 × 4-byte + 3 × 'z' = 65535)."""
        chars = min(self.cap_chars, self.n) if chars is None else chars
        nbytes = self.cap_bytes if nbytes is None else nbytes
        v = unit * min(chars, nbytes // self.size(unit))
        z = b"z" if isinstance(unit, bytes) else "z"
        while len(v) < chars and self.size(v) < nbytes:
            v += z
        return v

    def char(self, rng):
        if self.codec is None:
            r = rng.random()
            if r < 0.6:
                return bytes([rng.randint(0x20, 0x7E)])
            if r < 0.7:
                return rng.choice([b"'", b'"', b"\\", b"\n", b"\t", b"\x00"])
            return bytes([rng.randint(0x80, 0xFF)])
        pool = rng.choices([p for p, _ in self.pools], [w for _, w in self.pools])[0]
        return rng.choice(pool)

    def edges(self):
        if self.codec is None:
            short = [b"", b" ", b"a ", b" lead", b"trailing  ", b"x\x00", b"x\x00\x00", b"\x00",
                     bytes(range(0x80, 0xA0)), bytes(range(0xA0, 0x100)),
                     b"it's \"q\" \\ back\nline\ttab"]
            units = [b"z", b"\xff", b"\x80"]
        else:
            short = ["", " ", "a ", " lead", "trailing  "]
            units = ["z"]
            if self.codec == "utf-8":
                short += ["x\x00", "x\x00\x00", "\x00", "it's \"q\" \\ back\nline\ttab\r\x1a",
                          "\ufeffbom", "\u2028\x85\x7f"]
                units += ["é", "中"]
                if self.cs == "utf8mb4":
                    short += ["a😀", "👍🏽🇺🇸"]
                    units += ["😀"]
            else:
                extra = self.pools[-1][0]
                short += [extra]
                units += [extra[-1]]
        vals = [v[: self.n] for v in short] + [self.fill(u) for u in units]
        out = []
        for v in vals:
            while not self.fits(v):
                v = v[:-1]
            lit = self.literal(v)
            if lit not in out:
                out.append(lit)
        if self.big:
            unit = b"\xe9" if self.codec is None else "é"
            out.append(self.literal(self.fill(unit, self.n, self.big)))
        return out

    def random(self, rng):
        target = rand_len(rng, min(self.n, self.cap_chars, 1000))
        v = b"" if self.codec is None else ""
        for _ in range(target):
            c = self.char(rng)
            if not self.fits(v + c):
                break
            v += c
        return self.literal(v)


class JsonKind(TextKind):
    """MariaDB JSON: LONGTEXT with a JSON_VALID check. rowcast emits the text as stored."""

    def __init__(self):
        super().__init__("utf8mb4", 1 << 31)

    def edges(self):
        deep = "[" * 30 + "1" + "]" * 30
        big = json.dumps({f"k{i}": "é" * 20 + str(i) for i in range(2600)}, ensure_ascii=False)
        docs = ["null", "true", "{}", "[]", "0", "-0", '""', '"x"', "[1e308, -0.0, 1E-7]",
                '{"k": "\\u0000\\n\\t\\"\\\\/"}', '{"emoji": "😀", "cjk": "中文", "é": 1}',
                ' { "spaced" :\n [ 1 , 2 ] } ', deep, big,
                '{"big": 18446744073709551615, "neg": -9223372036854775808}']
        return [self.literal(d) for d in docs]

    def value(self, rng, depth=0):
        r = rng.random()
        if depth < 3 and r < 0.25:
            return [self.value(rng, depth + 1) for _ in range(rng.randint(0, 4))]
        if depth < 3 and r < 0.5:
            return {self.random_text(rng, 8): self.value(rng, depth + 1)
                    for _ in range(rng.randint(0, 4))}
        return rng.choice([None, True, False, rng.randint(-2**63, 2**64 - 1),
                           rng.uniform(-1e9, 1e9), self.random_text(rng, 20)])

    def random_text(self, rng, n):
        return "".join(self.char(rng) for _ in range(rng.randint(0, n)))

    def random(self, rng):
        doc = json.dumps(self.value(rng), ensure_ascii=rng.random() < 0.3,
                         separators=rng.choice([(",", ":"), (", ", ": ")]),
                         indent=2 if rng.random() < 0.1 else None)
        return self.literal(doc)


class BinaryKind(Kind):
    """BINARY(n) (fixed: the server pads with 0x00), VARBINARY(n) and the BLOBs."""

    def __init__(self, max_len: int, fixed: bool = False, big: int = 0):
        self.n = max_len
        self.fixed = fixed
        self.big = big

    def select(self, col):
        return [f"HEX(`{col}`)"]

    def parse(self, fields):
        return bytes.fromhex(fields[0])

    def expect(self, value, mode, nullable):
        return encode_binary(value, mode)

    def show(self, value):
        h = value.hex()
        return "0x" + (h if len(h) <= 80 else h[:80] + f"...({len(value)} bytes)")

    def edges(self):
        n = self.n if self.n <= 65535 else 300  # longest edge, besides `big`
        vals = [b"", b"\x00", b"\x00" * n, b"\xff" * n, b"\x01\x02\x00\x00", b"a ", b"\x00a",
                bytes(range(256)), b"\xde\xad\xbe\xef" + b"\x00" * 12]
        out = [f"X'{v[:n].hex()}'" for v in vals]
        if self.big:
            out.append(f"X'{bytes(range(256)).hex() * (self.big // 256)}'")
        return list(dict.fromkeys(out))

    def random(self, rng):
        k = rand_len(rng, min(self.n, 400))
        v = rng.randbytes(k)
        if k and rng.random() < 0.3:
            v = v[: max(0, k - rng.randint(1, 4))] + b"\x00" * rng.randint(1, 4)
            v = v[: self.n]
        return f"X'{v.hex()}'"


class DigestBinaryKind(BinaryKind):
    """A LONGBLOB holding values too large to read back with HEX(): compared through
    SHA2(col, 256) and LENGTH(col); the emitted text is decoded per binary.handling.mode."""

    def select(self, col):
        return [f"SHA2(`{col}`, 256)", f"LENGTH(`{col}`)"]

    def parse(self, fields):
        return fields[0].lower(), int(fields[1])

    def expect(self, value, mode, nullable):
        return ("sha256", value[0], "length", value[1], "encoded", mode.binary)

    def same(self, expected, got):
        if not isinstance(got, str):
            return False
        _, digest, _, length, _, binary = expected
        try:
            if binary == "hex":
                data = bytes.fromhex(got)
            elif binary == "base64-url-safe":
                data = base64.urlsafe_b64decode(got)
            else:
                data = base64.b64decode(got, validate=True)
        except ValueError:
            return False
        mode = Mode("", {}, binary=binary)
        return (len(data) == length and hashlib.sha256(data).hexdigest() == digest
                and encode_binary(data, mode) == got)

    def show(self, value):
        return f"sha256={value[0][:16]}... length={value[1]}"


class FixedBinaryKind(BinaryKind):
    """MariaDB UUID and INET6: 16-byte binary types, logged as BINARY(16). HEX(col) gives the
    bytes of the row image (for UUID the text order). rowcast knows the column types from the
    schema it tracks and writes the text the server prints: UUIDs 8-4-4-4-12 in lower case (as
    Debezium's MariaDB connector does), INET6 in RFC 5952 form; binary.handling.mode does not
    apply."""

    def __init__(self, which: str):
        super().__init__(16, True)
        self.which = which

    def select(self, col):
        return [f"HEX(`{col}`)", f"CAST(`{col}` AS CHAR)"]

    def parse(self, fields):
        return (bytes.fromhex(fields[0]), fields[1])

    def expect(self, value, mode, nullable):
        return value[1]  # the server's own text

    def show(self, value):
        return f"0x{value[0].hex()} ({value[1]})"

    def text(self, data: bytes) -> str:
        if self.which == "uuid":
            h = data.hex()
            return f"'{h[:8]}-{h[8:12]}-{h[12:16]}-{h[16:20]}-{h[20:]}'"
        return f"'{ipaddress.IPv6Address(data).compressed}'"

    def edges(self):
        if self.which == "uuid":
            texts = ["00000000-0000-0000-0000-000000000000", "ffffffff-ffff-ffff-ffff-ffffffffffff",
                     "6ccd780c-baba-1026-9564-5b8c656024db", "01000000-0000-0000-0000-000000000100",
                     "12345678-9abc-4def-8000-000000000000", "00000000-0000-0000-0000-000000000001",
                     "e0e1e2e3-e4e5-11e6-a7e8-e9eaebecedee", "631123f3-2c1d-eb78-8983-000000000000",
                     "64576482-8fb8-81e1-8100-0124b7f6601c"]
            return [f"'{t}'" for t in texts]
        texts = ["::", "::1", "::ffff:1.2.3.4", "ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff",
                 "2001:db8::", "1::", "fe80::1:0:0:0"]
        return [f"'{t}'" for t in texts]

    def random(self, rng):
        v = bytearray(rng.randbytes(16))
        if self.which == "uuid" and rng.random() < 0.8:
            v[6] = (v[6] & 0x0F) | rng.choice([0x10, 0x40, 0x70])  # v1, v4, v7
            v[8] = (v[8] & 0x3F) | 0x80  # RFC 4122 variant
        if self.which == "uuid":
            v[6] &= 0x7F  # MariaDB 10.11 refuses some UUIDs of versions 8-15 (edges have some)
        if rng.random() < 0.2:
            k = rng.randint(1, 6)
            v[-k:] = bytes(k)  # trailing zeros: the server strips them from the row image
        return self.text(bytes(v))


class BitKind(Kind):
    """BIT(n), read back as col+0. BIT(1) is a boolean, BIT(n>1) io.debezium.data.Bits: the
    value's (n+7)/8 bytes, little-endian (not subject to binary.handling.mode in Debezium)."""

    def __init__(self, n: int):
        self.n = n

    def select(self, col):
        return [f"`{col}` + 0"]

    def parse(self, fields):
        return int(fields[0])

    def expect(self, value, mode, nullable):
        if self.n == 1:
            return value != 0
        return b64(value.to_bytes((self.n + 7) // 8, "little"))

    def edges(self):
        top = (1 << self.n) - 1
        vals = [0, 1, top, 1 << (self.n - 1), 0x5555555555555555 & top, 0xAAAAAAAAAAAAAAAA & top,
                0xFF & top, 0x100 & top]
        return list(dict.fromkeys(f"b'{v:b}'" for v in vals))

    def random(self, rng):
        return f"b'{rng.getrandbits(self.n):b}'"


class LabelKind(Kind):
    """ENUM or SET; read back as text (HEX(CONVERT(col USING utf8mb4)))."""

    def __init__(self, labels: list[str], is_set: bool, charset: str = "utf8mb4"):
        self.labels = labels
        self.is_set = is_set
        self.cs = charset
        self.codec = "cp1252" if charset == "latin1" else "utf-8"

    def ddl(self) -> str:
        kind = "SET" if self.is_set else "ENUM"
        return f"{kind}({', '.join(sql_str(l) for l in self.labels)}) CHARACTER SET {self.cs}"

    def select(self, col):
        return [f"HEX(CONVERT(`{col}` USING utf8mb4))"]

    def parse(self, fields):
        return bytes.fromhex(fields[0]).decode("utf-8")

    def literal(self, text: str) -> str:
        return f"_{self.cs} X'{text.encode(self.codec).hex()}'"

    def edges(self):
        if not self.is_set:
            return [self.literal(l) for l in (self.labels[0], self.labels[-1])]
        return [self.literal(""), self.literal(",".join(self.labels)),
                self.literal(self.labels[-1]), self.literal(self.labels[0])]

    def random(self, rng):
        if not self.is_set:
            return self.literal(rng.choice(self.labels))
        chosen = [l for l in self.labels if rng.random() < 0.3]
        rng.shuffle(chosen)
        return self.literal(",".join(chosen))

    def lax(self):
        # Not a member: '' (index 0) for ENUM; dropped from a SET.
        if self.is_set:
            return [self.literal(self.labels[0] + ",no-such-member")]
        return [self.literal("no-such-label")]


# ---- temporals

def frac_digits(rng: random.Random, fsp: int) -> str:
    return "." + "".join(rng.choice(string.digits) for _ in range(fsp)) if fsp else ""


def max_frac(fsp: int) -> str:
    return "." + "9" * fsp if fsp else ""


def random_date(rng: random.Random) -> dt.date:
    lo, hi = dt.date(1, 1, 1).toordinal(), dt.date(9999, 12, 31).toordinal()
    if rng.random() < 0.5:
        lo, hi = dt.date(1900, 1, 1).toordinal(), dt.date(2100, 12, 31).toordinal()
    return dt.date.fromordinal(rng.randint(lo, hi))


ZERO_DATES = ["0000-00-00", "2020-00-15", "2020-05-00", "0000-03-04"]


class DateKind(Kind):
    """DATE → days since the epoch; zero dates (any zero part) → null, or 0 if NOT NULL."""

    def select(self, col):
        return [f"CAST(`{col}` AS CHAR)"]

    def parse(self, fields):
        return fields[0]

    def expect(self, value, mode, nullable):
        y, m, d = (int(x) for x in value.split("-"))
        if 0 in (y, m, d):
            return None if nullable else 0
        return (dt.date(y, m, d) - EPOCH_DATE).days

    def edges(self):
        return [f"'{d}'" for d in ("1970-01-01", "1969-12-31", "0001-01-01", "9999-12-31",
                                   "1000-01-01", "2000-02-29", "1900-02-28", "1582-10-10")]

    def random(self, rng):
        return f"'{random_date(rng).isoformat()}'"

    def lax(self):
        return [f"'{d}'" for d in ZERO_DATES]


class DateTimeKind(Kind):
    """DATETIME(fsp) → epoch ms (fsp ≤ 3, or connect mode; floored) or µs."""

    def __init__(self, fsp: int):
        self.fsp = fsp

    def select(self, col):
        return [f"CAST(`{col}` AS CHAR)"]

    def expect(self, value, mode, nullable):
        m = re.fullmatch(r"(\d{4})-(\d\d)-(\d\d) (\d\d):(\d\d):(\d\d)(?:\.(\d+))?", value)
        assert m, value
        y, mo, d, h, mi, s = (int(x) for x in m.groups()[:6])
        if 0 in (y, mo, d):
            return None if nullable else 0
        days = (dt.date(y, mo, d) - EPOCH_DATE).days
        micros = ((days * 86400 + h * 3600 + mi * 60 + s) * 1_000_000
                  + int((m.group(7) or "").ljust(6, "0")))
        if mode.time == "connect" or self.fsp <= 3:
            return micros // 1000
        return micros

    def edges(self):
        f = self.fsp
        return [f"'{v}'" for v in (
            "1970-01-01 00:00:00", "1969-12-31 23:59:59" + max_frac(f), "0001-01-01 00:00:00",
            "9999-12-31 23:59:59" + max_frac(f), "1000-01-01 00:00:00", "2000-02-29 12:00:00",
            "1900-02-28 23:59:59",
            "1970-01-01 00:00:00" + (("." + "0" * (f - 1) + "1") if f else ""),
            "2038-01-19 03:14:08")]

    def random(self, rng):
        d = random_date(rng)
        return (f"'{d.isoformat()} {rng.randint(0, 23):02}:{rng.randint(0, 59):02}:"
                f"{rng.randint(0, 59):02}{frac_digits(rng, self.fsp)}'")

    def lax(self):
        return [f"'{d} {t}'" for d, t in zip(ZERO_DATES, ("00:00:00", "10:11:12", "00:00:00",
                                                          "05:06:07"))]


class TimestampKind(Kind):
    """TIMESTAMP(fsp) → ISO-8601 UTC text with fsp fraction digits. Read back as
    UNIX_TIMESTAMP(col) in a session at time_zone '+00:00'; written as FROM_UNIXTIME(...) so
    that rows inserted under any session time zone store the intended instant."""

    def __init__(self, fsp: int):
        self.fsp = fsp

    def select(self, col):
        return [f"UNIX_TIMESTAMP(`{col}`)"]

    def parse(self, fields):
        return int(Decimal(fields[0]) * 1_000_000)  # µs since the epoch; 0 = zero timestamp

    def iso(self, micros: int) -> str:
        secs, frac = divmod(micros, 1_000_000)
        text = (dt.datetime(1970, 1, 1) + dt.timedelta(seconds=secs)).strftime("%Y-%m-%dT%H:%M:%S")
        if self.fsp:
            text += "." + f"{frac:06d}"[: self.fsp]
        return text + "Z"

    def expect(self, value, mode, nullable):
        if value == 0:
            return None if nullable else self.iso(0)
        return self.iso(value)

    def lit(self, secs: int, frac: str) -> str:
        return f"FROM_UNIXTIME({secs}{frac})"

    def edges(self):
        f = self.fsp
        return [self.lit(1, ""), self.lit(2147483647, max_frac(f)), self.lit(86400, ""),
                self.lit(946684800, ""), self.lit(951782400, max_frac(f)),
                self.lit(1709164800, ("." + "0" * (f - 1) + "1") if f else "")]

    def random(self, rng):
        return self.lit(rng.randint(1, 2147483647), frac_digits(rng, self.fsp))

    def lax(self):
        return ["'0000-00-00 00:00:00'"]


class TimeKind(Kind):
    """TIME(fsp) → µs (adaptive_time_microseconds), ms for fsp ≤ 3 (adaptive), ms (connect)."""

    def __init__(self, fsp: int):
        self.fsp = fsp

    def select(self, col):
        return [f"CAST(`{col}` AS CHAR)"]

    def parse(self, fields):
        return time_micros(fields[0])

    def expect(self, value, mode, nullable):
        if mode.time == "connect":
            # Kafka Connect's Time holds a time of day: Debezium refuses TIME values outside
            # [00:00, 24:00) in connect mode (they become null with a warning). Not checked.
            if not 0 <= value < 86_400_000_000:
                return SKIP
            return value // 1000
        if mode.time == "adaptive" and self.fsp <= 3:
            return value // 1000
        return value

    def edges(self):
        f = self.fsp
        tiny = ("." + "0" * (f - 1) + "1") if f else ""
        return [f"'{v}'" for v in (
            "00:00:00", "-00:00:01", "838:59:59" + max_frac(f), "-838:59:59" + max_frac(f),
            "23:59:59" + max_frac(f), "24:00:00", "-24:00:00",
            "12:34:56" + ".789012"[: f + 1 if f else 0],
            "00:00:00" + tiny, ("-00:00:00" + tiny) if f else "-00:00:59", "-01:02:03" + tiny)]

    def random(self, rng):
        sign = "-" if rng.random() < 0.4 else ""
        h = rng.randint(0, 838) if rng.random() < 0.5 else rng.randint(0, 23)
        return (f"'{sign}{h}:{rng.randint(0, 59):02}:{rng.randint(0, 59):02}"
                f"{frac_digits(rng, self.fsp)}'")


class YearKind(Kind):
    def select(self, col):
        return [f"`{col}` + 0"]

    def parse(self, fields):
        return int(fields[0])

    def edges(self):
        return ["1901", "2155", "0", "'2000'", "1970", "'69'", "'70'"]

    def random(self, rng):
        return str(rng.randint(1901, 2155))


# ---- geometry

def wkb_point(x: float, y: float, header: bool = True) -> bytes:
    return (b"\x01" + struct.pack("<I", 1) if header else b"") + struct.pack("<dd", x, y)


def wkb_linestring(pts) -> bytes:
    return b"\x01" + struct.pack("<II", 2, len(pts)) + b"".join(wkb_point(*p, False) for p in pts)


def wkb_polygon(rings) -> bytes:
    body = b"".join(struct.pack("<I", len(r)) + b"".join(wkb_point(*p, False) for p in r)
                    for r in rings)
    return b"\x01" + struct.pack("<II", 3, len(rings)) + body


def wkb_multi(code: int, parts: list[bytes]) -> bytes:
    return b"\x01" + struct.pack("<II", code, len(parts)) + b"".join(parts)


class GeomKind(Kind):
    """GEOMETRY family → {"wkb", "srid"} (srid null when 0, as Debezium's BinlogGeometry);
    POINT → io.debezium.data.geometry.Point {"x", "y", "wkb", "srid"}. Read back as
    HEX(ST_AsWKB(col)) and ST_SRID(col); written as ST_GeomFromWKB(X'..', srid)."""

    SRIDS = [0, 0, 4326, 3857, 27700, 2147483647]

    def __init__(self, shape: str):
        self.shape = shape  # point, linestring, polygon, multipoint, multilinestring,
        # multipolygon, collection or any

    def select(self, col):
        return [f"HEX(ST_AsWKB(`{col}`))", f"ST_SRID(`{col}`)"]

    def parse(self, fields):
        return bytes.fromhex(fields[0]), int(fields[1])

    def expect(self, value, mode, nullable):
        wkb, srid = value
        out = {"wkb": b64(wkb), "srid": srid or None}
        if self.shape == "point":
            fmt = "<dd" if wkb[0] == 1 else ">dd"
            out["x"], out["y"] = struct.unpack(fmt, wkb[5:21])
        return out

    def same(self, expected, got):
        if not isinstance(got, dict) or set(got) != set(expected):
            return False
        for k, v in expected.items():
            if k in ("x", "y"):
                if not same_bits(v, got[k], "<d"):
                    return False
            elif not (type(v) is type(got[k]) and v == got[k]):
                return False
        return True

    def show(self, value):
        return f"srid={value[1]} wkb=0x{value[0].hex()[:80]}"

    @staticmethod
    def coord(rng):
        r = rng.random()
        if r < 0.1:
            return rng.choice([0.0, -0.0, 1e308, -1e308, 5e-324, -180.0, 90.0, 0.1])
        if r < 0.5:
            return round(rng.uniform(-1000, 1000), rng.randint(0, 6))
        return rng.uniform(-1e7, 1e7)

    def shape_wkb(self, rng, shape: str) -> bytes:
        c = lambda: (self.coord(rng), self.coord(rng))  # noqa: E731
        if shape == "point":
            return wkb_point(*c())
        if shape == "linestring":
            return wkb_linestring([c() for _ in range(rng.randint(2, 5))])
        if shape == "polygon":
            rings = []
            for _ in range(rng.randint(1, 2)):
                pts = [c() for _ in range(rng.randint(3, 5))]
                rings.append(pts + [pts[0]])
            return wkb_polygon(rings)
        if shape == "multipoint":
            return wkb_multi(4, [wkb_point(*c()) for _ in range(rng.randint(1, 4))])
        if shape == "multilinestring":
            parts = [self.shape_wkb(rng, "linestring") for _ in range(rng.randint(1, 3))]
            return wkb_multi(5, parts)
        if shape == "multipolygon":
            return wkb_multi(6, [self.shape_wkb(rng, "polygon") for _ in range(rng.randint(1, 2))])
        if shape == "collection":
            parts = [self.shape_wkb(rng, rng.choice(["point", "linestring", "polygon"]))
                     for _ in range(rng.randint(0, 3))]
            return wkb_multi(7, parts)
        return self.shape_wkb(rng, rng.choice(["point", "linestring", "polygon", "multipoint",
                                               "multilinestring", "multipolygon", "collection"]))

    @staticmethod
    def lit(wkb: bytes, srid: int) -> str:
        return f"ST_GeomFromWKB(X'{wkb.hex()}', {srid})"

    def edges(self):
        if self.shape == "point":
            return [self.lit(wkb_point(0.0, 0.0), 0), self.lit(wkb_point(-0.0, 1e308), 4326),
                    self.lit(wkb_point(5e-324, -180.0), 2147483647),
                    self.lit(wkb_point(1.5, -2.25), 3857)]
        if self.shape in ("any", "collection"):
            return [self.lit(wkb_multi(7, []), 0), self.lit(wkb_multi(7, []), 4326)]
        return []

    def random(self, rng):
        return self.lit(self.shape_wkb(rng, self.shape), rng.choice(self.SRIDS))


# --------------------------------------------------------------------------------------------
# Columns and tables


@dataclass
class Column:
    name: str
    kind: Kind
    ddl: str  # the column definition after the name
    nullable: bool = True
    generated: str | None = None  # "VIRTUAL" or "STORED"
    invisible: bool = False

    @property
    def writable(self) -> bool:
        return self.generated is None


@dataclass
class Table:
    name: str
    columns: list[Column]
    rows: int
    lax_rows: int = 0
    # Literal rows added after the generated ones: never updated nor deleted.
    fixed: list[dict[str, str]] = field(default_factory=list)

    @property
    def all_columns(self) -> list[Column]:
        return [Column("id", IntKind(32, False), "INT NOT NULL PRIMARY KEY", nullable=False),
                Column("rev", IntKind(32, False), "INT NOT NULL DEFAULT 0", nullable=False)] \
            + self.columns

    def create_sql(self) -> str:
        cols = ",\n  ".join(f"`{c.name}` {c.ddl}" for c in self.all_columns)
        return f"CREATE TABLE `{self.name}` (\n  {cols}\n)"

    def select_sql(self) -> str:
        exprs = [e for c in self.all_columns for e in c.kind.select(c.name)]
        return f"SELECT {', '.join(exprs)} FROM `{self.name}` ORDER BY id"


def col(name: str, kind: Kind, ddl: str, **kw) -> Column:
    nullable = "NOT NULL" not in ddl.upper()
    return Column(name, kind, ddl, nullable=nullable, **kw)


DECIMALS = [(1, 0), (2, 0), (3, 0), (4, 0), (5, 0), (6, 0), (7, 0), (8, 0), (9, 0), (10, 0),
            (18, 0), (20, 0), (65, 0), (1, 1), (2, 2), (9, 9), (10, 10), (30, 30), (10, 1),
            (10, 2), (10, 3), (10, 4), (10, 5), (10, 6), (10, 7), (10, 8), (10, 9), (12, 4),
            (19, 9), (20, 10), (27, 9), (30, 15), (35, 17), (38, 18), (40, 20), (47, 25),
            (50, 3), (64, 30), (65, 30), (65, 1), (36, 27), (31, 30), (65, 29), (17, 8)]


def build_tables() -> list[Table]:
    t: list[Table] = []
    I, B, T = IntKind, BinaryKind, TextKind  # noqa: N806

    t.append(Table("ints", [
        col("ti", I(8, False), "TINYINT"), col("tiu", I(8, True), "TINYINT UNSIGNED"),
        col("si", I(16, False), "SMALLINT"), col("siu", I(16, True), "SMALLINT UNSIGNED"),
        col("mi", I(24, False), "MEDIUMINT"), col("miu", I(24, True), "MEDIUMINT UNSIGNED"),
        col("i", I(32, False), "INT"), col("iu", I(32, True), "INT UNSIGNED"),
        col("bi", I(64, False), "BIGINT"), col("biu", I(64, True, True), "BIGINT UNSIGNED"),
        col("bo", I(8, False), "BOOLEAN"), col("zf", I(32, True), "INT(6) UNSIGNED ZEROFILL"),
        col("bi_nn", I(64, False), "BIGINT NOT NULL"),
        col("biu_nn", I(64, True, True), "BIGINT UNSIGNED NOT NULL"),
    ], rows=260))

    t.append(Table("floats", [
        col("f", FloatKind(True), "FLOAT"), col("d", FloatKind(False), "DOUBLE"),
        col("f30", FloatKind(False), "FLOAT(30)"), col("re", FloatKind(False), "REAL"),
        col("f_nn", FloatKind(True), "FLOAT NOT NULL"),
        col("d_nn", FloatKind(False), "DOUBLE NOT NULL"),
    ], rows=260))

    half = len(DECIMALS) // 2
    for name, pairs in (("decimals_a", DECIMALS[:half]), ("decimals_b", DECIMALS[half:])):
        cols = [col(f"d{p}_{s}", DecimalKind(p, s), f"DECIMAL({p},{s})") for p, s in pairs]
        if name == "decimals_b":
            cols.append(col("d65_30_nn", DecimalKind(65, 30), "DECIMAL(65,30) NOT NULL"))
            cols.append(col("num", DecimalKind(10, 0), "NUMERIC"))  # NUMERIC = DECIMAL(10,0)
        t.append(Table(name, cols, rows=160))

    mb4, mb3, l1 = "utf8mb4", "utf8mb3", "latin1"
    t.append(Table("strings", [
        col("c0", T(mb4, 0), "CHAR(0)"),
        col("c_mb4", T(mb4, 10), "CHAR(10) CHARACTER SET utf8mb4"),
        col("c255_mb4", T(mb4, 255), "CHAR(255) CHARACTER SET utf8mb4"),
        col("c64_mb4", T(mb4, 64), "CHAR(64) CHARACTER SET utf8mb4 COLLATE utf8mb4_bin"),
        col("vc63_mb4", T(mb4, 63), "VARCHAR(63) CHARACTER SET utf8mb4"),
        col("vc64_mb4", T(mb4, 64),
            "VARCHAR(64) CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_520_ci"),
        col("vc_mb4", T(mb4, 1000), "VARCHAR(1000) CHARACTER SET utf8mb4"),
        col("c_mb3", T(mb3, 10), "CHAR(10) CHARACTER SET utf8mb3"),
        col("c85_mb3", T(mb3, 85), "CHAR(85) CHARACTER SET utf8mb3"),
        col("c86_mb3", T(mb3, 86), "CHAR(86) CHARACTER SET utf8mb3 COLLATE utf8mb3_bin"),
        col("vc85_mb3", T(mb3, 85), "VARCHAR(85) CHARACTER SET utf8mb3"),
        col("vc86_mb3", T(mb3, 86), "VARCHAR(86) CHARACTER SET utf8mb3"),
        col("c_l1", T(l1, 10), "CHAR(10) CHARACTER SET latin1"),
        col("c255_l1", T(l1, 255), "CHAR(255) CHARACTER SET latin1 COLLATE latin1_bin"),
        col("vc255_l1", T(l1, 255), "VARCHAR(255) CHARACTER SET latin1"),
        col("vc256_l1", T(l1, 256), "VARCHAR(256) CHARACTER SET latin1 COLLATE latin1_general_cs"),
        col("nat", T(mb3, 5), "NATIONAL CHAR(5)"),
        col("vc_nn", T(mb4, 12), "VARCHAR(12) CHARACTER SET utf8mb4 NOT NULL"),
    ], rows=200))

    t.append(Table("texts", [
        col("tt", T(mb4, 255, 255), "TINYTEXT CHARACTER SET utf8mb4"),
        col("tx", T(mb4, 65535, 65535, big=65535), "TEXT CHARACTER SET utf8mb4"),
        col("mt", T(mb4, 1 << 24, (1 << 24) - 1, big=70000), "MEDIUMTEXT CHARACTER SET utf8mb4"),
        col("lt", T(mb4, 1 << 32, None, big=200000), "LONGTEXT CHARACTER SET utf8mb4"),
        col("tt_mb3", T(mb3, 255, 255), "TINYTEXT CHARACTER SET utf8mb3"),
        col("tx_l1", T(l1, 65535, 65535, big=65535), "TEXT CHARACTER SET latin1"),
        col("lt_l1", T(l1, 1 << 32, None), "LONGTEXT CHARACTER SET latin1"),
    ], rows=120))

    t.append(Table("binaries", [
        col("b1", B(1, True), "BINARY(1)"), col("b16", B(16, True), "BINARY(16)"),
        col("b255", B(255, True), "BINARY(255)"), col("vb10", B(10), "VARBINARY(10)"),
        col("vb300", B(300), "VARBINARY(300)"), col("tb", B(255), "TINYBLOB"),
        col("bl", B(65535, big=65535), "BLOB"), col("mb", B(1 << 24, big=70000), "MEDIUMBLOB"),
        col("lb", B(1 << 32, big=100000), "LONGBLOB"),
        col("b4_nn", B(4, True), "BINARY(4) NOT NULL"),
        col("bt", B(20), "VARCHAR(20) CHARACTER SET binary"),
    ], rows=160))

    temporal = [col("d", DateKind(), "DATE")]
    temporal += [col(f"dt{f}", DateTimeKind(f), f"DATETIME({f})") for f in range(7)]
    temporal += [col(f"ts{f}", TimestampKind(f), f"TIMESTAMP({f}) NULL") for f in range(7)]
    temporal += [col(f"t{f}", TimeKind(f), f"TIME({f})") for f in range(7)]
    temporal += [col("y", YearKind(), "YEAR")]
    t.append(Table("temporals", temporal, rows=260, lax_rows=8))

    t.append(Table("temporals_nn", [
        col("d", DateKind(), "DATE NOT NULL"), col("dt", DateTimeKind(0), "DATETIME NOT NULL"),
        col("dt3", DateTimeKind(3), "DATETIME(3) NOT NULL"),
        col("dt6", DateTimeKind(6), "DATETIME(6) NOT NULL"),
        col("ts", TimestampKind(0), "TIMESTAMP NOT NULL"),
        col("ts3", TimestampKind(3), "TIMESTAMP(3) NOT NULL"),
        col("ts6", TimestampKind(6), "TIMESTAMP(6) NOT NULL"),
        col("t", TimeKind(0), "TIME NOT NULL"), col("t6", TimeKind(6), "TIME(6) NOT NULL"),
        col("y", YearKind(), "YEAR NOT NULL"),
    ], rows=40, lax_rows=8))

    def labels(prefix, n):
        return [f"{prefix}{i}" for i in range(n)]

    s64 = labels("m", 64)
    s64[5], s64[40], s64[63] = "ä", "😀", "last"
    enum_sets = [
        ("e", LabelKind(["small", "medium", "large", "x-large"], False)),
        ("e_l1", LabelKind(["café", "naïve", "€uro", "Œuvre", "ÿes", "plain"], False,
                           "latin1")),
        ("e_mb4", LabelKind(["😀", "中文", "ñ", "a b", "last"], False)),
        ("e300", LabelKind([f"v{i:03d}" for i in range(300)], False)),
        ("s4", LabelKind(["a", "b", "c", "d"], True)),
        ("s8", LabelKind(labels("b", 8), True)), ("s9", LabelKind(labels("c", 9), True)),
        ("s16", LabelKind(labels("d", 16), True)), ("s17", LabelKind(labels("e", 17), True)),
        ("s24", LabelKind(labels("f", 24), True)), ("s25", LabelKind(labels("g", 25), True)),
        ("s32", LabelKind(labels("h", 32), True)), ("s33", LabelKind(labels("i", 33), True)),
        ("s64", LabelKind(s64, True)),
        ("s_l1", LabelKind(["é", "ü", "€", "plain"], True, "latin1")),
    ]
    cols = [col(n, k, k.ddl()) for n, k in enum_sets]
    nn = LabelKind(["one", "two"], False)
    cols.append(col("e_nn", nn, nn.ddl() + " NOT NULL"))
    t.append(Table("enums_sets", cols, rows=200, lax_rows=6))

    t.append(Table("bits", [col(f"b{n}", BitKind(n), f"BIT({n})") for n in
                            (1, 2, 7, 8, 9, 15, 16, 17, 24, 25, 31, 32, 33, 48, 63, 64)]
                   + [col("b1_nn", BitKind(1), "BIT(1) NOT NULL"),
                      col("b12_nn", BitKind(12), "BIT(12) NOT NULL")], rows=200))

    t.append(Table("mariadb_types", [
        col("js", JsonKind(), "JSON"), col("js_nn", JsonKind(), "JSON NOT NULL"),
        col("u", FixedBinaryKind("uuid"), "UUID"),
        col("u_nn", FixedBinaryKind("uuid"), "UUID NOT NULL"),
        col("ip", FixedBinaryKind("inet6"), "INET6"),
        col("g", GeomKind("any"), "GEOMETRY"), col("p", GeomKind("point"), "POINT"),
        col("ls", GeomKind("linestring"), "LINESTRING"), col("pg", GeomKind("polygon"), "POLYGON"),
        col("mp", GeomKind("multipoint"), "MULTIPOINT"),
        col("mls", GeomKind("multilinestring"), "MULTILINESTRING"),
        col("mpg", GeomKind("multipolygon"), "MULTIPOLYGON"),
        col("gc", GeomKind("collection"), "GEOMETRYCOLLECTION"),
    ], rows=200))

    t.append(Table("generated", [
        col("a", I(24, False), "INT"), col("b", T(mb4, 20), "VARCHAR(20) CHARACTER SET utf8mb4"),
        col("v_int", I(32, False), "INT AS (a * 2) VIRTUAL", generated="VIRTUAL"),
        col("v_str", T(mb4, 60), "VARCHAR(60) CHARACTER SET utf8mb4 AS (CONCAT(b, '#', a)) VIRTUAL",
            generated="VIRTUAL"),
        col("v_dec", DecimalKind(20, 4), "DECIMAL(20,4) AS (a / 7) VIRTUAL", generated="VIRTUAL"),
        col("s_int", I(64, False), "BIGINT AS (a * 3) STORED", generated="STORED"),
        col("s_str", T(mb4, 80), "VARCHAR(80) CHARACTER SET utf8mb4 AS (UPPER(b)) STORED",
            generated="STORED"),
        col("inv", I(32, False), "INT INVISIBLE", invisible=True),
        col("inv_s", T(l1, 10), "VARCHAR(10) CHARACTER SET latin1 INVISIBLE DEFAULT 'dflt'",
            invisible=True),
        col("after_inv", DateTimeKind(6), "DATETIME(6)"),
    ], rows=150))

    t.append(Table("charsets", [
        col(f"c_{cs}", T(cs, 20), f"VARCHAR(20) CHARACTER SET {cs}") for cs in OTHER_CHARSETS
    ] + [col("ch_utf32", T("utf32", 6), "CHAR(6) CHARACTER SET utf32"),
         col("ch_ucs2", T("ucs2", 6), "CHAR(6) CHARACTER SET ucs2")], rows=100))

    big = 16 * 1024 * 1024 + 7  # one row image larger than a 16 MiB protocol packet
    t.append(Table("big", [col("lb", DigestBinaryKind(1 << 32), "LONGBLOB")], rows=3,
                   fixed=[{"lb": f"X'{(bytes(range(256)) * (big // 256 + 1))[:big].hex()}'"}]))
    return t


# --------------------------------------------------------------------------------------------
# SQL


def run_sql(server: MariaDB, sql: str, db: str) -> list[list[str]]:
    """Like MariaDB.sql, with a client packet limit large enough for 16 MiB values."""
    args = server.client_args(db=db) + ["--max-allowed-packet=1G"]
    r = subprocess.run(args, input=sql, capture_output=True, text=True, timeout=TIMEOUT * 4)
    if r.returncode != 0:
        err = r.stderr.strip()
        err = err if len(err) <= 3000 else err[:1000] + " [...] " + err[-2000:]
        raise SqlError(f"SQL failed (exit {r.returncode}): {err}\n"
                       f"--- SQL (first 2000 characters) ---\n{sql[:2000]}")
    return [line.split("\t") for line in r.stdout.splitlines()]


MARK = "#table"


def snapshot(server: MariaDB, db: str, tables: list[Table]) -> dict[str, dict[int, dict]]:
    """table → id → column → (raw fields, server value or None for NULL), read in one session
    at time_zone '+00:00'."""
    script = ["SET time_zone = '+00:00'"]
    for t in tables:
        script += [f"SELECT '{MARK}', '{t.name}'", t.select_sql()]
    out: dict[str, dict[int, dict]] = {t.name: {} for t in tables}
    by_name = {t.name: t for t in tables}
    table = None
    for fields in run_sql(server, ";\n".join(script) + ";\n", db):
        if fields[0] == MARK:
            table = by_name[fields[1]]
            continue
        row, i = {}, 0
        for c in table.all_columns:
            n = len(c.kind.select(c.name))
            raw = fields[i:i + n]
            i += n
            row[c.name] = (raw, None if raw[0] == "NULL" else c.kind.parse(raw))
        assert i == len(fields), f"{table.name}: {len(fields)} fields, expected {i}"
        out[table.name][row["id"][1]] = row
    return out


def logged_column_count(server: MariaDB, db: str, table: str, file: str, start: int,
                        stop: int) -> int | None:
    """How many columns the server wrote in the first row of a Write_rows event for db.table
    between two binlog positions (mariadb-binlog -v on the server's binlog file)."""
    path = Path(server.dir) / "data" / file
    r = subprocess.run(["mariadb-binlog", "--no-defaults", "-v", "--base64-output=decode-rows",
                        f"--start-position={start}", f"--stop-position={stop}", str(path)],
                       capture_output=True, timeout=TIMEOUT)
    text = r.stdout.decode("utf-8", errors="replace")
    lines = text.splitlines()
    for i, line in enumerate(lines):
        if line.startswith(f"### INSERT INTO `{db}`.`{table}`"):
            n = 0
            for follow in lines[i + 2:]:
                m = re.match(r"^###   @(\d+)=", follow)
                if not m:
                    break
                n = max(n, int(m.group(1)))
            return n
    return None


# --------------------------------------------------------------------------------------------
# Messages


def short_repr(value: Any, limit: int = 90) -> str:
    if isinstance(value, (str, dict, list, bool, int, float, type(None))):
        s = json.dumps(value, ensure_ascii=False)
    else:
        s = repr(value)
    return s if len(s) <= limit else s[:limit] + f"...({len(s)} chars)"
