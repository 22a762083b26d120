"""rowcast replay: binlog files decoded offline into the records `rowcast run` writes."""

from __future__ import annotations

import json
import subprocess

from rowcast_harness import parse_lines, rowcast_bin


def strip_processing_time(rec: dict) -> dict:
    v = rec.get("value")
    if v is not None:
        for k in ("ts_ms", "ts_us", "ts_ns"):
            v.pop(k, None)
    return rec


def replay(*args: str, check: bool = True) -> subprocess.CompletedProcess:
    p = subprocess.run([str(rowcast_bin()), "replay", *args], capture_output=True, text=True,
                       timeout=120)
    if check:
        assert p.returncode == 0, f"exit {p.returncode}\n{p.stderr}"
    return p


def records_of(stdout: str) -> list[dict]:
    return [strip_processing_time(r) for r in parse_lines(stdout.splitlines(), "replay stdout")]


def test_replay_writes_the_same_records_as_the_live_connector(server, db, connector, tmp_path):
    server.sql("""
        CREATE TABLE t (id INT PRIMARY KEY, v VARCHAR(20), d DECIMAL(8,2));
        INSERT INTO t VALUES (1, 'a', 1.50), (2, 'b', -2.25);
        UPDATE t SET v = 'c' WHERE id = 1;
        DELETE FROM t WHERE id = 2;
    """, db=db)
    c = connector(db)
    run = c.start()
    live = [strip_processing_time(r) for r in c.wait_for_records(5, c.topic(db, "t"))]
    assert run.terminate() == 0, run.describe()

    config = tmp_path / "connector.json"
    config.write_text(json.dumps(c.config))
    files = [str(server.dir / "data" / f) for f in server.binary_logs()]
    offline = records_of(replay("--config", str(config), *files).stdout)
    assert offline == live


def test_replay_honours_start_and_stop_positions(server, db, connector, tmp_path):
    server.sql("CREATE TABLE t (id INT PRIMARY KEY)", db=db)
    server.sql("FLUSH BINARY LOGS")
    binlog = server.binary_logs()[-1]
    server.sql("INSERT INTO t VALUES (1); INSERT INTO t VALUES (2); INSERT INTO t VALUES (3)", db=db)
    rows = [r for r in server.sql(f"SHOW BINLOG EVENTS IN '{binlog}'") if r[2].startswith("Write_rows")]
    assert len(rows) == 3, rows
    second, third = int(rows[1][1]), int(rows[2][1])
    path = str(server.dir / "data" / binlog)
    config = tmp_path / "c.json"
    config.write_text(json.dumps({"name": "r", "config": {"database.include.list": db}}))
    out = records_of(replay("--config", str(config), "--start-position", str(second),
                            "--stop-position", str(third), path).stdout)
    assert [r["key"]["id"] for r in out] == [2], out


def test_replay_of_a_truncated_file_names_the_position(tmp_path, server):
    server.sql("FLUSH BINARY LOGS")  # a closed file: a cut in an open one is only a warning
    source = server.dir / "data" / server.binary_logs()[-2]
    data = source.read_bytes()
    cut = tmp_path / "cut.000001"
    cut.write_bytes(data[:200])
    p = replay(str(cut), check=False)
    assert p.returncode == 1, p.stderr
    assert "truncated" in p.stderr and "position" in p.stderr, p.stderr


def test_replay_refuses_a_file_that_is_not_a_binlog(tmp_path):
    f = tmp_path / "notes.txt"
    f.write_text("hello")
    p = replay(str(f), check=False)
    assert p.returncode == 2, p.stderr
    assert "not a binlog file" in p.stderr, p.stderr
