"""`rowcast connect`: the Kafka Connect 3.x REST API of a long-running worker, driven over HTTP
against the real MariaDB (and, for the Kafka-backed worker, the real broker).

Every test starts its own worker (ConnectWorker, connect_harness.py) on a port the OS picked,
with its own data dir and, unless it says otherwise, a file sink (one NDJSON file per topic).
Connectors use snapshot.mode=never and database.include.list=<the test's database>, as the
other integration tests do: they stream the test's changes from the oldest binlog, so no change
is missed however quickly it follows the POST.
"""

from __future__ import annotations

import json
import re
import subprocess
import time
from pathlib import Path

import pytest

from connect_harness import ConnectWorker, read_raw
from rowcast_harness import (
    CDC_GRANTS,
    SECRET_PASSWORD,
    SECRET_USER,
    TIMEOUT,
    connector_config,
    next_server_id,
    short,
)

MYSQL = "io.debezium.connector.mysql.MySqlConnector"
MARIADB = "io.debezium.connector.mariadb.MariaDbConnector"
HIDDEN = "[hidden]"
EXAMPLES = Path("/work/shared/examples")
VALIDATE_HINT = ("You can also find the above list of errors at the endpoint "
                 "`/connector-plugins/{connectorType}/config/validate`")


# --------------------------------------------------------------------------------------------
# Fixture and helpers


@pytest.fixture
def worker(rowcast_bin, tmp_path, request):
    """worker(properties=None, *, start=True, sink="file", port=None, scheme="http",
    auth=None, cafile=None, env=None, kafka=None) → a started ConnectWorker. Every worker is
    stopped (SIGTERM, then SIGKILL) at the end; on failure its stderr is printed."""
    made: list[ConnectWorker] = []

    def make(properties: dict | None = None, *, start: bool = True, **kw) -> ConnectWorker:
        w = ConnectWorker(rowcast_bin, tmp_path / f"worker-{len(made) + 1}",
                          properties=properties, **kw)
        made.append(w)
        if start:
            w.start()
        return w

    yield make

    failed = any(getattr(getattr(request.node, f"rep_{w}", None), "failed", False)
                 for w in ("setup", "call"))
    for w in made:
        if w.running():
            try:
                w.stop()
            except AssertionError as e:  # did not stop in time: already killed
                print(f"\n{e}")
        if failed and w.runs:
            print(f"\n===== rowcast connect (work dir {w.workdir}) =====")
            print(w.describe())


def config_map(server, db: str | None, prefix: str, overrides: dict | None = None) -> dict:
    """A connector config map (no "name") for the test server, as connector_config builds it."""
    return connector_config(server, name="unused", prefix=prefix, databases=db,
                            overrides=overrides)["config"]


def is_secret(key: str) -> bool:
    return key.endswith(".password") or key.endswith("sasl.jaas.config")


def shown(config: dict, name: str) -> dict:
    """The config map as GET /connectors/NAME/config must show it: "name" added, secrets
    "[hidden]" unless they are config provider references."""
    out = dict(config)
    out["name"] = name
    for k, v in out.items():
        if is_secret(k) and not str(v).startswith("${"):
            out[k] = HIDDEN
    return out


def assert_error(status: int, body, code: int, *substrings: str) -> str:
    """Kafka Connect's error body: exactly {"error_code": code, "message": "..."}."""
    assert status == code, f"expected HTTP {code}, got {status}: {short(body, 1000)}"
    assert isinstance(body, dict) and set(body) == {"error_code", "message"}, \
        f"error body is not {{error_code, message}}: {short(body, 1000)}"
    assert body["error_code"] == code and isinstance(body["message"], str), body
    for s in substrings:
        assert s in body["message"], f"{s!r} not in the message {body['message']!r}"
    return body["message"]


def ids(records: list[dict], ops: tuple[str, ...] = ("c", "r")) -> list[int]:
    """The `after.id` of every create (or snapshot read) record, in order."""
    return [r["value"]["after"]["id"] for r in records
            if r["value"] and r["value"].get("op") in ops]


def assert_at_least_once(got: list[int], want: list[int], what: str) -> None:
    """Every wanted change, in order; repeats (a replayed suffix after a restart) allowed."""
    assert list(dict.fromkeys(got)) == want and set(got) == set(want), \
        f"{what}: expected {want} (repeats allowed), got {got}"


def binlog_position(server) -> dict:
    """The server's binlog position now, as a Debezium offset: file, pos and the GTID set."""
    file, pos = server.sql("SHOW MASTER STATUS")[0][:2]
    return {"file": file, "pos": int(pos), "gtids": server.value("SELECT @@gtid_binlog_pos")}


def insert_until_seen(w: ConnectWorker, server, db: str, table: str, topic: str,
                      first_id: int, timeout: float = TIMEOUT) -> int:
    """Inserts rows first_id, first_id+1, ... into `table` (one every half second) until one of
    them shows up in `topic`; returns the id that did. For the moments after a config change or
    restart is accepted but before the new connector instance reads the binlog: a row written
    then may be skipped legitimately by the old instance's filters."""
    deadline = time.monotonic() + timeout
    next_id = first_id
    while True:
        server.sql(f"INSERT INTO {table} (id) VALUES ({next_id})", db=db)
        next_id += 1
        stop = time.monotonic() + 0.5
        while time.monotonic() < stop:
            seen = set(ids(w.records(topic)))
            hit = [i for i in range(first_id, next_id) if i in seen]
            if hit:
                return hit[0]
            time.sleep(0.05)
        if time.monotonic() > deadline:
            raise AssertionError(f"none of rows {first_id}..{next_id - 1} of {table} reached "
                                 f"{topic} within {timeout:.0f}s\n{w.describe()}")


# Kafka Connect's documented response bodies (Kafka Connect REST reference,
# https://kafka.apache.org/documentation/#connect_rest and Confluent's REST API reference;
# offsets: KIP-875), reduced to their structure. Values are examples; keys and JSON kinds count.
DOC_STATUS = {"name": "hdfs-sink-connector",
              "connector": {"state": "RUNNING", "worker_id": "fakehost:8083"},
              "tasks": [{"id": 0, "state": "RUNNING", "worker_id": "fakehost:8083"}],
              "type": "sink"}
DOC_INFO = {"name": "hdfs-sink-connector",
            "config": {"connector.class": "io.confluent.connect.hdfs.HdfsSinkConnector",
                       "tasks.max": "10"},
            "tasks": [{"connector": "hdfs-sink-connector", "task": 1}],
            "type": "sink"}
DOC_TASKS = [{"id": {"connector": "hdfs-sink-connector", "task": 1},
              "config": {"task.class": "io.confluent.connect.hdfs.HdfsSinkTask"}}]
DOC_TASK_STATUS = {"id": 1, "state": "RUNNING", "worker_id": "192.168.86.101:8083"}
DOC_ERROR = {"error_code": 404, "message": "Connector hdfs-sink-connector not found"}
DOC_ROOT = {"version": "3.7.0", "commit": "e3be5d3ae1e6a1de",
            "kafka_cluster_id": "I4ZmrWqfT2e-upky_4fdPA"}
DOC_PLUGIN = {"class": "io.confluent.connect.hdfs.HdfsSinkConnector", "type": "sink",
              "version": "4.0.0"}
DOC_VALIDATE = {
    "name": "FileStreamSinkConnector", "error_count": 1, "groups": ["Common"],
    "configs": [{
        "definition": {"name": "topics", "type": "LIST", "required": False,
                       "default_value": "", "importance": "HIGH", "documentation": "",
                       "group": "Common", "width": "LONG", "display_name": "Topics",
                       "dependents": [], "order": 4},
        "value": {"name": "topics", "value": "test-topic", "recommended_values": [],
                  "errors": [], "visible": True}}]}
DOC_OFFSETS = {"offsets": [{"partition": {"server": "dbserver1"},
                            "offset": {"file": "binlog.000001", "pos": 4}}]}


def structure_problems(doc, got, where: str = "body", free: tuple[str, ...] = ()) -> list[str]:
    """Where `got` differs in structure from the documented example `doc`: the same keys for
    objects (except under the keys in `free`, maps whose keys are data), the same JSON kinds.
    A documented string or number may be null in `got` (optional values)."""
    def kind(x):
        return {dict: "object", list: "array", str: "string", bool: "boolean",
                type(None): "null"}.get(type(x), "number")
    if kind(doc) != kind(got):
        if kind(got) == "null" and kind(doc) in ("string", "number"):
            return []
        return [f"{where}: {kind(got)} where Kafka Connect has {kind(doc)}"]
    problems: list[str] = []
    if isinstance(doc, dict):
        if set(doc) != set(got):
            problems.append(f"{where}: keys {sorted(got)}, Kafka Connect has {sorted(doc)}")
        for k in set(doc) & set(got):
            if k in free:
                if not isinstance(got[k], dict):
                    problems.append(f"{where}.{k}: not an object")
                continue
            problems += structure_problems(doc[k], got[k], f"{where}.{k}", free)
    elif isinstance(doc, list) and doc:
        for i, item in enumerate(got):
            problems += structure_problems(doc[0], item, f"{where}[{i}]", free)
    return problems


# --------------------------------------------------------------------------------------------
# The whole lifecycle


def test_the_whole_lifecycle_of_a_connector(server, db, worker):
    server.sql("CREATE TABLE a (id INT PRIMARY KEY, v VARCHAR(20));"
               "CREATE TABLE b (id INT PRIMARY KEY);"
               "INSERT INTO a VALUES (1, 'one'), (2, 'two');", db=db)
    mark = binlog_position(server)  # after rows 1 and 2: where the PATCH below goes back to
    w = worker()
    name, prefix = "lifecycle", "lc"
    topic_a, topic_b = f"{prefix}.{db}.a", f"{prefix}.{db}.b"
    config = config_map(server, db, prefix, {"table.include.list": f"{db}.a"})

    # Create: 201 and Kafka Connect's ConnectorInfo.
    created = w.create(name, config)
    assert set(created) == {"name", "config", "tasks", "type"}, created
    assert (created["name"], created["type"]) == (name, "source"), created
    # Kafka Connect answers tasks [] (distributed) or the task ids (standalone): both seen.
    assert created["tasks"] in ([], [{"connector": name, "task": 0}]), created
    assert created["config"] == shown(config, name)

    # Events flow; the status is Kafka Connect's, with this worker's id.
    assert ids(w.wait_for_records(2, topic_a)) == [1, 2]
    w.wait_for_state(name, "RUNNING")
    assert w.status(name) == {
        "name": name, "connector": {"state": "RUNNING", "worker_id": w.worker_id},
        "tasks": [{"id": 0, "state": "RUNNING", "worker_id": w.worker_id}], "type": "source"}
    assert w.get(f"/connectors/{name}") == (200, {
        "name": name, "config": shown(config, name),
        "tasks": [{"connector": name, "task": 0}], "type": "source"})
    assert w.get(f"/connectors/{name}/config") == (200, shown(config, name))
    assert w.get(f"/connectors/{name}/tasks/0/status") == (
        200, {"id": 0, "state": "RUNNING", "worker_id": w.worker_id})
    assert_error(*w.get(f"/connectors/{name}/tasks/1/status"), 404)
    assert w.get("/connectors") == (200, [name])

    # A second connector on the same tables runs throughout: once it has a row, the paused
    # connector would have had it too, were it not paused.
    witness = "witness"
    w.create(witness, config_map(server, db, "lcw"))
    w.wait_for_state(witness, "RUNNING")

    # Pause: 202, PAUSED, no events for rows written meanwhile.
    assert w.put(f"/connectors/{name}/pause") == (202, None)
    w.wait_for_state(name, "PAUSED")
    server.sql("INSERT INTO a VALUES (3, 'three'), (4, 'four');", db=db)
    w.wait_for_record(lambda r: r["key"] == {"id": 4}, "row 4 at the witness", f"lcw.{db}.a")
    assert ids(w.records(topic_a)) == [1, 2], "events while PAUSED"
    assert w.status(name)["connector"]["state"] == "PAUSED"

    # Resume: 202, RUNNING, the rows written while paused arrive, none lost.
    assert w.put(f"/connectors/{name}/resume") == (202, None)
    w.wait_for_state(name, "RUNNING")
    recs = w.wait_for_record(lambda r: r["key"] == {"id": 4}, "row 4 after resume", topic_a)
    assert_at_least_once(ids(recs), [1, 2, 3, 4], "after pause and resume")

    # Config update: 200 (the connector exists), applied by restarting the connector.
    new_config = dict(config, **{"table.include.list": f"{db}.a,{db}.b"})
    status, body = w.put(f"/connectors/{name}/config", new_config)
    assert status == 200, (status, body)
    assert set(body) == {"name", "config", "tasks", "type"}, body
    assert body["config"] == shown(new_config, name)
    assert w.get(f"/connectors/{name}/config") == (200, shown(new_config, name))
    first_b = insert_until_seen(w, server, db, "b", topic_b, 1)
    w.wait_for_state(name, "RUNNING")

    # Restarts: the connector (204), connector and tasks (202 with the status), the task (204).
    assert w.post(f"/connectors/{name}/restart") == (204, None)
    w.wait_for_state(name, "RUNNING")
    status, body = w.post(f"/connectors/{name}/restart?includeTasks=true&onlyFailed=false")
    assert status == 202, (status, body)
    assert structure_problems(DOC_STATUS, body) == [], body
    assert body["name"] == name and body["connector"]["state"] in ("RESTARTING", "RUNNING")
    w.wait_for_state(name, "RUNNING")
    assert w.post(f"/connectors/{name}/tasks/0/restart") == (204, None)
    w.wait_for_state(name, "RUNNING")
    server.sql("INSERT INTO a VALUES (5, 'five');", db=db)
    recs = w.wait_for_record(lambda r: r["key"] == {"id": 5}, "row 5", topic_a)
    assert_at_least_once(ids(recs), [1, 2, 3, 4, 5], "after the restarts")

    # Stop: 204, STOPPED without tasks.
    assert w.put(f"/connectors/{name}/stop") == (204, None)
    w.wait_for_state(name, "STOPPED")
    assert w.status(name) == {
        "name": name, "connector": {"state": "STOPPED", "worker_id": w.worker_id},
        "tasks": [], "type": "source"}

    # Offsets of the stopped connector: Debezium's, under {"server": topic.prefix}.
    status, body = w.get(f"/connectors/{name}/offsets")
    assert status == 200 and set(body) == {"offsets"} and len(body["offsets"]) == 1, body
    entry = body["offsets"][0]
    assert set(entry) == {"partition", "offset"} and entry["partition"] == {"server": prefix}
    off = entry["offset"]
    assert off["file"].startswith("binlog.") and off["pos"] > 0 and off.get("gtids"), off

    # Back to the position after rows 1 and 2: everything after it comes again.
    before = len(w.records(topic_a))
    patch = {"offsets": [{"partition": {"server": prefix},
                          "offset": dict(mark, ts_sec=int(time.time()), server_id=1)}]}
    assert w.patch(f"/connectors/{name}/offsets", patch) == (
        200, {"message": "The offsets for this connector have been altered successfully"})
    status, body = w.get(f"/connectors/{name}/offsets")
    assert status == 200 and len(body["offsets"]) == 1, body
    assert {k: body["offsets"][0]["offset"].get(k) for k in mark} == mark, body
    assert w.put(f"/connectors/{name}/resume") == (202, None)
    w.wait_for_state(name, "RUNNING")
    recs = w.wait_for(lambda: (r := w.records(topic_a)) and ids(r[before:]).count(5) and r,
                      "row 5 again after the offsets went back")
    assert_at_least_once(ids(recs[before:]), [3, 4, 5], "re-delivered after the PATCH")
    w.wait_for(lambda: ids(w.records(topic_b)).count(first_b) >= 2,
               f"row {first_b} of b again in {topic_b}")

    # Delete: 204; gone from every endpoint; the other connector is untouched.
    assert w.delete(f"/connectors/{name}") == (204, None)
    assert_error(*w.get(f"/connectors/{name}"), 404, f"Connector {name} not found")
    assert w.get("/connectors") == (200, [witness])
    assert w.status(witness)["connector"]["state"] == "RUNNING"

    # The offsets outlive the connector: the same name resumes instead of starting over.
    after_delete = len(w.records(topic_a))
    w.create(name, config)
    w.wait_for_state(name, "RUNNING")
    server.sql("INSERT INTO a VALUES (6, 'six');", db=db)
    recs = w.wait_for_record(lambda r: r["key"] == {"id": 6}, "row 6", topic_a)
    again = ids(recs[after_delete:])
    assert 6 in again and 1 not in again and 3 not in again, \
        f"re-created connector started over instead of resuming: {again}"

    assert w.stop() == 0, w.describe()


def test_offsets_reset_starts_over_with_a_new_snapshot(server, db, worker):
    server.sql("CREATE TABLE t (id INT PRIMARY KEY); INSERT INTO t VALUES (1), (2);", db=db)
    w = worker()
    name, topic = "reset", f"rs.{db}.t"
    w.create(name, config_map(server, db, "rs", {"snapshot.mode": "initial"}))
    recs = w.wait_for_records(2, topic)
    assert [(r["value"]["op"], r["key"]["id"]) for r in recs] == [("r", 1), ("r", 2)]
    w.wait_for_state(name, "RUNNING")
    server.sql("INSERT INTO t VALUES (3);", db=db)
    w.wait_for_records(3, topic)

    # Not while it runs.
    message = assert_error(*w.delete(f"/connectors/{name}/offsets"), 400)
    assert "stop" in message.lower(), message

    assert w.put(f"/connectors/{name}/stop") == (204, None)
    w.wait_for_state(name, "STOPPED")
    assert w.delete(f"/connectors/{name}/offsets") == (
        200, {"message": "The offsets for this connector have been reset successfully"})
    assert w.get(f"/connectors/{name}/offsets") == (200, {"offsets": []})

    assert w.put(f"/connectors/{name}/resume") == (202, None)
    w.wait_for_state(name, "RUNNING")
    recs = w.wait_for_records(6, topic)
    assert [(r["value"]["op"], r["key"]["id"]) for r in recs[3:]] == \
        [("r", 1), ("r", 2), ("r", 3)], [short(r["value"], 200) for r in recs[3:]]


def test_connectors_can_be_created_paused_or_stopped(server, db, worker):
    server.sql("CREATE TABLE t (id INT PRIMARY KEY); INSERT INTO t VALUES (1), (2);", db=db)
    w = worker()
    w.create("paused", config_map(server, db, "ip"), initial_state="PAUSED")
    w.create("stopped", config_map(server, db, "is"), initial_state="STOPPED")
    w.create("running", config_map(server, db, "ir"), initial_state="RUNNING")
    w.wait_for_state("paused", "PAUSED")
    w.wait_for_state("stopped", "STOPPED")
    w.wait_for_state("running", "RUNNING")
    assert w.get("/connectors/stopped/offsets") == (200, {"offsets": []})
    w.wait_for_records(2, f"ir.{db}.t")
    assert w.records(f"ip.{db}.t") == [] and w.records(f"is.{db}.t") == []

    for name, prefix in (("paused", "ip"), ("stopped", "is")):
        assert w.put(f"/connectors/{name}/resume") == (202, None)
        w.wait_for_state(name, "RUNNING")
        assert ids(w.wait_for_records(2, f"{prefix}.{db}.t")) == [1, 2]

    assert_error(*w.post("/connectors", {"name": "sleepy", "config": config_map(server, db, "iz"),
                                         "initial_state": "SLEEPING"}), 400)
    assert_error(*w.get("/connectors/sleepy"), 404)


# --------------------------------------------------------------------------------------------
# Several connectors, crashes, clean stops


def test_two_connectors_on_two_databases_keep_their_events_apart(server, db, worker):
    db2 = server.create_database(db + "_two")
    for d in (db, db2):
        server.sql("CREATE TABLE t (id INT PRIMARY KEY, src VARCHAR(64));", db=d)
    w = worker()
    one = config_map(server, db, "one")
    two = config_map(server, db2, "two", {"connector.class": MARIADB})
    w.create("one", one)
    # PUT .../config creates a connector that does not exist: 201, ConnectorInfo.
    status, body = w.put("/connectors/two/config", two)
    assert status == 201, (status, body)
    assert set(body) == {"name", "config", "tasks", "type"} and body["name"] == "two", body
    assert body["config"] == shown(two, "two")
    server.sql(f"INSERT INTO t VALUES (1, '{db}'), (2, '{db}');", db=db)
    server.sql(f"INSERT INTO t VALUES (10, '{db2}');", db=db2)
    w.wait_for_state("one", "RUNNING")
    w.wait_for_state("two", "RUNNING")
    r1 = w.wait_for_records(2, f"one.{db}.t")
    r2 = w.wait_for_records(1, f"two.{db2}.t")
    assert ids(r1) == [1, 2] and ids(r2) == [10]
    assert {r["value"]["after"]["src"] for r in r1} == {db}
    assert {r["value"]["source"]["db"] for r in r2} == {db2}
    assert {r["value"]["source"]["name"] for r in r1} == {"one"}
    assert w.topics() == sorted([f"one.{db}.t", f"two.{db2}.t"]), w.topics()

    status, names = w.get("/connectors")
    assert status == 200 and sorted(names) == ["one", "two"], names
    status, body = w.get("/connectors?expand=status")
    assert status == 200 and set(body) == {"one", "two"}, body
    for n in ("one", "two"):
        assert set(body[n]) == {"status"} and body[n]["status"] == w.status(n)
    status, body = w.get("/connectors?expand=info")
    assert status == 200 and set(body) == {"one", "two"}, body
    assert body["one"] == {"info": {"name": "one", "config": shown(one, "one"),
                                    "tasks": [{"connector": "one", "task": 0}],
                                    "type": "source"}}
    assert body["two"]["info"]["config"] == shown(two, "two")
    status, body = w.get("/connectors?expand=status&expand=info")
    assert status == 200 and all(set(body[n]) == {"status", "info"} for n in ("one", "two")), \
        body


def test_a_killed_worker_brings_every_connector_back_in_its_state(server, db, worker):
    server.sql("CREATE TABLE t (id INT PRIMARY KEY); INSERT INTO t VALUES (1);", db=db)
    w = worker()
    w.create("live", config_map(server, db, "kl"))
    w.create("held", config_map(server, db, "kh"))
    w.wait_for_records(1, f"kl.{db}.t")
    w.wait_for_records(1, f"kh.{db}.t")
    assert w.put("/connectors/held/pause") == (202, None)
    w.wait_for_state("held", "PAUSED")

    w.kill()
    server.sql("INSERT INTO t VALUES (2), (3);", db=db)
    w.restart()

    w.wait_for_state("live", "RUNNING")
    w.wait_for_state("held", "PAUSED")
    recs = w.wait_for_record(lambda r: r["key"] == {"id": 3}, "row 3", f"kl.{db}.t")
    assert_at_least_once(ids(recs), [1, 2, 3], "the running connector after kill -9")
    assert ids(w.records(f"kh.{db}.t")) == [1], "the paused connector emitted while paused"

    assert w.put("/connectors/held/resume") == (202, None)
    w.wait_for_state("held", "RUNNING")
    recs = w.wait_for_record(lambda r: r["key"] == {"id": 3}, "row 3", f"kh.{db}.t")
    assert_at_least_once(ids(recs), [1, 2, 3], "the paused connector after resume")


def test_the_workers_offset_flush_interval_applies_to_connectors_without_their_own(
        server, db, worker):
    """offset.flush.interval.ms is a Kafka Connect worker setting (the harness gives 200 ms);
    a connector config without it must not fall back to the 60 s default. The file sink shows
    records once they are committed, so with 60 s the row below would not arrive within the
    harness's 30 s timeout."""
    server.sql("CREATE TABLE t (id INT PRIMARY KEY)", db=db)
    w = worker()
    assert w.properties["offset.flush.interval.ms"] == "200"
    w.create("fl", config_map(server, db, "fl", {"offset.flush.interval.ms": None}))
    w.wait_for_state("fl", "RUNNING")
    server.sql("INSERT INTO t VALUES (1);", db=db)
    assert ids(w.wait_for_records(1, f"fl.{db}.t")) == [1]


def test_a_stop_or_pause_sent_while_the_task_starts_is_not_lost(server, db, worker):
    """Clients send PUT /stop or /pause right after a config update, a restart or a create,
    while the task is still starting. The target state must win every time."""
    server.sql("CREATE TABLE t (id INT PRIMARY KEY)", db=db)
    w = worker()
    config = config_map(server, db, "race")
    w.create("race", config)
    w.wait_for_state("race", "RUNNING")
    for i in range(8):
        config = dict(config, **{"poll.interval.ms": str(100 + i)})
        assert w.put("/connectors/race/config", config)[0] == 200
        target = ("stop", "STOPPED", 204) if i % 2 == 0 else ("pause", "PAUSED", 202)
        assert w.put(f"/connectors/race/{target[0]}") == (target[2], None)
        w.wait_for_state("race", target[1], timeout=10)
        assert w.put("/connectors/race/resume") == (202, None)
        w.wait_for_state("race", "RUNNING")
    for i in range(4):
        name = f"fresh{i}"
        w.create(name, config_map(server, db, f"fresh{i}"))
        assert w.put(f"/connectors/{name}/pause") == (202, None)
        w.wait_for_state(name, "PAUSED", timeout=10)


def test_requests_without_a_body_or_content_length_work_as_with_curl(server, db, worker):
    """`curl -X POST .../restart` and `curl -X PUT .../pause` send no body and no
    Content-Length header (http.client would send "Content-Length: 0"): Kafka Connect accepts
    them."""
    import http.client
    server.sql("CREATE TABLE t (id INT PRIMARY KEY)", db=db)
    w = worker()
    w.create("bare", config_map(server, db, "bare"))
    w.wait_for_state("bare", "RUNNING")

    def bare(method: str, path: str) -> tuple[int, bytes]:
        conn = http.client.HTTPConnection("127.0.0.1", w.port, timeout=TIMEOUT)
        try:
            conn.putrequest(method, path)
            conn.putheader("Accept", "*/*")
            conn.endheaders()
            resp = conn.getresponse()
            return resp.status, resp.read()
        finally:
            conn.close()
    assert bare("POST", "/connectors/bare/restart")[0] == 204
    w.wait_for_state("bare", "RUNNING")
    status, body = bare("POST", "/connectors/bare/restart?includeTasks=true")
    assert status == 202 and structure_problems(DOC_STATUS, json.loads(body)) == [], body
    w.wait_for_state("bare", "RUNNING")
    assert bare("POST", "/connectors/bare/tasks/0/restart")[0] == 204
    w.wait_for_state("bare", "RUNNING")
    assert bare("PUT", "/connectors/bare/pause")[0] == 202
    w.wait_for_state("bare", "PAUSED")
    assert bare("PUT", "/connectors/bare/resume")[0] == 202
    w.wait_for_state("bare", "RUNNING")
    assert bare("PUT", "/connectors/bare/stop")[0] == 204
    w.wait_for_state("bare", "STOPPED")
    assert bare("DELETE", "/connectors/bare/offsets")[0] == 200
    assert bare("DELETE", "/connectors/bare")[0] == 204


def test_sigterm_commits_offsets_so_a_restart_repeats_nothing(server, db, worker):
    server.sql("CREATE TABLE t (id INT PRIMARY KEY); INSERT INTO t VALUES (1), (2);", db=db)
    w = worker()
    w.create("calm", config_map(server, db, "st"))
    w.wait_for_records(2, f"st.{db}.t")
    assert w.stop() == 0, w.describe()
    server.sql("INSERT INTO t VALUES (3);", db=db)
    w.restart()
    w.wait_for_state("calm", "RUNNING")
    recs = w.wait_for_record(lambda r: r["key"] == {"id": 3}, "row 3", f"st.{db}.t")
    assert ids(recs) == [1, 2, 3], "a clean stop must commit the offsets"


# --------------------------------------------------------------------------------------------
# Bad input


def test_an_unknown_connector_class_is_a_400_naming_the_known_ones(server, db, worker):
    w = worker()
    config = config_map(server, db, "uc", {"connector.class": "com.example.NoSuchConnector"})
    message = assert_error(*w.post("/connectors", {"name": "nope", "config": config}), 400,
                           "com.example.NoSuchConnector")
    assert MYSQL in message and MARIADB in message, message
    assert_error(*w.get("/connectors/nope"), 404)


@pytest.mark.parametrize("overrides, prop, value", [
    ({"database.hostname": None}, "database.hostname", None),
    ({"database.port": "abc"}, "database.port", "abc"),
    ({"snapshot.mode": "sometimes"}, "snapshot.mode", "sometimes"),
])
def test_an_invalid_config_is_a_400_listing_each_error(server, db, worker, overrides, prop,
                                                       value):
    w = worker()
    config = config_map(server, db, "ic", overrides)
    for request in (lambda: w.post("/connectors", {"name": "bad", "config": config}),
                    lambda: w.put("/connectors/bad/config", config)):
        message = assert_error(*request(), 400)
        m = re.match(r"Connector configuration is invalid and contains the following (\d+) "
                     r"error\(s\):\n(.*)\n" + re.escape(VALIDATE_HINT) + r"$", message, re.S)
        assert m, f"not Kafka Connect's message: {message!r}"
        lines = m.group(2).split("\n")
        assert int(m.group(1)) == len(lines) >= 1, message
        mine = [line for line in lines if line.startswith(f"{prop}: ")]
        assert mine, f"no '{prop}: ...' line in {message!r}"
        if value is not None:
            assert value in mine[0], message
        assert_error(*w.get("/connectors/bad"), 404)


def test_malformed_json_is_a_400_naming_line_and_column(server, db, worker):
    w = worker()
    # The WePay config as published: a trailing comma after the last property (line 28),
    # so the parser stops at the "}" on line 29.
    text = (EXAMPLES / "wepay-connector-as-published.json").read_text()
    message = assert_error(*w.post("/connectors", raw=text), 400)
    line = re.search(r"line\s*:?\s*(\d+)", message, re.I)
    column = re.search(r"col(?:umn)?\s*:?\s*(\d+)", message, re.I)
    assert line and column, f"no line and column in {message!r}"
    assert int(line.group(1)) in (28, 29), message
    # A body cut short, and no body at all.
    assert_error(*w.post("/connectors", raw='{"name": "x", "config": {'), 400)
    assert_error(*w.post("/connectors", raw=""), 400)
    assert_error(*w.put("/connectors/x/config", raw="[1, 2"), 400)
    assert w.get("/connectors") == (200, [])


@pytest.mark.parametrize("method, path", [
    ("GET", "/connectors/ghost"),
    ("GET", "/connectors/ghost/config"),
    ("GET", "/connectors/ghost/status"),
    ("GET", "/connectors/ghost/tasks"),
    ("GET", "/connectors/ghost/tasks/0/status"),
    ("POST", "/connectors/ghost/restart"),
    ("POST", "/connectors/ghost/restart?includeTasks=true"),
    ("POST", "/connectors/ghost/tasks/0/restart"),
    ("PUT", "/connectors/ghost/pause"),
    ("PUT", "/connectors/ghost/resume"),
    ("PUT", "/connectors/ghost/stop"),
    ("DELETE", "/connectors/ghost"),
    ("GET", "/connectors/ghost/offsets"),
    ("PATCH", "/connectors/ghost/offsets"),
    ("DELETE", "/connectors/ghost/offsets"),
])
def test_an_unknown_connector_is_a_404_on_every_path(worker, method, path):
    w = worker()
    body = {"offsets": [{"partition": {"server": "x"}, "offset": {"file": "binlog.000001",
                                                                    "pos": 4}}]} \
        if method == "PATCH" else None
    status, got = w.request(method, path, json=body)
    assert_error(status, got, 404)
    assert got == {"error_code": 404, "message": "Connector ghost not found"}, got


def test_a_duplicate_a_name_mismatch_and_offsets_of_a_running_connector_are_refused(
        server, db, worker):
    w = worker()
    config = config_map(server, db, "dup")
    w.create("dup", config)
    assert w.post("/connectors", {"name": "dup", "config": config}) == (
        409, {"error_code": 409, "message": "Connector dup already exists"})
    # The name inside the config must be the connector's.
    assert_error(*w.post("/connectors", {"name": "other", "config": dict(config, name="x")}),
                 400)
    assert_error(*w.put("/connectors/other/config", dict(config, name="x")), 400)
    w.wait_for_state("dup", "RUNNING")
    patch = {"offsets": [{"partition": {"server": "dup"},
                          "offset": dict(binlog_position(server), server_id=1)}]}
    for status, body in (w.patch("/connectors/dup/offsets", patch),
                         w.delete("/connectors/dup/offsets")):
        message = assert_error(status, body, 400)
        # Kafka Connect: "... issuing a 'PUT' request to the '/connectors/dup/stop' endpoint".
        assert "stop" in message.lower() and "PUT" in message and "/connectors/dup/stop" in \
            message, message
    assert w.status("dup")["connector"]["state"] == "RUNNING"
    assert w.get("/connectors") == (200, ["dup"])


@pytest.mark.parametrize("method, path, code", [
    ("GET", "/nothing-here", 404),
    ("GET", "/connectors/x/y/z", 404),
    ("GET", "/connector-plugins/x", 404),
    ("DELETE", "/connectors", 405),
    ("PUT", "/", 405),
    ("GET", "/connectors/x/pause", 405),
    ("POST", "/connectors/x/config", 405),
])
def test_unknown_paths_are_404_and_wrong_methods_405(worker, method, path, code):
    w = worker()
    assert_error(*w.request(method, path), code)


# --------------------------------------------------------------------------------------------
# Shapes and validation


def test_responses_have_the_shapes_of_kafka_connects_documented_examples(server, db, worker):
    server.sql("CREATE TABLE t (id INT PRIMARY KEY); INSERT INTO t VALUES (1);", db=db)
    w = worker()
    w.create("shapes", config_map(server, db, "sh"))
    w.wait_for_records(1, f"sh.{db}.t")
    w.wait_for_state("shapes", "RUNNING")
    checks = [
        (DOC_ROOT, w.get("/"), ()),
        ([DOC_PLUGIN], w.get("/connector-plugins"), ()),
        (DOC_INFO, w.get("/connectors/shapes"), ("config",)),
        (DOC_STATUS, w.get("/connectors/shapes/status"), ()),
        (DOC_TASKS, w.get("/connectors/shapes/tasks"), ("config",)),
        (DOC_TASK_STATUS, w.get("/connectors/shapes/tasks/0/status"), ()),
        (DOC_ERROR, w.get("/connectors/nope"), ()),
    ]
    for doc, (status, body), free in checks:
        assert status in (200, 404) and structure_problems(doc, body, free=free) == [], \
            (structure_problems(doc, body, free=free), short(body, 2000))
    assert w.last[1].get("content-type", "").startswith("application/json"), w.last[1]
    status, plugins = w.get("/connector-plugins")
    assert {MYSQL, MARIADB} <= {p["class"] for p in plugins}, plugins
    assert all(p["type"] == "source" and p["version"] for p in plugins), plugins

    assert w.put("/connectors/shapes/stop") == (204, None)
    w.wait_for_state("shapes", "STOPPED")
    status, body = w.get("/connectors/shapes/offsets")
    assert status == 200 and structure_problems(DOC_OFFSETS, body, free=("offset",)) == [], body


def test_validate_answers_config_infos_with_a_per_property_error(server, db, worker):
    w = worker()
    # "name" belongs in the body: Kafka Connect's ConnectorConfig requires it here too.
    good = dict(config_map(server, db, "va"), name="va")
    for plugin in ("MySqlConnector", MYSQL):
        status, body = w.put(f"/connector-plugins/{plugin}/config/validate", good)
        assert status == 200, (status, body)
        assert structure_problems(DOC_VALIDATE, body) == [], \
            structure_problems(DOC_VALIDATE, body)
        assert body["name"] == MYSQL and body["error_count"] == 0, short(body, 3000)
        assert all(isinstance(g, str) for g in body["groups"]) and body["groups"]
        by_name = {c["definition"]["name"]: c for c in body["configs"]}
        assert all(c["value"]["name"] == n for n, c in by_name.items())
        assert {"database.hostname", "database.port", "database.password",
                "topic.prefix"} <= set(by_name), sorted(by_name)
        assert by_name["database.port"]["value"]["value"] == good["database.port"]
        assert by_name["database.password"]["definition"]["type"] == "PASSWORD"
        assert by_name["database.password"]["value"]["value"] == HIDDEN
        assert by_name["database.hostname"]["definition"]["required"] is True

    bad = dict(good, **{"database.port": "abc"})
    bad.pop("database.hostname")
    status, body = w.put("/connector-plugins/MySqlConnector/config/validate", bad)
    assert status == 200, (status, body)
    by_name = {c["definition"]["name"]: c for c in body["configs"]}
    errors = {n: c["value"]["errors"] for n, c in by_name.items() if c["value"]["errors"]}
    assert set(errors) == {"database.port", "database.hostname"}, errors
    assert body["error_count"] == 2, body["error_count"]
    assert any("abc" in e for e in errors["database.port"]), errors
    # Validation creates nothing.
    assert w.get("/connectors") == (200, [])


# --------------------------------------------------------------------------------------------
# Secrets and security


def test_secrets_are_hidden_everywhere_and_a_put_of_hidden_keeps_them(server, db, worker):
    server.sql("CREATE TABLE t (id INT PRIMARY KEY); INSERT INTO t VALUES (1);", db=db)
    w = worker()
    config = config_map(server, db, "sec", {"database.user": SECRET_USER,
                                            "database.password": SECRET_PASSWORD})
    texts = []

    def seen(status_body):
        texts.append(w.last_text())
        return status_body

    created = seen((201, w.create("sec", config)))[1]
    assert created["config"]["database.password"] == HIDDEN
    w.wait_for_records(1, f"sec.{db}.t")
    w.wait_for_state("sec", "RUNNING")
    assert seen(w.get("/connectors/sec/config"))[1]["database.password"] == HIDDEN
    assert seen(w.get("/connectors/sec"))[1]["config"]["database.password"] == HIDDEN
    assert seen(w.get("/connectors?expand=info"))[1]["sec"]["info"]["config"][
        "database.password"] == HIDDEN
    status, tasks = seen(w.get("/connectors/sec/tasks"))
    assert status == 200 and tasks[0]["config"].get("database.password", HIDDEN) == HIDDEN
    seen(w.put("/connector-plugins/MySqlConnector/config/validate", config))

    # "[hidden]" sent back keeps the stored password: the connector still connects.
    status, body = seen(w.put("/connectors/sec/config",
                              dict(w.get("/connectors/sec/config")[1],
                                   **{"poll.interval.ms": "100"})))
    assert status == 200 and body["config"]["database.password"] == HIDDEN, body
    assert body["config"]["poll.interval.ms"] == "100"
    # Stopped and resumed, the connector must log in again with what is stored.
    assert w.put("/connectors/sec/stop") == (204, None)
    w.wait_for_state("sec", "STOPPED")
    assert w.put("/connectors/sec/resume") == (202, None)
    w.wait_for_state("sec", "RUNNING")
    server.sql("INSERT INTO t VALUES (2);", db=db)
    w.wait_for_record(lambda r: r["key"] == {"id": 2}, "row 2", f"sec.{db}.t")
    w.wait_for_state("sec", "RUNNING")

    for text in texts:
        assert SECRET_PASSWORD not in text, f"the password in a response: {text[:2000]}"
    assert SECRET_PASSWORD not in w.stderr(), "the password appears in the worker's stderr"
    assert SECRET_PASSWORD not in w.properties_path.read_text()


def test_a_wrong_password_fails_the_task_with_a_trace_and_a_config_update_fixes_it(
        server, db, worker):
    server.sql("CREATE TABLE t (id INT PRIMARY KEY); INSERT INTO t VALUES (1);", db=db)
    wrong = "Pw-wrong-3b8e1d"
    w = worker()
    config = config_map(server, db, "wp", {"database.user": SECRET_USER,
                                           "database.password": wrong})
    w.create("wp", config)

    def failed_task():
        st = w.status("wp")
        return st if st["tasks"] and st["tasks"][0]["state"] == "FAILED" else None
    st = w.wait_for(failed_task, lambda: f"a FAILED task; status {short(w.status('wp'))}")
    assert st["connector"]["state"] in ("RUNNING", "FAILED"), st
    task = st["tasks"][0]
    assert set(task) == {"id", "state", "worker_id", "trace"}, task
    assert "access denied" in task["trace"].lower(), task["trace"]
    assert wrong not in json.dumps(st)

    status, body = w.post("/connectors/wp/restart?includeTasks=true&onlyFailed=true")
    assert status == 202 and structure_problems(DOC_STATUS, body) == [], (status, body)

    status, _ = w.put("/connectors/wp/config", dict(config, **{"database.password":
                                                               SECRET_PASSWORD}))
    assert status == 200
    w.wait_for_state("wp", "RUNNING")
    assert ids(w.wait_for_records(1, f"wp.{db}.t")) == [1]
    assert "trace" not in w.status("wp")["tasks"][0]
    assert wrong not in w.stderr() and SECRET_PASSWORD not in w.stderr()


def test_config_provider_references_are_resolved_for_the_connection_and_shown_as_written(
        server, db, worker, tmp_path):
    server.sql("CREATE TABLE t (id INT PRIMARY KEY); INSERT INTO t VALUES (1);", db=db)
    secrets = tmp_path / "secrets.properties"
    secrets.write_text(f"password={SECRET_PASSWORD}\n")
    w = worker({
        "config.providers": "file,env",
        "config.providers.file.class":
            "org.apache.kafka.common.config.provider.FileConfigProvider",
        "config.providers.env.class":
            "org.apache.kafka.common.config.provider.EnvVarConfigProvider",
    }, env={"ITEST_CDC_USER": SECRET_USER})
    refs = {"database.user": "${env:ITEST_CDC_USER}",
            "database.password": f"${{file:{secrets}:password}}"}
    config = config_map(server, db, "cp", refs)
    created = w.create("cp", config)
    assert {k: created["config"][k] for k in refs} == refs, created["config"]
    assert ids(w.wait_for_records(1, f"cp.{db}.t")) == [1]
    w.wait_for_state("cp", "RUNNING")

    status, shown_config = w.get("/connectors/cp/config")
    assert status == 200 and {k: shown_config[k] for k in refs} == refs, shown_config
    status, info = w.get("/connectors?expand=info")
    assert {k: info["cp"]["info"]["config"][k] for k in refs} == refs, info
    status, tasks = w.get("/connectors/cp/tasks")
    task_config = tasks[0]["config"]
    for k, v in refs.items():
        assert task_config.get(k, v) == v, task_config
    assert SECRET_PASSWORD not in w.last_text()
    assert SECRET_PASSWORD not in w.stderr(), "the resolved password is in stderr"


REST_USER, REST_PASSWORD, REST_TOKEN = "rest-admin", "Pw-rest-9c1f0a", "tok-itest-51d7e2b8"


def test_basic_auth_refuses_requests_without_the_right_credentials(server, db, worker):
    w = worker({"rowcast.rest.auth.basic.user": REST_USER,
                "rowcast.rest.auth.basic.password": REST_PASSWORD},
               auth=(REST_USER, REST_PASSWORD))
    for auth in (False, (REST_USER, "wrong"), ("someone", REST_PASSWORD), REST_PASSWORD):
        for method, path in (("GET", "/"), ("GET", "/connectors"),
                             ("GET", "/connector-plugins")):
            status, _ = w.request(method, path, auth=auth, expect_json=False)
            assert status == 401, (method, path, auth, status)
    status, _ = w.post("/connectors", {"name": "x", "config": config_map(server, db, "ba")},
                       auth=False, expect_json=False)
    assert status == 401
    assert w.get("/")[0] == 200
    assert w.get("/connectors") == (200, [])
    assert REST_PASSWORD not in w.stderr()


def test_a_bearer_token_is_required_when_configured(worker):
    w = worker({"rowcast.rest.auth.bearer.token": REST_TOKEN}, auth=REST_TOKEN)
    for auth in (False, "tok-wrong", (REST_USER, REST_TOKEN)):
        status, _ = w.request("GET", "/connectors", auth=auth, expect_json=False)
        assert status == 401, (auth, status)
    assert w.get("/connectors") == (200, [])
    assert REST_TOKEN not in w.stderr()


def make_self_signed(directory: Path) -> tuple[Path, Path]:
    """(keystore PEM with certificate and key, certificate) for 127.0.0.1, by openssl."""
    key, cert = directory / "rest-key.pem", directory / "rest-cert.pem"
    subprocess.run(["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2",
                    "-subj", "/CN=127.0.0.1", "-addext", "subjectAltName=IP:127.0.0.1",
                    "-keyout", str(key), "-out", str(cert)],
                   check=True, capture_output=True, timeout=60)
    keystore = directory / "rest-keystore.pem"
    keystore.write_text(cert.read_text() + key.read_text())
    return keystore, cert


def test_https_with_a_pem_keystore(worker, tmp_path):
    import http.client
    import ssl
    keystore, cert = make_self_signed(tmp_path)
    w = worker({"listeners.https.ssl.keystore.type": "PEM",
                "listeners.https.ssl.keystore.location": str(keystore)},
               scheme="https", cafile=cert)
    status, body = w.get("/")
    assert status == 200 and "version" in body

    # Not trusted without that CA.
    conn = http.client.HTTPSConnection("127.0.0.1", w.port, timeout=10,
                                       context=ssl.create_default_context())
    with pytest.raises(ssl.SSLError):
        conn.request("GET", "/")
        conn.getresponse()
    conn.close()
    # Plain HTTP on the TLS port gets no API answer.
    conn = http.client.HTTPConnection("127.0.0.1", w.port, timeout=10)
    try:
        conn.request("GET", "/")
        assert conn.getresponse().status != 200
    except (OSError, http.client.HTTPException):
        pass
    finally:
        conn.close()


# --------------------------------------------------------------------------------------------
# The WePay configuration


def pkcs12_truststore(ca: Path, path: Path, password: str) -> Path:
    subprocess.run(["keytool", "-importcert", "-noprompt", "-alias", "ca", "-file", str(ca),
                    "-keystore", str(path), "-storetype", "PKCS12", "-storepass", password],
                   check=True, capture_output=True, timeout=60)
    return path


def test_the_wepay_config_runs_against_the_test_servers(server, db, worker, kafka, tmp_path):
    user, password, ts_password = "itest_wepay", "Pw-itest-wepay-2c4b", "Pw-ts-4d2a8e"
    # REQUIRE SSL: events flowing for this user prove that database.ssl.mode=required is used.
    server.create_user(user, password, CDC_GRANTS, require_ssl=True)
    server.sql("CREATE TABLE table1 (id INT PRIMARY KEY, text_col TEXT);"
               "CREATE TABLE table2 (id INT PRIMARY KEY, n INT);"
               f"INSERT INTO table1 VALUES (1, REPEAT('a', 2000));"
               "INSERT INTO table2 VALUES (1, 1);", db=db)
    db_ts = pkcs12_truststore(server.tls_dir / "ca.pem", tmp_path / "db-truststore.p12",
                              ts_password)
    kafka_ts = pkcs12_truststore(Path(kafka.ca), tmp_path / "kafka-truststore.p12",
                                 ts_password)

    body = json.loads((EXAMPLES / "wepay-connector.json").read_text())
    name, c = body["name"], body["config"]
    c.update({
        "database.hostname": "127.0.0.1",
        "database.port": str(server.port),
        "database.user": user,
        "database.password": password,
        "database.server.id": str(next_server_id()),
        # MariaDB GTIDs are domain-server-sequence; the GTID "source" is the domain id, not a
        # server UUID as on MySQL. rowcast accepts the property and warns that it does not use
        # it yet (it resumes from the whole GTID position); the test server's domain keeps the
        # property meaningful.
        "gtid.source.includes": server.value("SELECT @@gtid_domain_id"),
        "database.whitelist": db,
        "table.whitelist": f"{db}.table1,{db}.table2",
        "column.truncate.to.1024.chars": f"{db}.table1.text_col",
        "database.history.kafka.bootstrap.servers": kafka.ssl_bootstrap,
        "database.history.kafka.topic": f"debezium.history.{db}",
        "database.ssl.truststore": str(db_ts),
        "database.ssl.truststore.password": ts_password,
        "database.history.producer.ssl.truststore.location": str(kafka_ts),
        "database.history.producer.ssl.truststore.password": ts_password,
        "database.history.consumer.ssl.truststore.location": str(kafka_ts),
        "database.history.consumer.ssl.truststore.password": ts_password,
    })
    w = worker()
    created = w.create(name, c)
    for k in ("database.password", "database.ssl.truststore.password",
              "database.history.producer.ssl.truststore.password",
              "database.history.consumer.ssl.truststore.password"):
        assert created["config"][k] == HIDDEN, (k, created["config"][k])
    prefix = c["database.server.name"]
    t1, t2 = f"{prefix}.{db}.table1", f"{prefix}.{db}.table2"
    w.wait_for_state(name, "RUNNING")

    # The initial snapshot (the WePay config has no snapshot.mode: Debezium's default).
    snap = w.wait_for_records(1, t1)
    assert snap[0]["value"]["op"] == "r" and snap[0]["value"]["after"] == \
        {"id": 1, "text_col": "a" * 1024}, short(snap[0]["value"], 300)
    assert ids(w.wait_for_records(1, t2)) == [1]
    server.sql("INSERT INTO table1 VALUES (2, REPEAT('b', 5000));"
               "INSERT INTO table1 VALUES (3, 'short');", db=db)
    recs = w.wait_for_records(3, t1)
    assert [(r["value"]["op"], r["value"]["after"]) for r in recs[1:]] == [
        ("c", {"id": 2, "text_col": "b" * 1024}), ("c", {"id": 3, "text_col": "short"})]
    w.wait_for_state(name, "RUNNING")

    # The schema history went to the broker's SSL listener.
    history = kafka.read([c["database.history.kafka.topic"]])
    assert any("table1" in (r["value"] or {}).get("ddl", "") for r in history), history[:3]
    status, shown_config = w.get(f"/connectors/{name}/config")
    assert shown_config["database.ssl.truststore.password"] == HIDDEN
    for secret in (password, ts_password):
        assert secret not in w.stderr()


# --------------------------------------------------------------------------------------------
# Configs, offsets and status in Kafka


def test_a_kafka_backed_worker_recovers_connectors_from_its_topics(server, db, worker, kafka):
    server.sql("CREATE TABLE t (id INT PRIMARY KEY); INSERT INTO t VALUES (1), (2);", db=db)
    topics = {"config.storage.topic": f"cfg-{db}", "offset.storage.topic": f"off-{db}",
              "status.storage.topic": f"st-{db}"}
    props = {"bootstrap.servers": kafka.bootstrap, "group.id": f"rowcast-{db}", **topics,
             "config.storage.replication.factor": "1",
             "offset.storage.replication.factor": "1",
             "status.storage.replication.factor": "1"}
    w = worker(props, sink=None, kafka=kafka)
    name, prefix = "kb", f"kb_{db}"
    topic = f"{prefix}.{db}.t"
    config = config_map(server, db, prefix, {
        "schema.history.internal.kafka.topic": f"hist-{db}",
        "schema.history.internal.kafka.bootstrap.servers": kafka.bootstrap})
    w.create(name, config)
    w.wait_for_state(name, "RUNNING")
    assert ids(w.wait_for_records(2, topic)) == [1, 2]

    # Kafka Connect's config records: string keys, JSON values without schemas.
    cfg = {k.decode(): json.loads(v) for k, v in read_raw(kafka, topics["config.storage.topic"])
           if k is not None and v is not None}
    assert f"connector-{name}" in cfg and f"target-state-{name}" in cfg, sorted(cfg)
    props_stored = cfg[f"connector-{name}"]["properties"]
    assert {k: props_stored.get(k) for k in ("connector.class", "topic.prefix")} == \
        {"connector.class": MYSQL, "topic.prefix": prefix}, props_stored
    assert "state" in cfg[f"target-state-{name}"], cfg[f"target-state-{name}"]

    # kill -9; changes meanwhile; a new worker with an empty data dir and the same properties.
    w.kill()
    server.sql("INSERT INTO t VALUES (3), (4);", db=db)
    w2 = worker(props, sink=None, kafka=kafka, port=w.port)
    assert w2.get("/connectors") == (200, [name])
    w2.wait_for_state(name, "RUNNING")
    recs = w2.wait_for_record(lambda r: r["key"] == {"id": 4}, "row 4", topic)
    assert_at_least_once(ids(recs), [1, 2, 3, 4], "after kill -9 and a new worker")
    assert w2.get(f"/connectors/{name}/config") == (200, shown(config, name))
    offsets = [r for r in kafka.read([topics["offset.storage.topic"]])
               if r["key"] == [name, {"server": prefix}]]
    assert offsets and offsets[-1]["value"]["pos"] > 0, offsets
