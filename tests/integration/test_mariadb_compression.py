"""MariaDB compression: compressed binlog events (log_bin_compress=ON: QUERY_COMPRESSED and
*_ROWS_COMPRESSED_V1) and compressed columns (`... COMPRESSED`, binlog types 140/141) stream as
the same Debezium events as their uncompressed forms."""

from __future__ import annotations

import base64
import itertools
import os

import pytest

from rowcast_harness import (
    Connector,
    MariaDB,
    connector_config,
    diff_sequences,
    sql_str,
    summary,
)

_n = itertools.count(1)


@pytest.fixture(scope="module")
def compressed_server():
    """A server of its own that compresses every binlog event of 10 bytes or more."""
    try:
        s = MariaDB.start(f"itest-{os.getpid()}-compress", "--extra",
                          "--log-bin-compress=ON --log-bin-compress-min-len=10")
    except Exception as e:  # noqa: BLE001 - turn any start failure into a clear test error
        pytest.fail(f"could not start the compressing MariaDB: {e}", pytrace=False)
    try:
        yield s
    finally:
        s.stop()


@pytest.fixture
def compressed_connector(compressed_server, rowcast_bin, tmp_path):
    """compressed_connector(db) → a Connector streaming `db` from compressed_server."""
    made: list[Connector] = []

    def make(db: str) -> Connector:
        n = next(_n)
        config = connector_config(compressed_server, name=f"itest-compress-{n}",
                                  prefix=f"cz{n}", databases=db)
        c = Connector(rowcast_bin, tmp_path / f"connector-{n}", config)
        made.append(c)
        return c

    yield make
    for c in made:
        for run in c.runs:
            if not run.exited():
                run.kill()


def event_types(server: MariaDB) -> set[str]:
    types = set()
    for f in server.binary_logs():
        types.update(row[2] for row in server.sql(f"SHOW BINLOG EVENTS IN '{f}'"))
    return types


def b64(data: bytes) -> str:
    return base64.b64encode(data).decode()


def test_compressed_events_and_columns_stream_like_plain_ones(compressed_server,
                                                              compressed_connector):
    server = compressed_server
    db = server.create_database(f"it_compress_{next(_n)}")
    server.sql("""
        CREATE TABLE t (
          id INT PRIMARY KEY,
          doc TEXT COMPRESSED,
          note VARCHAR(2000) COMPRESSED CHARACTER SET latin1,
          data BLOB COMPRESSED,
          plain VARCHAR(20)
        )""", db=db)

    big = "abc" * 2000
    uni = "héllo wörld ✓ 😀 " * 300
    latin = "café crème " * 150
    blob = bytes(range(256)) * 20

    def row(id_, doc, note, data, plain):
        return {"id": id_, "doc": doc, "note": note,
                "data": None if data is None else b64(data), "plain": plain}

    def lit(v):
        if v is None:
            return "NULL"
        if isinstance(v, bytes):
            return f"X'{v.hex()}'"
        if isinstance(v, int):
            return str(v)
        return sql_str(v)

    inserted = [
        (1, big, "n" * 1500, blob, "one"),
        (2, "short", "", b"\x01\x02", None),  # too short to compress: stored with header 0
        (3, None, None, None, "three"),
        (4, uni, latin, bytes(5000), "four"),
    ]
    values = ", ".join("(" + ", ".join(lit(v) for v in r) + ")" for r in inserted)
    server.sql(f"""
        INSERT INTO t VALUES {values};
        BEGIN;
        UPDATE t SET doc = {lit("xyz" * 3000)} WHERE id = 1;
        UPDATE t SET note = {lit(latin + "fin")}, data = {lit(blob[::-1])} WHERE id = 4;
        COMMIT;
        DELETE FROM t WHERE id = 2;
    """, db=db)

    types = event_types(server)
    for t in ("Query_compressed", "Write_rows_compressed_v1", "Update_rows_compressed_v1",
              "Delete_rows_compressed_v1"):
        assert t in types, f"the server wrote no {t} event; it wrote {sorted(types)}"

    c = compressed_connector(db)
    c.start()
    topic = c.topic(db, "t")
    records = c.wait_for_records(8, topic)

    r1, r2, r3, r4 = (row(*r) for r in inserted)
    r1u = dict(r1, doc="xyz" * 3000)
    r4u = dict(r4, note=latin + "fin", data=b64(blob[::-1]))
    expected = [
        (topic, {"id": 1}, "c", None, r1),
        (topic, {"id": 2}, "c", None, r2),
        (topic, {"id": 3}, "c", None, r3),
        (topic, {"id": 4}, "c", None, r4),
        (topic, {"id": 1}, "u", r1, r1u),
        (topic, {"id": 4}, "u", r4, r4u),
        (topic, {"id": 2}, "d", r2, None),
        (topic, {"id": 2}, "tombstone", None, None),
    ]
    got = [summary(r) for r in records]
    problem = diff_sequences(expected, got)
    assert not problem, problem
    assert not c.current.error_lines(), c.current.describe()
