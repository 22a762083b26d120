"""The replication connection: losing it mid-stream, and events larger than one 16 MiB packet."""

from __future__ import annotations

import json
import time


def dump_thread_ids(server) -> list[str]:
    rows = server.sql("SELECT ID FROM information_schema.PROCESSLIST WHERE COMMAND LIKE 'Binlog Dump%'")
    return [r[0] for r in rows]


def test_a_killed_replication_connection_is_reopened_without_losing_or_repeating_changes(
        server, db, connector):
    server.sql("CREATE TABLE t (id INT PRIMARY KEY, v INT)", db=db)
    server.sql("INSERT INTO t VALUES (1, 1), (2, 2)", db=db)
    c = connector(db, overrides={"rowcast.reconnect.backoff.max.ms": "1000"})
    run = c.start()
    topic = c.topic(db, "t")
    c.wait_for_records(2, topic)

    before = set(dump_thread_ids(server))
    assert before, "no Binlog Dump thread on the server while rowcast streams"
    for thread in before:
        server.sql(f"KILL {thread}")
    # Changes made while the connection is down or coming back.
    server.sql("INSERT INTO t VALUES (3, 3); UPDATE t SET v = 20 WHERE id = 2", db=db)
    records = c.wait_for_records(4, topic)
    time.sleep(0.5)  # anything extra (a repeat) would arrive now
    records = c.records(topic)
    got = [(r["value"]["op"], r["key"]["id"]) for r in records]
    assert got == [("c", 1), ("c", 2), ("c", 3), ("u", 2)], got
    assert not run.exited(), run.describe()
    assert "reconnecting" in run.stderr(), run.describe()
    assert run.terminate() == 0, run.describe()


def test_an_event_larger_than_16_mib_arrives_whole(server, db, connector):
    size = 20 * 1024 * 1024
    server.sql("CREATE TABLE big (id INT PRIMARY KEY, body LONGTEXT)", db=db)
    server.sql(f"INSERT INTO big VALUES (1, REPEAT('x', {size})), (2, 'small')", db=db)
    c = connector(db)
    run = c.start()
    records = c.wait_for_records(2, c.topic(db, "big"), timeout=120)
    body = records[0]["value"]["after"]["body"]
    assert len(body) == size and body == "x" * size, f"got {len(body)} characters"
    assert records[1]["value"]["after"] == {"id": 2, "body": "small"}
    assert run.terminate() == 0, run.describe()


def test_streaming_and_resuming_follow_the_binlog_across_file_rotations(server, db, connector):
    server.sql("CREATE TABLE t (id INT PRIMARY KEY)", db=db)
    c = connector(db)
    run = c.start()
    topic = c.topic(db, "t")
    server.sql("INSERT INTO t VALUES (1)", db=db)
    c.wait_for_records(1, topic)
    server.sql("FLUSH BINARY LOGS")
    server.sql("INSERT INTO t VALUES (2)", db=db)
    c.wait_for_records(2, topic)
    assert run.terminate() == 0, run.describe()
    offset = json.loads(c.offsets_path.read_text())["offset"]
    assert offset["file"] == server.binary_logs()[-1], offset

    server.sql("FLUSH BINARY LOGS")
    server.sql("INSERT INTO t VALUES (3)", db=db)
    run = c.start()
    c.wait_for_records(3, topic)
    time.sleep(0.5)
    ids = [r["key"]["id"] for r in c.records(topic)]
    assert ids == [1, 2, 3], ids
    assert run.terminate() == 0, run.describe()


def test_resuming_after_the_needed_binlog_was_purged_is_a_clear_error(server, db, connector):
    server.sql("CREATE TABLE t (id INT PRIMARY KEY)", db=db)
    server.sql("INSERT INTO t VALUES (1)", db=db)
    c = connector(db)
    run = c.start()
    c.wait_for_records(1, c.topic(db, "t"))
    assert run.terminate() == 0, run.describe()
    # A change the connector has not seen, then its binlog file is purged.
    server.sql("INSERT INTO t VALUES (2)", db=db)
    offset_file = json.loads(c.offsets_path.read_text())["offset"]["file"]
    # MariaDB keeps a file that crash recovery may still need (until its binlog checkpoint
    # moves on) and PURGE skips it silently: retry until the file is really gone.
    deadline = time.time() + 30
    while offset_file in server.binary_logs():
        assert time.time() < deadline, f"{offset_file} could not be purged: {server.binary_logs()}"
        server.sql("FLUSH BINARY LOGS")
        server.sql(f"PURGE BINARY LOGS TO '{server.binary_logs()[-1]}'")
        time.sleep(0.2)
    run = c.start()
    assert run.wait() == 1, run.describe()
    errors = " ".join(run.error_lines()).lower()
    assert "purged" in errors and "offset" in errors, run.describe()
