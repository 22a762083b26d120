"""Column values map to Debezium's JSON (JSON converter, schemas disabled)."""

from __future__ import annotations

import itertools

import pytest

from rowcast_harness import (
    b64,
    days,
    decimal_b64,
    micros,
    millis,
    short,
    sql_str,
    time_micros,
)

_n = itertools.count(1)

COLUMNS = """
    id INT PRIMARY KEY,
    ti TINYINT, tiu TINYINT UNSIGNED, si SMALLINT, siu SMALLINT UNSIGNED,
    mi MEDIUMINT, miu MEDIUMINT UNSIGNED, i INT, iu INT UNSIGNED,
    bi BIGINT, biu BIGINT UNSIGNED,
    f FLOAT, d DOUBLE, dc DECIMAL(10,2), dcw DECIMAL(30,10),
    c CHAR(10), vc VARCHAR(60), tx TEXT, l1 VARCHAR(20) CHARACTER SET latin1,
    bn BINARY(4), vb VARBINARY(10), bl BLOB,
    dt DATE, dtm DATETIME, dtm3 DATETIME(3), dtm6 DATETIME(6), tm TIME, tm3 TIME(3),
    ts TIMESTAMP NULL DEFAULT NULL, ts3 TIMESTAMP(3) NULL DEFAULT NULL, yr YEAR,
    en ENUM('small','medium','large'), st SET('a','b','c','d'), b1 BIT(1), b10 BIT(10),
    js JSON
"""
NAMES = [line.split()[0] for line in
         COLUMNS.replace(",\n", "\n").replace(", ", "\n").strip().splitlines()]

WIDE = 123456789012345678900123456789  # DECIMAL(30,10) 12345678901234567890.0123456789
ESCAPES = 'quote " backslash \\ newline \n tab \t ctrl-Z \x1a end'

# id -> column -> (SQL literal, value expected with the default modes).
# Row 1: minimum / negative values. Row 2: maximum values. Row 3: NULLs. Row 4: in-between
# values, unsigned values with the top bit set, and TIMESTAMPs inserted at UTC+02:00.
ROWS: dict[int, dict[str, tuple[str, object]]] = {
    1: {
        "ti": ("-128", -128), "tiu": ("0", 0), "si": ("-32768", -32768), "siu": ("0", 0),
        "mi": ("-8388608", -8388608), "miu": ("0", 0),
        "i": ("-2147483648", -2147483648), "iu": ("0", 0),
        "bi": ("-9223372036854775808", -9223372036854775808), "biu": ("0", 0),
        "f": ("-0.25", -0.25), "d": ("-1e300", -1e300),
        "dc": ("-1.00", "nA=="), "dcw": ("-12345678901234567890.0123456789", decimal_b64(-WIDE)),
        "c": ("'ab'", "ab"), "vc": ("'trailing  '", "trailing  "),
        "tx": (sql_str("héllo wörld ✓ 😀"), "héllo wörld ✓ 😀"),
        "l1": (sql_str("café"), "café"),
        "bn": ("X'01020000'", "AQIAAA=="), "vb": ("X'00FF10'", "AP8Q"),
        "bl": ("X'DEADBEEF'", "3q2+7w=="),
        "dt": ("'1969-12-31'", -1), "dtm": ("'1969-12-31 23:59:59'", -1000),
        "dtm3": ("'1970-01-01 00:00:00.001'", 1),
        "dtm6": ("'1969-12-31 23:59:59.999999'", -1),
        "tm": ("'-838:59:59'", time_micros("-838:59:59")),
        "tm3": ("'-01:02:03.456'", -3723456000),
        "ts": ("'1970-01-01 00:00:01'", "1970-01-01T00:00:01Z"),
        "ts3": ("'2024-01-02 03:04:05.12'", "2024-01-02T03:04:05.120Z"),
        "yr": ("1901", 1901), "en": ("'small'", "small"), "st": ("''", ""),
        "b1": ("b'0'", False), "b10": ("b'0000000011'", "AwA="), "js": ("'[]'", "[]"),
    },
    2: {
        "ti": ("127", 127), "tiu": ("255", 255), "si": ("32767", 32767), "siu": ("65535", 65535),
        "mi": ("8388607", 8388607), "miu": ("16777215", 16777215),
        "i": ("2147483647", 2147483647), "iu": ("4294967295", 4294967295),
        "bi": ("9223372036854775807", 9223372036854775807),
        "biu": ("18446744073709551615", -1),  # bigint.unsigned.handling.mode=long wraps
        "f": ("1.5", 1.5), "d": ("3.141592653589793", 3.141592653589793),
        "dc": ("12.34", "BNI="), "dcw": ("12345678901234567890.0123456789", decimal_b64(WIDE)),
        "c": ("' lead'", " lead"), "vc": (sql_str(ESCAPES), ESCAPES), "tx": ("''", ""),
        "l1": (sql_str("ÀÉÎõü"), "ÀÉÎõü"),
        "bn": ("X'FFFFFFFF'", "/////w=="), "vb": ("X''", ""), "bl": ("X'00'", "AA=="),
        "dt": ("'2024-02-29'", days("2024-02-29")),
        "dtm": ("'2024-01-02 03:04:05'", millis("2024-01-02T03:04:05")),
        "dtm3": ("'2024-01-02 03:04:05.123'", millis("2024-01-02T03:04:05.123")),
        "dtm6": ("'9999-12-31 23:59:59.999999'", micros("9999-12-31T23:59:59.999999")),
        "tm": ("'838:59:59'", time_micros("838:59:59")),
        "tm3": ("'12:34:56.789'", 45296789000),
        "ts": ("'2038-01-19 03:14:07'", "2038-01-19T03:14:07Z"),
        "ts3": ("'2024-01-02 03:04:05.999'", "2024-01-02T03:04:05.999Z"),
        "yr": ("2155", 2155), "en": ("'large'", "large"), "st": ("'a,c,d'", "a,c,d"),
        "b1": ("b'1'", True), "b10": ("b'1000000001'", "AQI="),
        "js": ("'{\"a\": 1, \"b\": [true, null, \"x\"]}'", '{"a": 1, "b": [true, null, "x"]}'),
    },
    3: {},  # every column but id NULL
    4: {
        "ti": ("-1", -1), "tiu": ("128", 128), "si": ("-1", -1), "siu": ("32768", 32768),
        "mi": ("-1", -1), "miu": ("8388608", 8388608), "i": ("-1", -1),
        "iu": ("2147483648", 2147483648), "bi": ("-1", -1),
        "biu": ("9223372036854775808", -9223372036854775808),
        "f": ("0", 0.0), "dc": ("0", "AA=="), "dcw": ("0.0000000001", "AQ=="),
        "c": ("'x'", "x"),
        "dt": ("'1970-01-01'", 0), "tm": ("'00:00:00'", 0), "tm3": ("'-00:00:00.001'", -1000),
        "ts": ("'2024-01-02 05:04:05'", "2024-01-02T03:04:05Z"),
        "ts3": ("'2024-01-02 05:04:05.000'", "2024-01-02T03:04:05.000Z"),
        "yr": ("2000", 2000), "en": ("'medium'", "medium"), "st": ("'b'", "b"),
    },
}
ZONE = {1: "+00:00", 2: "+00:00", 3: "+00:00", 4: "+02:00"}


def expected_default() -> dict[int, dict[str, object]]:
    out = {}
    for rid, cols in ROWS.items():
        out[rid] = {name: None for name in NAMES}
        out[rid]["id"] = rid
        out[rid].update({name: exp for name, (_, exp) in cols.items()})
    return out


@pytest.fixture(scope="module")
def types_db(server):
    db = server.create_database(f"it_types_{next(_n)}")
    script = [f"CREATE TABLE alltypes ({COLUMNS})"]
    for rid, cols in ROWS.items():
        names = ["id"] + list(cols)
        values = [str(rid)] + [lit for lit, _ in cols.values()]
        script.append(f"SET time_zone = '{ZONE[rid]}'")
        script.append(f"INSERT INTO alltypes ({', '.join(names)}) VALUES ({', '.join(values)})")
    server.sql(";\n".join(script) + ";", db=db)
    return db


def captured_rows(connector, db, overrides=None) -> dict[int, dict]:
    c = connector(db, overrides=overrides)
    c.start()
    topic = c.topic(db, "alltypes")
    records = c.wait_for_records(len(ROWS), topic=topic)
    c.current.terminate()
    bad = [r for r in records if not r["value"] or r["value"].get("op") != "c"]
    assert not bad and len(records) == len(ROWS), \
        f"expected {len(ROWS)} inserts, got:\n" + "\n".join(short(r) for r in records)
    rows = {}
    for r in records:
        after = r["value"]["after"]
        assert r["key"] == {"id": after.get("id")}, f"key {r['key']} for row {short(after)}"
        rows[after["id"]] = after
    assert sorted(rows) == sorted(ROWS), f"row ids {sorted(rows)}"
    return rows


def compare(got: dict[int, dict], want: dict[int, dict[str, object]], approx=()) -> None:
    problems = []
    for rid, cols in want.items():
        row = got[rid]
        if extra := sorted(set(row) - set(NAMES)):
            problems.append(f"row {rid}: unexpected columns {extra}")
        for name, exp in cols.items():
            if name not in row:
                problems.append(f"row {rid}.{name}: missing (expected {exp!r})")
                continue
            val = row[name]
            number = isinstance(val, (int, float)) and not isinstance(val, bool)
            if isinstance(exp, float):  # 0 and 0.0 are the same JSON number
                ok = number and (val == pytest.approx(exp, rel=1e-12) if name in approx
                                 else val == exp)
            else:
                ok = val == exp and type(val) is type(exp)
            if not ok:
                sql = ROWS[rid].get(name, ("NULL", None))[0]
                problems.append(f"row {rid}.{name} = {sql}: expected {exp!r}, got {val!r}")
    assert not problems, f"{len(problems)} mismatches:\n" + "\n".join(problems)


def test_expected_value_helpers_match_the_contract_examples():
    # Checks the test's own arithmetic against the examples in the contract.
    assert decimal_b64(1234) == "BNI="
    assert decimal_b64(-100) == "nA=="
    assert decimal_b64(0) == "AA=="
    assert b64(bytes([1, 2, 0, 0])) == "AQIAAA=="
    assert decimal_b64(2**64 - 1) == "AP//////////"
    assert time_micros("-01:02:03.456") == -3723456000
    assert millis("1969-12-31T23:59:59") == -1000
    assert micros("1969-12-31T23:59:59.999999") == -1


def test_column_types_map_to_debezium_json_values_by_default(connector, types_db):
    compare(captured_rows(connector, types_db), expected_default())


def test_decimal_handling_mode_string_gives_plain_decimal_strings(connector, types_db):
    got = captured_rows(connector, types_db, {"decimal.handling.mode": "string"})
    compare(got, {
        1: {"dc": "-1.00", "dcw": "-12345678901234567890.0123456789"},
        2: {"dc": "12.34", "dcw": "12345678901234567890.0123456789"},
        3: {"dc": None, "dcw": None},
        4: {"dc": "0.00", "dcw": "0.0000000001"},
    })


def test_decimal_handling_mode_double_gives_json_numbers(connector, types_db):
    got = captured_rows(connector, types_db, {"decimal.handling.mode": "double"})
    compare(got, {
        1: {"dc": -1.0, "dcw": -12345678901234567890.0123456789},
        2: {"dc": 12.34, "dcw": 12345678901234567890.0123456789},
        3: {"dc": None, "dcw": None},
        4: {"dc": 0.0, "dcw": 1e-10},
    }, approx={"dc", "dcw"})


def test_time_precision_mode_connect_gives_milliseconds(connector, types_db):
    got = captured_rows(connector, types_db, {"time.precision.mode": "connect"})
    # Only values inside one day for TIME: Kafka Connect's Time cannot hold the others.
    compare(got, {
        2: {"tm3": 45296789, "dt": days("2024-02-29"),
            "dtm": millis("2024-01-02T03:04:05"), "dtm3": millis("2024-01-02T03:04:05.123"),
            "dtm6": millis("9999-12-31T23:59:59.999999")},
        3: {"tm": None, "tm3": None, "dt": None, "dtm": None, "dtm3": None, "dtm6": None},
        4: {"tm": 0, "dt": 0},
    })


def test_bigint_unsigned_handling_mode_precise_gives_base64_decimals(connector, types_db):
    got = captured_rows(connector, types_db, {"bigint.unsigned.handling.mode": "precise"})
    compare(got, {
        1: {"biu": "AA==", "bi": -9223372036854775808},
        2: {"biu": decimal_b64(2**64 - 1)},
        3: {"biu": None},
        4: {"biu": decimal_b64(2**63), "iu": 2147483648},
    })


def test_character_columns_after_geometry_columns_keep_their_charsets(server, connector):
    # MariaDB counts GEOMETRY columns among the character columns of a TABLE_MAP's charset
    # metadata. One table gets DEFAULT_CHARSET (a default and one exception), the other
    # COLUMN_CHARSET (every column differs); both put geometry before the text columns.
    db = server.create_database(f"it_types_{next(_n)}")
    server.sql("""
        CREATE TABLE g1 (id INT PRIMARY KEY, g GEOMETRY, p POINT,
                         a VARCHAR(10), b VARCHAR(10) CHARACTER SET latin1)
            DEFAULT CHARSET utf8mb4;
        CREATE TABLE g2 (id INT PRIMARY KEY, g GEOMETRY, a VARCHAR(10) CHARACTER SET utf8mb4,
                         b VARCHAR(10) CHARACTER SET latin1, p POINT, c CHAR(3) CHARACTER SET ascii,
                         d VARBINARY(4))
            DEFAULT CHARSET utf8mb4;
        INSERT INTO g1 VALUES (1, ST_GeomFromText('POINT(1 2)'), POINT(3, 4), 'wörld ✓', 'café');
        INSERT INTO g2 VALUES (1, ST_GeomFromText('POINT(1 2)'), 'wörld ✓', 'café', POINT(3, 4),
                               'abc', X'00FF');
    """, db=db)
    c = connector(db)
    c.start()
    records = c.wait_for_records(2)
    c.current.terminate()
    after = {r["topic"].rsplit(".", 1)[1]: r["value"]["after"] for r in records}
    assert after["g1"]["a"] == "wörld ✓" and after["g1"]["b"] == "café", short(after["g1"])
    assert after["g2"]["a"] == "wörld ✓" and after["g2"]["b"] == "café", short(after["g2"])
    assert after["g2"]["c"] == "abc" and after["g2"]["d"] == "AP8=", short(after["g2"])
    assert after["g1"]["p"]["x"] == 3.0 and after["g2"]["p"]["y"] == 4.0
