"""Schemas that follow DDL: events after every kind of ALTER carry the right fields, with and
without binlog_row_metadata=FULL; schema change events; JSON with Kafka Connect schemas; the
schema history across kill -9, and a history deleted or truncated."""

from __future__ import annotations

import json
import re
import time

import pytest

from rowcast_harness import decimal_b64, diff_sequences, read_ndjson, short

SCHEMAS_OFF = {"key.converter.schemas.enable": "false",
               "value.converter.schemas.enable": "false"}


def ddl_steps(db: str) -> list[tuple[str, str, list[tuple]]]:
    """(sql, table, expected (op, key, before, after) of the rows it changes) in order."""
    return [
        (f"CREATE TABLE {db}.t (id INT PRIMARY KEY, a VARCHAR(10)); "
         f"INSERT INTO {db}.t VALUES (1, 'x')",
         "t", [("c", {"id": 1}, None, {"id": 1, "a": "x"})]),
        (f"ALTER TABLE {db}.t ADD COLUMN b INT DEFAULT 7 AFTER id; "
         f"INSERT INTO {db}.t VALUES (2, 5, 'y')",
         "t", [("c", {"id": 2}, None, {"id": 2, "b": 5, "a": "y"})]),
        (f"ALTER TABLE {db}.t DROP COLUMN a; UPDATE {db}.t SET b = 9 WHERE id = 1",
         "t", [("u", {"id": 1}, {"id": 1, "b": 7}, {"id": 1, "b": 9})]),
        (f"ALTER TABLE {db}.t RENAME COLUMN b TO c; INSERT INTO {db}.t VALUES (3, 1)",
         "t", [("c", {"id": 3}, None, {"id": 3, "c": 1})]),
        (f"ALTER TABLE {db}.t MODIFY c VARCHAR(20) NOT NULL DEFAULT ''; "
         f"INSERT INTO {db}.t VALUES (4, 'text')",
         "t", [("c", {"id": 4}, None, {"id": 4, "c": "text"})]),
        (f"RENAME TABLE {db}.t TO {db}.t2; INSERT INTO {db}.t2 VALUES (5, 'z')",
         "t2", [("c", {"id": 5}, None, {"id": 5, "c": "z"})]),
        (f"DROP TABLE {db}.t2; CREATE TABLE {db}.t2 (k VARCHAR(5) NOT NULL, "
         f"n DECIMAL(5,2), e ENUM('p','q'), s SET('r','w','x') DEFAULT 'r', "
         f"u INT UNSIGNED, PRIMARY KEY (k)) DEFAULT CHARSET=latin1; "
         f"INSERT INTO {db}.t2 VALUES ('a', 1.50, 'q', 'r,x', 4000000000)",
         "t2", [("c", {"k": "a"}, None,
                 {"k": "a", "n": decimal_b64(150), "e": "q", "s": "r,x", "u": 4000000000})]),
        # Several clauses in one statement, and a key that changes.
        (f"USE {db}; ALTER TABLE t2 ADD COLUMN f INT FIRST, DROP COLUMN n, "
         f"CHANGE e e2 ENUM('p','q','z') NOT NULL, DROP PRIMARY KEY, "
         f"ADD PRIMARY KEY (k, e2), ALGORITHM=COPY; "
         f"UPDATE t2 SET f = 1, e2 = 'z' WHERE k = 'a'",
         "t2", [("d", {"k": "a", "e2": "q"}, {"f": None, "k": "a", "e2": "q", "s": "r,x",
                                                "u": 4000000000}, None),
                ("tombstone", {"k": "a", "e2": "q"}, None, None),
                ("c", {"k": "a", "e2": "z"}, None,
                 {"f": 1, "k": "a", "e2": "z", "s": "r,x", "u": 4000000000})]),
        # Online schema change, the gh-ost way: a shadow table swapped in by one RENAME.
        (f"CREATE TABLE {db}._t2_gho LIKE {db}.t2; "
         f"ALTER TABLE {db}._t2_gho ADD COLUMN g TINYINT NOT NULL DEFAULT 3; "
         f"INSERT INTO {db}._t2_gho (f, k, e2, s, u) SELECT f, k, e2, s, u FROM {db}.t2; "
         f"RENAME TABLE {db}.t2 TO {db}._t2_del, {db}._t2_gho TO {db}.t2; "
         f"DROP TABLE {db}._t2_del; "
         f"INSERT INTO {db}.t2 (k, e2, g) VALUES ('b', 'p', 4)",
         "t2", [("c", {"k": "b", "e2": "p"}, None,
                 {"f": None, "k": "b", "e2": "p", "s": "r", "u": None, "g": 4})]),
    ]


def test_create_table_select_in_one_transaction(request, connector):
    """MariaDB logs CREATE TABLE ... SELECT as the CREATE and its rows in one transaction; with
    MINIMAL metadata the rows can only be read if the CREATE was tracked."""
    srv = request.getfixturevalue("minimal_server")
    db = f"it_ctas_{id(request) % 100000}"
    srv.create_database(db)
    c = connector(db, on=srv, overrides=SCHEMAS_OFF)
    c.start()
    srv.sql(f"CREATE TABLE {db}.src (id INT PRIMARY KEY, e ENUM('x','y')); "
            f"INSERT INTO {db}.src VALUES (1, 'y'); "
            f"CREATE TABLE {db}.copy (PRIMARY KEY (id)) SELECT id, e FROM {db}.src")
    recs = c.wait_for_records(1, c.topic(db, "copy"))
    assert recs[0]["key"] == {"id": 1} and recs[0]["value"]["after"] == {"id": 1, "e": "y"}


def summaries(records: list[dict]) -> list[tuple]:
    out = []
    for r in records:
        v = r["value"]
        if v is None:
            out.append(("tombstone", r["key"], None, None))
        else:
            out.append((v["op"], r["key"], v["before"], v["after"]))
    return out


def run_steps(server, c, db: str) -> None:
    counts: dict[str, int] = {}
    for sql, table, expected in ddl_steps(db):
        server.sql(sql)
        topic = c.topic(db, table)
        counts[topic] = counts.get(topic, 0) + len(expected)
        recs = c.wait_for_records(counts[topic], topic)
        got = summaries(recs)[counts[topic] - len(expected):counts[topic]]
        assert got == expected, (f"after {sql!r}:\n{diff_sequences(expected, got)}\n"
                                 f"{c.describe()}")


@pytest.mark.parametrize("metadata", ["FULL", "MINIMAL"])
def test_events_follow_every_kind_of_ddl(request, server, connector, metadata):
    srv = server if metadata == "FULL" else request.getfixturevalue("minimal_server")
    db = f"it_ddl_{metadata.lower()}_{id(request) % 100000}"
    srv.create_database(db)
    c = connector(db, on=srv, overrides={**SCHEMAS_OFF, "include.schema.changes": "true"})
    c.start()
    run_steps(srv, c, db)
    # Schema change events: one per statement that changed a captured table, in order.
    changes = [r["value"] for r in c.records(c.prefix)]
    ddls = [v["ddl"] for v in changes]
    assert any("ADD COLUMN b INT" in d for d in ddls), ddls
    for v in changes:
        assert v["databaseName"] == db, short(v)
        assert v["source"]["db"] == db and v["source"]["file"].startswith("binlog."), short(v)
    last = [v for v in changes if "ADD COLUMN f INT FIRST" in v["ddl"]][-1]
    (tc,) = last["tableChanges"]
    assert tc["type"] == "ALTER" and tc["id"] == f'"{db}"."t2"', short(tc)
    assert [col["name"] for col in tc["table"]["columns"]] == ["f", "k", "e2", "s", "u"]
    assert tc["table"]["primaryKeyColumnNames"] == ["k", "e2"]
    # A rename is an ALTER of the table under its new name (Debezium's code, not its docs,
    # which speak of "old,new").
    (rename,) = [v for v in changes if v["ddl"].startswith(f"RENAME TABLE {db}.t TO")]
    assert [(t["type"], t["id"]) for t in rename["tableChanges"]] == [("ALTER", f'"{db}"."t2"')]
    assert [r["key"] for r in c.records(c.prefix)][0] == {"databaseName": db}


def test_json_with_connect_schemas(server, connector, db):
    c = connector(db)  # schemas.enable is Kafka Connect's default: true
    c.start()
    server.sql(f"CREATE TABLE {db}.s (id BIGINT UNSIGNED NOT NULL PRIMARY KEY, "
               f"d DECIMAL(7,3) NOT NULL, e ENUM('a','b') DEFAULT 'b', j JSON, "
               f"t DATETIME(6), ts TIMESTAMP(3) NULL, b BIT(12), y YEAR); "
               f"INSERT INTO {db}.s (id, d, j) VALUES (1, 2.5, '[1]')")
    topic = c.topic(db, "s")
    c.wait_for_records(1, topic)
    (line,) = read_ndjson(c.sink_dir / f"{topic}.ndjson")[0]
    rec = json.loads(line)
    key, value = rec["key"], rec["value"]
    assert key["schema"]["name"] == f"{c.prefix}.{db}.s.Key", short(key["schema"])
    assert key["payload"] == {"id": 1}
    vs = value["schema"]
    assert vs["name"] == f"{c.prefix}.{db}.s.Envelope", short(vs)
    fields = {f["field"]: f for f in vs["fields"]}
    assert set(fields) >= {"before", "after", "source", "op", "ts_ms"}
    after = {f["field"]: f for f in fields["after"]["fields"]}
    assert fields["after"]["name"] == f"{c.prefix}.{db}.s.Value"
    assert fields["after"]["optional"] is True
    assert list(after) == ["id", "d", "e", "j", "t", "ts", "b", "y"]
    assert after["id"]["optional"] is False
    assert after["d"]["name"] == "org.apache.kafka.connect.data.Decimal"
    assert after["d"]["parameters"]["scale"] == "3"
    assert after["e"]["name"] == "io.debezium.data.Enum"
    assert after["e"]["parameters"]["allowed"] == "a,b"
    assert after["t"]["name"] == "io.debezium.time.MicroTimestamp"
    assert after["ts"]["name"] == "io.debezium.time.ZonedTimestamp"
    assert after["b"]["name"] == "io.debezium.data.Bits"
    assert after["y"]["name"] == "io.debezium.time.Year"
    assert fields["source"]["name"] == "io.debezium.connector.mysql.Source"
    payload = value["payload"]
    assert payload["after"]["d"] == decimal_b64(2500) and payload["after"]["e"] == "b"
    # The schema follows the DDL.
    server.sql(f"ALTER TABLE {db}.s ADD COLUMN z VARCHAR(3) NOT NULL DEFAULT 'q'; "
               f"INSERT INTO {db}.s (id, d) VALUES (2, 1)")
    c.wait_for_records(2, topic)
    second = json.loads(read_ndjson(c.sink_dir / f"{topic}.ndjson")[0][1])
    after2 = [f["field"] for f in second["value"]["schema"]["fields"][1]["fields"]]
    assert after2[-1] == "z", after2
    assert second["value"]["payload"]["after"]["z"] == "q"


def history_path(c) -> object:
    return c.data_dir / "schema-history" / f"{c.name}.history"


def start_from_server(server, connector, db, extra=None):
    """A connector that reads the schemas from the server at start (no snapshot of rows)."""
    c = connector(db, overrides={**SCHEMAS_OFF, "snapshot.mode": "no_data", **(extra or {})})
    c.start()
    c.wait_for_stderr(r"read the schemas of \d+ tables")
    return c


def test_kill_and_restart_across_ddl_recovers_the_schema(server, connector, db):
    server.sql(f"CREATE TABLE {db}.k (id INT PRIMARY KEY, a INT, b VARCHAR(5))")
    c = start_from_server(server, connector, db)
    topic = c.topic(db, "k")
    server.sql(f"INSERT INTO {db}.k VALUES (1, 1, 'one')")
    c.wait_for_records(1, topic)
    server.sql(f"ALTER TABLE {db}.k DROP COLUMN a; INSERT INTO {db}.k VALUES (2, 'two')")
    c.wait_for_records(2, topic)
    # Let the offset pass the ALTER, then kill -9.
    c.wait_for(lambda: c.offsets_path.exists() and
               json.loads(c.offsets_path.read_text()), "an offset file")
    time.sleep(0.6)
    c.current.kill()
    server.sql(f"ALTER TABLE {db}.k ADD COLUMN c DATE AFTER id; "
               f"INSERT INTO {db}.k VALUES (3, '2024-02-29', 'three')")
    c.start()
    recs = c.wait_for_record(lambda r: r["value"] and r["value"]["after"]["id"] == 3,
                             "the row inserted while rowcast was down", topic)
    by_id = {r["value"]["after"]["id"]: r["value"]["after"] for r in recs if r["value"]}
    assert by_id[1] == {"id": 1, "a": 1, "b": "one"}
    assert by_id[2] == {"id": 2, "b": "two"}
    assert by_id[3] == {"id": 3, "c": 19782, "b": "three"}
    history = history_path(c).read_text().splitlines()
    ddls = [json.loads(line)["ddl"] for line in history]
    assert sum("DROP COLUMN a" in d for d in ddls) == 1, ddls
    assert sum("ADD COLUMN c" in d for d in ddls) == 1, ddls
    first = json.loads(history[0])
    assert first["source"] == {"server": c.prefix} and first["position"]["snapshot"] is True


def stop_with_offsets(c):
    assert c.current.terminate() == 0, c.describe()
    assert c.offsets_path.exists()


@pytest.mark.parametrize("damage", ["deleted", "truncated", "torn"])
def test_a_damaged_history_is_detected(server, connector, db, damage):
    server.sql(f"CREATE TABLE {db}.h (id INT PRIMARY KEY, v INT)")
    c = start_from_server(server, connector, db)
    server.sql(f"ALTER TABLE {db}.h ADD COLUMN w INT; INSERT INTO {db}.h VALUES (1, 2, 3)")
    c.wait_for_records(1, c.topic(db, "h"))
    stop_with_offsets(c)
    path = history_path(c)
    lines = path.read_text().splitlines(keepends=True)
    if damage == "deleted":
        path.unlink()
        pattern = r"schema history .* is missing"
    elif damage == "truncated":
        path.write_text("".join(lines[:-1]))
        pattern = r"holds \d+ records, but the stored offset"
    else:
        path.write_text("".join(lines)[:-10])
        pattern = r"ends in the middle of record"
    run = c.start()
    assert run.wait() != 0, c.describe()
    assert any(re.search(pattern, l) for l in run.error_lines()), c.describe()
    assert any("recovery" in l for l in run.error_lines()), c.describe()
    # The way out it names works (no DDL happened since the offset).
    c.config["config"]["snapshot.mode"] = "recovery"
    c.start()
    c.wait_for_stderr(r"read the schemas of \d+ tables")
    # Stopped before any change: the stored offset must still agree with the rebuilt history.
    stop_with_offsets(c)
    c.config["config"]["snapshot.mode"] = "no_data"
    c.start()
    server.sql(f"INSERT INTO {db}.h VALUES (2, 4, 6)")
    recs = c.wait_for_records(2, c.topic(db, "h"))
    assert recs[-1]["value"]["after"] == {"id": 2, "v": 4, "w": 6}


TYPE_ZOO = """
CREATE TABLE {db}.zoo (
  id BIGINT UNSIGNED NOT NULL AUTO_INCREMENT,
  ti TINYINT(1) DEFAULT 0, si SMALLINT UNSIGNED ZEROFILL, mi MEDIUMINT, i INT(11) NOT NULL,
  bo BOOLEAN, de DECIMAL(20,6) UNSIGNED, fl FLOAT(7,3), db DOUBLE PRECISION, re REAL,
  bi BIT(9) DEFAULT b'101', da DATE, tm TIME(3), dt DATETIME(6) DEFAULT CURRENT_TIMESTAMP(6),
  ts TIMESTAMP NOT NULL DEFAULT CURRENT_TIMESTAMP ON UPDATE CURRENT_TIMESTAMP, yr YEAR,
  ch CHAR(3) CHARACTER SET latin1, vc VARCHAR(300) COLLATE utf8mb4_bin, nc NATIONAL CHAR(2),
  bn BINARY(4), vb VARBINARY(10), tt TINYTEXT, tx TEXT CHARSET ascii, mt MEDIUMTEXT,
  lt LONGTEXT, tb TINYBLOB, bl BLOB, mb MEDIUMBLOB, lb LONGBLOB,
  en ENUM('a','b''c','d,e') NOT NULL, st SET('x','y'), js JSON, g GEOMETRY, pt POINT,
  ls LINESTRING, pg POLYGON, mpt MULTIPOINT, mls MULTILINESTRING, mpg MULTIPOLYGON,
  gc GEOMETRYCOLLECTION, u UUID, i6 INET6, i4 INET4,
  gen INT AS (i * 2) VIRTUAL, gst BIGINT AS (i + 1) PERSISTENT,
  inv INT INVISIBLE, `we"ird ``name` INT COMMENT 'a comment',
  PRIMARY KEY (id), UNIQUE KEY uk (i, ch), KEY k1 (vc(10)), FULLTEXT KEY ft (tx),
  CONSTRAINT chk CHECK (i >= 0)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COMMENT='zoo';
CREATE TABLE {db}.parted (id INT NOT NULL, d DATE NOT NULL, PRIMARY KEY (id, d))
  PARTITION BY RANGE (YEAR(d)) SUBPARTITION BY HASH (id) SUBPARTITIONS 2
  (PARTITION p0 VALUES LESS THAN (2000), PARTITION p1 VALUES LESS THAN MAXVALUE);
CREATE TABLE {db}.parent (id INT PRIMARY KEY) ENGINE=InnoDB;
CREATE TABLE {db}.child (id INT PRIMARY KEY, p INT, CONSTRAINT fk FOREIGN KEY (p)
  REFERENCES {db}.parent (id) ON DELETE CASCADE) ENGINE=InnoDB;
CREATE TABLE {db}.nopk (a INT, b TEXT) ENGINE=MyISAM;
CREATE VIEW {db}.v AS SELECT id FROM {db}.parent;
"""


def test_show_create_table_parses_like_information_schema(server, connector, db):
    server.sql(TYPE_ZOO.format(db=db))
    c = start_from_server(server, connector, db)
    line = c.wait_for_stderr(r"read the schemas of \d+ tables")
    assert not c.current.error_lines(), c.describe()
    server.sql(f"INSERT INTO {db}.zoo (i, en, ch, u, i6, i4) VALUES (7, 'b''c', 'ab', "
               f"'6ccd780c-baba-1026-9564-5b8c656024db', '2001:db8::ff00:42:8329', '10.1.2.0')")
    recs = c.wait_for_records(1, c.topic(db, "zoo"))
    after = recs[0]["value"]["after"]
    assert after["en"] == "b'c" and after["i"] == 7 and after["gen"] == 14, short(after)
    # MariaDB's UUID and INET types as the server prints them (the schema says what they are).
    assert after["u"] == "6ccd780c-baba-1026-9564-5b8c656024db", short(after)
    assert (after["i6"], after["i4"]) == ("2001:db8::ff00:42:8329", "10.1.2.0"), short(after)
    assert "inv" in after and after["we\"ird `name"] is None
    del line
