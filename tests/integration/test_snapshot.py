"""Snapshots: the rows that exist when a connector starts arrive as "r" events, consistent with
the binlog position streaming starts from, so that applying every event in order to a map keyed
by primary key gives exactly what the tables hold — while a writer keeps changing them."""

from __future__ import annotations

import json
import random
import threading
import time

import pytest

from rowcast_harness import SECRET_PASSWORD, TIMEOUT, SqlSession, sql_str

# Three kinds of table: a single-column key, a composite key with text, and no key at all.
TABLES = {
    "t1": "CREATE TABLE t1 (id INT PRIMARY KEY, v INT, s VARCHAR(40))",
    "t2": ("CREATE TABLE t2 (a INT NOT NULL, b VARCHAR(12) NOT NULL, v INT, "
           "PRIMARY KEY (a, b))"),
    "t3": "CREATE TABLE t3 (n INT, note VARCHAR(20))",
}
KEYS = {"t1": ("id",), "t2": ("a", "b")}


def create_tables(server, db: str, rows: int) -> None:
    server.sql("\n".join(f"{ddl};" for ddl in TABLES.values()) + f"""
        INSERT INTO t1 SELECT seq, seq * 7, CONCAT('s', seq) FROM seq_1_to_{rows};
        INSERT INTO t2 SELECT seq DIV 3, CONCAT('k', seq MOD 3, 'é'), seq FROM seq_1_to_{rows};
        INSERT INTO t3 SELECT seq MOD 10, CONCAT('n', seq) FROM seq_1_to_{rows // 10};
    """, db=db)


class Writer(threading.Thread):
    """Random single-row INSERT/UPDATE/DELETE on t1 and t2 until stopped."""

    def __init__(self, server, db: str, rows: int, seed: int):
        super().__init__(daemon=True)
        self.session = SqlSession(server, db)
        self.rng = random.Random(seed)
        self.rows = rows
        self.stop_event = threading.Event()
        self.statements = 0

    def run(self) -> None:
        rng = self.rng
        next_id = self.rows + 1
        while not self.stop_event.is_set():
            k = rng.randrange(1, next_id)
            op = rng.random()
            if op < 0.3:
                self.session.send(f"INSERT INTO t1 VALUES ({next_id}, {rng.randrange(1000)}, "
                                  f"'new{next_id}')")
                next_id += 1
            elif op < 0.6:
                self.session.send(f"UPDATE t1 SET v = {rng.randrange(100000)}, s = NULL "
                                  f"WHERE id = {k}")
            elif op < 0.75:
                self.session.send(f"DELETE FROM t1 WHERE id = {k}")
            elif op < 0.9:
                self.session.send(f"UPDATE t2 SET v = v + 1 WHERE a = {k // 3}")
            else:
                self.session.send(f"DELETE FROM t2 WHERE a = {k // 3} AND b = 'k1é'")
            self.statements += 1
            time.sleep(0.002)
        self.session.close()

    def finish(self) -> None:
        self.stop_event.set()
        self.join(timeout=TIMEOUT)


def table_state(server, db: str, table: str) -> dict:
    cols = [r[0] for r in server.sql(
        f"SELECT COLUMN_NAME FROM information_schema.COLUMNS WHERE TABLE_SCHEMA = '{db}' AND "
        f"TABLE_NAME = '{table}' ORDER BY ORDINAL_POSITION")]
    out = {}
    for row in server.sql(f"SELECT * FROM {table}", db=db):
        rec = {c: (None if v == "NULL" else v) for c, v in zip(cols, row)}
        out[tuple(rec[k] for k in KEYS[table])] = rec
    return out


def applied_state(records: list[dict], table: str) -> dict:
    """Every event of a topic applied in order to a map keyed by primary key."""
    state: dict = {}
    for rec in records:
        v = rec["value"]
        if v is None:
            continue  # tombstone
        if v["op"] in ("r", "c", "u"):
            after = {c: (None if x is None else str(x)) for c, x in v["after"].items()}
            if v["op"] == "u":
                before = v["before"]
                state.pop(tuple(str(before[k]) for k in KEYS[table]), None)
            state[tuple(after[k] for k in KEYS[table])] = after
        elif v["op"] == "d":
            state.pop(tuple(str(v["before"][k]) for k in KEYS[table]), None)
    return state


def wait_until_consistent(server, c, db: str, tables=("t1", "t2"), timeout: float = 90) -> None:
    deadline = time.monotonic() + timeout
    while True:
        diffs = []
        for t in tables:
            want = table_state(server, db, t)
            got = applied_state(c.records(c.topic(db, t)), t)
            if want != got:
                missing = [k for k in want if k not in got][:5]
                extra = [k for k in got if k not in want][:5]
                wrong = [(k, want[k], got[k]) for k in want if k in got and want[k] != got[k]][:5]
                diffs.append(f"{t}: {len(want)} rows in the table, {len(got)} in the events; "
                             f"missing {missing}, extra {extra}, different {wrong}")
        if not diffs:
            return
        if time.monotonic() > deadline:
            raise AssertionError("the events do not add up to the tables:\n" + "\n".join(diffs)
                                 + "\n" + c.describe())
        if c.current.exited() and c.current.returncode() != 0:
            raise AssertionError("rowcast failed\n" + c.describe())
        time.sleep(0.5)


def markers(records: list[dict]) -> list[str]:
    return [r["value"]["source"]["snapshot"] for r in records
            if r["value"] is not None and r["value"]["op"] == "r"]


def snapshot_config(**extra) -> dict:
    return {"snapshot.mode": "initial", "table.include.list": None, **extra}


def test_initial_snapshot_events_and_markers(server, db, connector):
    create_tables(server, db, 50)
    c = connector(db, snapshot_config(**{"rowcast.snapshot.chunk.size": "7"}))
    c.start()
    c.wait_for_stderr("snapshot completed")
    t1 = c.wait_for_records(50, c.topic(db, "t1"))
    t3 = c.wait_for_records(5, c.topic(db, "t3"))
    # Every row once, as Debezium writes a snapshot read.
    ids = sorted(r["value"]["after"]["id"] for r in t1)
    assert ids == list(range(1, 51))
    first = t1[0]["value"]
    assert first["op"] == "r" and first["before"] is None
    src = first["source"]
    assert src["db"] == db and src["table"] == "t1" and src["row"] == 0
    assert src["file"] and src["pos"] > 0 and src["gtid"] is None
    assert t1[0]["key"] == {"id": 1}
    assert t3[0]["key"] is None  # no primary key: a null key, as Debezium writes it
    # first / first_in_data_collection / true / last_in_data_collection / last.
    every = c.records()
    all_markers = markers(every)
    assert all_markers.count("first") == 1 and all_markers.count("last") == 1
    per_table = {t: markers(c.records(c.topic(db, t))) for t in TABLES}
    for t, m in per_table.items():
        assert m[0] in ("first", "first_in_data_collection"), (t, m[:3])
        assert m[-1] in ("last", "last_in_data_collection"), (t, m[-3:])
        assert set(m[1:-1]) <= {"true"}, (t, m)
    # The offset after the snapshot is the snapshot position, and says no more "snapshot".
    c.wait_for(lambda: c.offsets_path.exists() and
               "snapshot" not in json.loads(c.offsets_path.read_text())["offset"],
               "the offset of the completed snapshot")
    offset = json.loads(c.offsets_path.read_text())["offset"]
    assert offset["file"] == src["file"] and offset["pos"] == src["pos"], offset
    # Streaming follows.
    server.sql("INSERT INTO t1 VALUES (51, 1, 'after')", db=db)
    recs = c.wait_for_record(lambda r: r["value"] and r["value"]["op"] == "c",
                             "the insert after the snapshot", c.topic(db, "t1"))
    assert recs[-1]["value"]["after"]["id"] == 51
    assert c.current.error_lines() == []


@pytest.mark.parametrize("threads", [1, 3])
def test_snapshot_while_writing_adds_up(server, db, connector, threads):
    """The oracle: a writer changes the tables before, during and after the snapshot."""
    rows = 3000
    create_tables(server, db, rows)
    writer = Writer(server, db, rows, seed=threads)
    writer.start()
    try:
        time.sleep(0.3)
        c = connector(db, snapshot_config(**{
            "snapshot.max.threads": str(threads), "rowcast.snapshot.chunk.size": "250"}))
        c.start()
        c.wait_for_stderr("snapshot completed", timeout=90)
        time.sleep(0.5)
    finally:
        writer.finish()
    assert writer.statements > 50
    wait_until_consistent(server, c, db)
    # The keyless table: every row once.
    t3 = c.records(c.topic(db, "t3"))
    assert len(t3) == rows // 10
    assert c.current.error_lines() == []


def test_initial_only_stops_after_the_snapshot(server, db, connector):
    create_tables(server, db, 20)
    c = connector(db, snapshot_config(**{"snapshot.mode": "initial_only"}))
    assert c.start().wait(timeout=60) == 0
    assert len(c.records(c.topic(db, "t1"))) == 20
    # A second start has nothing to do.
    server.sql("INSERT INTO t1 VALUES (100, 1, 'x')", db=db)
    assert c.start().wait(timeout=60) == 0
    assert len(c.records(c.topic(db, "t1"))) == 20
    assert "nothing to do" in c.current.stderr()


def test_user_without_reload(server, db, connector):
    """Without RELOAD there is no global read lock: locking mode none works and says so; the
    default mode says what it falls back to."""
    user = "itest_noreload"
    server.create_user(user, SECRET_PASSWORD,
                       "SELECT, SHOW DATABASES, REPLICATION SLAVE, BINLOG MONITOR")
    create_tables(server, db, 30)
    auth = {"database.user": user, "database.password": SECRET_PASSWORD}
    c = connector(db, snapshot_config(**auth, **{"snapshot.locking.mode": "none"}))
    c.start()
    c.wait_for_stderr("snapshot completed")
    assert "snapshot.locking.mode=none" in c.current.stderr()
    assert len(c.wait_for_records(30, c.topic(db, "t1"))) == 30
    c.current.terminate()

    c2 = connector(db, snapshot_config(**auth))
    c2.start()
    c2.wait_for_stderr("snapshot completed")
    warning = c2.wait_for_stderr("RELOAD")
    assert "lacks the RELOAD privilege" in warning and "none" in warning, warning
    assert len(c2.wait_for_records(30, c2.topic(db, "t1"))) == 30


def test_restarts_during_the_snapshot_lose_nothing(server, db, connector):
    """kill -9 during the snapshot, several times, while a writer runs: the events still add
    up to the tables."""
    rows = 40000
    create_tables(server, db, rows)
    writer = Writer(server, db, rows, seed=7)
    writer.start()
    rng = random.Random(11)
    c = connector(db, snapshot_config(**{"rowcast.snapshot.chunk.size": "2000",
                                         "snapshot.max.threads": "2"}))
    resumed = 0
    try:
        for attempt in range(3):
            run = c.start()
            if attempt == 0:
                # Killed as soon as rows are out, before any chunk is complete: the restart
                # must still resume this snapshot (a new one at a later point would never send
                # the deletes of rows removed in between).
                # (file sizes, not parsed records: parsing would let the snapshot finish)
                c.wait_for(lambda: any(f.stat().st_size > 0
                                       for f in c.sink_dir.glob("*.ndjson")),
                           "the first snapshot rows in the sink")
            else:
                time.sleep(rng.uniform(0.3, 1.0))
            run.kill()
            if attempt == 1 and "snapshot completed" not in c.runs[0].stderr():
                assert "resumes from its last completed chunk" in run.stderr(), c.describe()
            resumed += "resumes from its last completed chunk" in run.stderr()
        c.start()
        time.sleep(1)
    finally:
        writer.finish()
    wait_until_consistent(server, c, db)
    assert any("snapshot completed" in r.stderr() for r in c.runs), c.describe()
    # At least one restart found a chunk to resume from (else the test proved little).
    assert resumed + ("resumes from its last completed chunk" in c.current.stderr()) > 0, \
        c.describe()


SIGNALS = ("CREATE TABLE signals (id VARCHAR(42) PRIMARY KEY, type VARCHAR(32) NOT NULL, "
           "data VARCHAR(2048))")


def signal(server, db: str, sid: str, kind: str, data: dict) -> None:
    server.sql(f"INSERT INTO signals VALUES ('{sid}', '{kind}', {sql_str(json.dumps(data))})",
               db=db)


@pytest.mark.parametrize("read_only", ["false", "true"])
def test_incremental_snapshot_while_writing_adds_up(server, db, connector, read_only):
    """No initial snapshot; an execute-snapshot signal reads the tables while the writer runs
    and streaming goes on."""
    rows = 5000
    create_tables(server, db, rows)
    server.sql(SIGNALS, db=db)
    c = connector(db, {"snapshot.mode": "no_data", "signal.data.collection": f"{db}.signals",
                       "incremental.snapshot.chunk.size": "300", "read.only": read_only})
    c.start()
    c.wait_for_stderr("streaming from")
    writer = Writer(server, db, rows, seed=5)
    writer.start()
    try:
        time.sleep(0.3)
        signal(server, db, "sig-1", "execute-snapshot",
               {"data-collections": [f"{db}.t1", f"{db}\\.t2"], "type": "incremental"})
        c.wait_for_stderr("snapshot completed", timeout=120)
    finally:
        writer.finish()
    wait_until_consistent(server, c, db)
    reads = [r for r in c.records(c.topic(db, "t1")) if r["value"] and r["value"]["op"] == "r"]
    assert reads and {r["value"]["source"]["snapshot"] for r in reads} == {"incremental"}
    assert c.records(c.topic(db, "t3")) == []  # not asked for
    assert c.current.error_lines() == []


def test_incremental_snapshot_additional_conditions(server, db, connector):
    create_tables(server, db, 100)
    server.sql(SIGNALS, db=db)
    c = connector(db, {"snapshot.mode": "no_data", "signal.data.collection": f"{db}.signals"})
    c.start()
    c.wait_for_stderr("streaming from")
    signal(server, db, "sig-2", "execute-snapshot", {
        "data-collections": [f"{db}.t1"], "type": "incremental",
        "additional-conditions": [{"data-collection": f"{db}.t1", "filter": "id <= 10"}]})
    c.wait_for_stderr("snapshot completed")
    recs = c.wait_for_records(10, c.topic(db, "t1"))
    assert sorted(r["value"]["after"]["id"] for r in recs) == list(range(1, 11))


def test_large_table_snapshot_memory_stays_flat(server, db, connector):
    """Two million rows: rows stream from the server chunk by chunk, so rowcast's memory does
    not grow with the table. The figures go to the test log."""
    rows = 2_000_000
    server.sql(f"""CREATE TABLE big (id INT PRIMARY KEY, v INT, s VARCHAR(40));
        INSERT INTO big SELECT seq, seq * 3, CONCAT('row number ', seq) FROM seq_1_to_{rows};""",
               db=db)
    c = connector(db, {"snapshot.mode": "initial_only", "snapshot.max.threads": "2",
                       "key.converter.schemas.enable": "false",
                       "value.converter.schemas.enable": "false"})
    run = c.start()
    samples: list[tuple[float, int]] = []
    start = time.monotonic()
    while not run.exited():
        try:
            with open(f"/proc/{run.pid}/status") as f:
                for line in f:
                    if line.startswith("VmRSS:"):
                        samples.append((time.monotonic() - start, int(line.split()[1])))
        except (FileNotFoundError, ProcessLookupError):
            break
        time.sleep(0.05)
    assert run.wait(timeout=300) == 0, c.describe()
    elapsed = time.monotonic() - start
    lines = len(c.lines(c.topic(db, "big")))
    assert lines == rows
    assert samples, "no RSS sample"
    peak = max(kb for _, kb in samples)
    # Flat: the second half of the run uses no more than the first half plus a little.
    half = [kb for t, kb in samples if t <= elapsed / 2] or [samples[0][1]]
    rest = [kb for t, kb in samples if t > elapsed / 2] or [samples[-1][1]]
    print(f"\nsnapshot of {rows} rows: {elapsed:.1f} s, peak RSS {peak / 1024:.1f} MiB, "
          f"first half max {max(half) / 1024:.1f} MiB, second half max {max(rest) / 1024:.1f} "
          f"MiB, {len(samples)} samples")
    assert peak < 256 * 1024, f"peak RSS {peak} KiB"
    assert max(rest) <= max(half) + 32 * 1024, (max(half), max(rest))
