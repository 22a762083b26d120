"""The Kafka sink against a real broker (scripts/kafka, KRaft), read back with an independent
client (confluent-kafka) and, for partitioning, compared with what Java's producer does."""

from __future__ import annotations

import json
import re
import random
import subprocess
import threading
import time
from pathlib import Path

import pytest

from kafka_harness import java_partition, murmur2


def test_murmur2_matches_the_java_client_vectors():
    # org.apache.kafka.common.utils.UtilsTest#testMurmur2
    vectors = {
        b"21": -973932308,
        b"foobar": -790332482,
        b"a-little-bit-long-string": -985981536,
        b"a-little-bit-longer-string": -1486304829,
        b"lkjh234lh9fiuh90y23oiuhsafujhadof229phr9h19h89h8": -58897971,
        b"abc": 479470107,
    }
    assert {k: murmur2(k) for k in vectors} == vectors


def per_key(records: list[dict]) -> dict[str, list[dict]]:
    """Records grouped by raw key, each group in offset order (one key is one partition)."""
    out: dict[str, list[dict]] = {}
    for r in sorted(records, key=lambda r: (r["partition"], r["offset"])):
        out.setdefault(r["raw_key"], []).append(r)
    return out


def test_change_events_reach_kafka_with_debezium_keys_partitions_and_tombstones(
        server, db, connector, kafka):
    server.sql("""
        CREATE TABLE a (id INT PRIMARY KEY, name VARCHAR(20));
        CREATE TABLE nopk (x INT);
    """, db=db)
    c = connector(db, sink="kafka", kafka=kafka)
    topic_a = c.topic(db, "a")
    kafka.create_topic(topic_a, partitions=6)
    # The same changes through the file sink: the values must be the same.
    f = connector(db, prefix=c.prefix)
    c.start()
    f.start()
    c.wait_for_stderr("streaming from")
    server.sql(";\n".join(
        [f"INSERT INTO a VALUES ({i}, 'n{i}')" for i in range(1, 301)]
        + [f"UPDATE a SET name = 'u{i}' WHERE id = {i}" for i in range(1, 51)]
        + [f"DELETE FROM a WHERE id = {i}" for i in range(281, 301)]
        + ["INSERT INTO nopk VALUES (1), (2), (3)"]) + ";", db=db)
    records = c.wait_for_records(300 + 50 + 20 + 20, topic=topic_a)
    assert len(records) == 390, len(records)
    files = f.wait_for_records(390, topic=f.topic(db, "a"))

    # Keys: Debezium's {"id": n}; partitions: Java's murmur2 of the key bytes, modulo 6.
    wrong = [(r["raw_key"], r["partition"]) for r in records
             if r["partition"] != java_partition(r["raw_key"], 6)]
    assert not wrong, f"records on another partition than Java's partitioner picks: {wrong[:5]}"
    assert {r["key"]["id"] for r in records} == set(range(1, 301))
    assert len({r["partition"] for r in records}) == 6

    # Per key, in offset order: c, then u, then d and its tombstone; values as the file sink's.
    def shape(recs):
        return [(r["value"] or {}).get("op", "tombstone") for r in recs]
    by_key = per_key(records)
    for raw, recs in by_key.items():
        i = recs[0]["key"]["id"]
        want = ["c"] + (["u"] if i <= 50 else []) + (["d", "tombstone"] if i > 280 else [])
        assert shape(recs) == want, (i, shape(recs))
        if i > 280:
            assert recs[-1]["raw_value"] is None
    file_by_key: dict[str, list[dict]] = {}
    for r in files:
        file_by_key.setdefault(r["key"]["id"], []).append(r)

    def strip(v):
        return None if v is None else {k: x for k, x in v.items()
                                       if k not in ("ts_ms", "ts_us", "ts_ns")}
    for raw, recs in by_key.items():
        i = recs[0]["key"]["id"]
        assert [strip(r["value"]) for r in recs] == \
            [strip(r["value"]) for r in file_by_key[i]], i

    # A table without a key: null keys.
    nopk = c.wait_for_records(3, topic=c.topic(db, "nopk"))
    assert [r["raw_key"] for r in nopk] == [None] * 3
    assert [r["value"]["after"]["x"] for r in nopk] == [1, 2, 3]


def test_a_primary_key_change_carries_debeziums_key_headers(server, db, connector, kafka):
    """An UPDATE of the key is a delete (and tombstone) with header __debezium.newkey and a
    create with __debezium.oldkey, each the key's fields as Connect's header converter writes."""
    server.sql("CREATE TABLE a (id INT PRIMARY KEY, name VARCHAR(20));"
               "INSERT INTO a VALUES (1, 'x');", db=db)
    c = connector(db, {"snapshot.mode": "never"}, sink="kafka", kafka=kafka)
    c.start()
    c.wait_for_stderr("streaming from")
    server.sql("UPDATE a SET id = 2 WHERE id = 1; UPDATE a SET name = 'y' WHERE id = 2;", db=db)
    records = c.wait_for_records(5, topic=c.topic(db, "a"))
    got = [((r["value"] or {}).get("op", "tombstone"), r["key"], r["headers"]) for r in records]
    assert got == [
        ("c", {"id": 1}, []),
        ("d", {"id": 1}, [("__debezium.newkey", b'{"id":2}')]),
        ("tombstone", {"id": 1}, [("__debezium.newkey", b'{"id":2}')]),
        ("c", {"id": 2}, [("__debezium.oldkey", b'{"id":1}')]),
        ("u", {"id": 2}, []),
    ], got


def test_partitions_equal_the_java_producers_for_the_same_keys(server, db, connector, kafka):
    """The Java client itself (kafka.tools.ConsoleProducer) partitions the same keys."""
    server.sql("CREATE TABLE k (id VARCHAR(20) PRIMARY KEY, n INT)", db=db)
    c = connector(db, sink="kafka", kafka=kafka)
    ours = c.topic(db, "k")
    theirs = f"java-{db}"
    kafka.create_topic(ours, partitions=7)
    kafka.create_topic(theirs, partitions=7)
    c.start()
    c.wait_for_stderr("streaming from")
    ids = [f"key-{i}-é" if i % 3 else f"{i * 7919}" for i in range(200)]
    server.sql(";\n".join(f"INSERT INTO k VALUES ('{i}', 1)" for i in ids) + ";", db=db)
    records = c.wait_for_records(len(ids), topic=ours)
    lines = "".join(f"{r['raw_key'].decode()}\t{r['raw_key'].decode()}\n" for r in records)
    kafka.java("kafka.tools.ConsoleProducer", "--bootstrap-server", kafka.bootstrap,
               "--topic", theirs, "--property", "parse.key=true",
               "--property", "key.separator=\t", stdin=lines)
    java = {r["raw_key"]: r["partition"] for r in kafka.read([theirs])}
    mine = {r["raw_key"]: r["partition"] for r in records}
    assert len(java) == len(ids) and mine == java


class Writer(threading.Thread):
    """Updates rows 1..keys in a loop, each update setting v to the next number of its key,
    so that every key's events must show v = 1, 2, 3, ... with no gap and no repeat."""

    def __init__(self, server, db: str, keys: int, seconds: float):
        super().__init__(daemon=True)
        self.server, self.db, self.keys, self.seconds = server, db, keys, seconds
        self.v = {k: 0 for k in range(1, keys + 1)}
        self.error: BaseException | None = None

    def run(self):
        try:
            rng = random.Random(3)
            end = time.monotonic() + self.seconds
            while time.monotonic() < end:
                stmts = []
                for _ in range(50):
                    k = rng.randint(1, self.keys)
                    self.v[k] += 1
                    stmts.append(f"UPDATE t SET v = {self.v[k]} WHERE id = {k}")
                self.server.sql(";\n".join(stmts) + ";", db=self.db)
        except BaseException as e:  # noqa: BLE001 - reported by the test
            self.error = e


def create_keyed_table(server, db: str, keys: int) -> None:
    """Table t with rows 1..keys, v = 0: what Writer updates."""
    server.sql(f"CREATE TABLE t (id INT PRIMARY KEY, v INT);"
               f"INSERT INTO t VALUES {', '.join(f'({i}, 0)' for i in range(1, keys + 1))};",
               db=db)


def kill_and_restart(c, seed: int, times: int = 3) -> None:
    """kill -9 the connector `times` times at random moments, starting it again each time."""
    rng = random.Random(seed)
    for _ in range(times):
        time.sleep(rng.uniform(1.0, 2.5))
        c.current.kill()
        c.start()


def updates_by_key(records: list[dict]) -> dict[int, list[int]]:
    out: dict[int, list[int]] = {}
    for r in sorted(records, key=lambda r: (r["partition"], r["offset"])):
        if r["value"] and r["value"]["op"] == "u":
            out.setdefault(r["key"]["id"], []).append(r["value"]["after"]["v"])
    return out


def test_a_broker_outage_loses_and_reorders_nothing(server, db, connector, kafka):
    keys = 40
    create_keyed_table(server, db, keys)
    c = connector(db, sink="kafka", kafka=kafka)
    topic = c.topic(db, "t")
    kafka.create_topic(topic, partitions=4)
    c.start()
    c.wait_for_records(keys, topic=topic)
    w = Writer(server, db, keys, seconds=12)
    w.start()
    time.sleep(3)
    kafka.kill()
    time.sleep(6)
    assert c.current.proc.poll() is None, c.describe()
    kafka.restart()
    w.join()
    assert w.error is None, w.error
    total = sum(w.v.values())

    def complete():
        got = updates_by_key(c.records(topic))
        return got if sum(len(v) for v in got.values()) >= total else None
    got = c.wait_for(complete, lambda: f"{total} updates in {topic}", timeout=120)
    for k, vs in got.items():
        assert vs == list(range(1, w.v[k] + 1)), (k, vs[:20], w.v[k])
    # The outage was reported, not silent.
    assert "Kafka" in "\n".join(c.current.warning_lines()), c.describe()


def test_kill_9_under_load_delivers_every_change_at_least_once(server, db, connector, kafka):
    keys = 30
    create_keyed_table(server, db, keys)
    c = connector(db, sink="kafka", kafka=kafka)
    topic = c.topic(db, "t")
    kafka.create_topic(topic, partitions=3)
    c.start()
    c.wait_for_records(keys, topic=topic)
    w = Writer(server, db, keys, seconds=10)
    w.start()
    kill_and_restart(c, seed=5)
    w.join()
    assert w.error is None, w.error
    total = sum(w.v.values())

    def complete():
        got = updates_by_key(c.records(topic))
        return got if all(set(got.get(k, [])) >= set(range(1, w.v[k] + 1))
                          for k in w.v) else None
    got = c.wait_for(complete, lambda: f"all {total} updates in {topic}", timeout=120)
    # Repeats after a restart replay a suffix: the last value of every key is its final value.
    for k, vs in got.items():
        assert vs[-1] == w.v[k], (k, vs[-5:], w.v[k])


def test_tls_to_the_broker_with_a_worker_file(server, db, connector, kafka):
    server.sql("CREATE TABLE s (id INT PRIMARY KEY)", db=db)
    c = connector(db, sink="kafka", kafka=kafka, worker={
        "bootstrap.servers": kafka.ssl_bootstrap,
        "producer.security.protocol": "SSL",
        "producer.ssl.truststore.type": "PEM",
        "producer.ssl.truststore.location": kafka.ca,
    })
    c.start()
    c.wait_for_stderr("streaming from")
    server.sql("INSERT INTO s VALUES (1), (2);", db=db)
    assert [r["key"] for r in c.wait_for_records(2, topic=c.topic(db, "s"))] == \
        [{"id": 1}, {"id": 2}]


@pytest.mark.parametrize("codec", ["zstd", "lz4"])
def test_compression_is_passed_through_to_the_producer(server, db, connector, kafka, codec):
    """producer.override.compression.type reaches librdkafka: the broker's log segment holds
    batches in that codec (DumpLogSegments), and consumers read the records as usual."""
    server.sql("CREATE TABLE z (id INT PRIMARY KEY, t TEXT)", db=db)
    c = connector(db, {"producer.override.compression.type": codec}, sink="kafka", kafka=kafka)
    c.start()
    c.wait_for_stderr("streaming from")
    server.sql("INSERT INTO z SELECT seq, REPEAT('x', 200) FROM seq_1_to_50;", db=db)
    records = c.wait_for_records(50, topic=c.topic(db, "z"))
    assert sorted(r["key"]["id"] for r in records) == list(range(1, 51))
    segment = Path(kafka.env["KAFKA_DIR"]) / "data" / f"{c.topic(db, 'z')}-0" / \
        "00000000000000000000.log"
    dump = kafka.java("kafka.tools.DumpLogSegments", "--files", str(segment))
    codecs = set(re.findall(r"compresscodec: (\w+)", dump))
    assert {x.lower() for x in codecs} == {codec}, dump[-2000:]


def sasl_worker(kafka, password: str) -> dict[str, str]:
    jaas = ("org.apache.kafka.common.security.plain.PlainLoginModule required "
            f'username="{kafka.sasl_user}" password="{password}";')
    return {"bootstrap.servers": kafka.sasl_bootstrap, "security.protocol": "SASL_PLAINTEXT",
            "sasl.mechanism": "PLAIN", "sasl.jaas.config": jaas}


def test_sasl_plain_with_a_worker_file(server, db, connector, kafka):
    server.sql("CREATE TABLE s (id INT PRIMARY KEY)", db=db)
    c = connector(db, sink="kafka", kafka=kafka, worker=sasl_worker(kafka, kafka.sasl_password))
    c.start()
    c.wait_for_stderr("streaming from")
    server.sql("INSERT INTO s VALUES (1), (2);", db=db)
    assert [r["key"] for r in c.wait_for_records(2, topic=c.topic(db, "s"))] == \
        [{"id": 1}, {"id": 2}]
    assert kafka.sasl_password not in c.current.stderr()


def test_sasl_with_a_wrong_password_says_so(server, db, connector, kafka):
    server.sql("CREATE TABLE s (id INT PRIMARY KEY); INSERT INTO s VALUES (1);", db=db)
    c = connector(db, sink="kafka", kafka=kafka, worker=sasl_worker(kafka, "not-the-password"))
    c.start()
    line = c.wait_for_stderr(r"Kafka: .*(SASL|[Aa]uthentication)", timeout=60)
    assert "not-the-password" not in line


def test_tls_with_an_untrusted_broker_certificate_says_so(server, db, connector, kafka,
                                                            tmp_path):
    # The MariaDB server's CA did not sign the broker's certificate.
    c = connector(db, sink="kafka", kafka=kafka, worker={
        "bootstrap.servers": kafka.ssl_bootstrap,
        "producer.security.protocol": "SSL",
        "producer.ssl.truststore.type": "PEM",
        "producer.ssl.truststore.location": str(server.tls_dir / "ca.pem"),
    })
    server.sql("CREATE TABLE s (id INT PRIMARY KEY); INSERT INTO s VALUES (1);", db=db)
    c.start()
    line = c.wait_for_stderr(r"Kafka: .*(certificate|SSL|handshake)", timeout=60)
    assert "records wait" in line


@pytest.mark.parametrize("setting, value, message", [
    ("producer.override.acks", "banana", "acks"),
    ("producer.override.ssl.truststore.location", "/x.jks", "JKS"),
])
def test_bad_producer_settings_are_clear_errors(server, db, connector, kafka, setting, value,
                                                message):
    c = connector(db, {setting: value}, sink="kafka", kafka=kafka)
    run = c.start()
    assert run.proc.wait(timeout=60) == 2, c.describe()
    assert message in "\n".join(run.error_lines()), c.describe()


def test_offsets_in_a_kafka_topic_use_kafka_connects_format_both_ways(server, db, connector,
                                                                       kafka):
    from confluent_kafka import Producer
    offsets = f"offsets-{db}"
    server.sql("CREATE TABLE t (id INT PRIMARY KEY)", db=db)
    worker = {"bootstrap.servers": kafka.bootstrap, "offset.storage.topic": offsets,
              "offset.storage.replication.factor": "1", "offset.storage.partitions": "5"}
    c = connector(db, {"offset.flush.interval.ms": "300"}, sink="kafka", kafka=kafka,
                  worker=worker)
    topic = c.topic(db, "t")
    c.start()
    c.wait_for_stderr("streaming from")
    server.sql("INSERT INTO t VALUES (1); INSERT INTO t VALUES (2);", db=db)
    c.wait_for_records(2, topic=topic)
    assert c.current.terminate() == 0, c.describe()

    # What Kafka Connect would read: key [name, {"server": prefix}] on murmur2's partition,
    # value Debezium's offset; the topic is compacted.
    key = [c.name, {"server": c.prefix}]
    mine = [r for r in kafka.read([offsets]) if r["key"] == key]
    assert mine, kafka.read([offsets])
    assert {r["partition"] for r in mine} == {java_partition(mine[0]["raw_key"], 5)}
    last = mine[-1]["value"]
    assert last["file"].startswith("binlog.") and last["pos"] > 0 and last["gtids"], last
    assert kafka.partitions(offsets) == 5
    from confluent_kafka.admin import ConfigResource
    res = ConfigResource("topic", offsets)
    cfg = kafka.admin().describe_configs([res])[res].result(timeout=30)
    assert cfg["cleanup.policy"].value == "compact"

    # An offset written the way Kafka Connect writes it is resumed from: after row 3.
    server.sql("INSERT INTO t VALUES (3);", db=db)
    file, pos = server.sql("SHOW MASTER STATUS")[0][:2]
    gtids = server.sql("SELECT @@gtid_binlog_pos")[0][0]
    server.sql("INSERT INTO t VALUES (4);", db=db)
    p = Producer({"bootstrap.servers": kafka.bootstrap})
    raw_key = json.dumps(key, separators=(",", ":")).encode()
    p.produce(offsets, key=raw_key, partition=java_partition(raw_key, 5),
              value=json.dumps({"ts_sec": int(time.time()), "file": file, "pos": int(pos),
                                "gtids": gtids, "server_id": 1}).encode())
    assert p.flush(30) == 0
    c.start()
    records = c.wait_for_record(lambda r: r["key"] == {"id": 4}, "row 4", topic=topic)
    assert [r["key"]["id"] for r in records] == [1, 2, 4], c.describe()
    assert "resuming from stored offset" in c.current.stderr()


def test_a_deleting_offset_topic_is_refused(server, db, connector, kafka):
    offsets = f"offsets-del-{db}"
    kafka.create_topic(offsets, partitions=1, config={"cleanup.policy": "delete"})
    c = connector(db, sink="kafka", kafka=kafka, worker={
        "bootstrap.servers": kafka.bootstrap, "offset.storage.topic": offsets})
    run = c.start()
    assert run.proc.wait(timeout=60) != 0
    assert "cleanup.policy=compact" in "\n".join(run.error_lines()), c.describe()


def test_the_schema_history_in_kafka_is_debeziums_and_survives_restarts(server, db, connector,
                                                                       kafka):
    history = f"history-{db}"
    server.sql("CREATE TABLE h (id INT PRIMARY KEY, a INT)", db=db)
    c = connector(db, {"database.history.kafka.topic": history,
                       "database.history.kafka.bootstrap.servers": kafka.bootstrap},
                  sink="kafka", kafka=kafka)
    topic = c.topic(db, "h")
    c.start()
    c.wait_for_stderr("streaming from")
    server.sql("ALTER TABLE h ADD COLUMN b VARCHAR(5); INSERT INTO h VALUES (1, 2, 'x');", db=db)
    c.wait_for_records(1, topic=topic)
    assert c.current.terminate() == 0, c.describe()
    assert not (c.data_dir / "schema-history").exists()

    # One partition that keeps everything, records in Debezium's history format.
    from confluent_kafka.admin import ConfigResource
    res = ConfigResource("topic", history)
    cfg = kafka.admin().describe_configs([res])[res].result(timeout=30)
    assert kafka.partitions(history) == 1
    assert (cfg["cleanup.policy"].value, cfg["retention.ms"].value) == ("delete", "-1")
    records = kafka.read([history])
    assert all(r["raw_key"] is None and r["partition"] == 0 for r in records)
    ddl = [r["value"] for r in records if "ALTER TABLE" in r["value"]["ddl"]]
    assert ddl and ddl[0]["source"] == {"server": c.prefix}, records
    assert ddl[0]["position"]["file"].startswith("binlog.") and ddl[0]["databaseName"] == db

    # The restart recovers the schemas from the topic: the new column is known.
    c.start()
    c.wait_for_stderr(f"recovered the schemas .* schema history records \\(topic {history}\\)")
    server.sql("INSERT INTO h VALUES (2, 3, 'y');", db=db)
    rows = c.wait_for_record(lambda r: r["key"] == {"id": 2}, "row 2", topic=topic)
    assert rows[-1]["value"]["after"] == {"id": 2, "a": 3, "b": "y"}


@pytest.mark.parametrize("partitions, config, problem", [
    (3, {}, "3 partitions"),
    (1, {"cleanup.policy": "compact"}, "cleanup.policy"),
    (1, {"retention.ms": "604800000"}, "retention.ms"),
])
def test_a_history_topic_that_could_lose_records_is_refused(server, db, connector, kafka,
                                                            partitions, config, problem):
    history = f"history-bad-{partitions}-{len(config)}-{db}"
    kafka.create_topic(history, partitions=partitions, config=config)
    c = connector(db, {"schema.history.internal.kafka.topic": history,
                       "schema.history.internal.kafka.bootstrap.servers": kafka.bootstrap})
    run = c.start()
    assert run.proc.wait(timeout=60) != 0
    errors = "\n".join(run.error_lines())
    assert problem in errors and history in errors, c.describe()


def test_topics_are_created_as_topic_creation_says(server, db, connector, kafka):
    server.sql("CREATE TABLE small (id INT PRIMARY KEY); CREATE TABLE big (id INT PRIMARY KEY);",
               db=db)
    c = connector(db, {
        "topic.creation.groups": "large",
        "topic.creation.default.partitions": "2",
        "topic.creation.default.replication.factor": "1",
        "topic.creation.large.include": r".*\.big",
        "topic.creation.large.partitions": "5",
        "topic.creation.large.retention.ms": "86400000",
    }, sink="kafka", kafka=kafka)
    c.start()
    c.wait_for_stderr("streaming from")
    server.sql("INSERT INTO small VALUES (1); INSERT INTO big VALUES (1);", db=db)
    c.wait_for_records(1, topic=c.topic(db, "big"))
    from confluent_kafka.admin import ConfigResource

    def configs(topic):
        res = ConfigResource("topic", topic)
        return kafka.admin().describe_configs([res])[res].result(timeout=30)
    small, big = c.topic(db, "small"), c.topic(db, "big")
    assert (kafka.partitions(small), kafka.partitions(big)) == (2, 5)
    assert configs(small)["cleanup.policy"].value == "compact"
    assert configs(big)["cleanup.policy"].value == "compact"
    assert configs(big)["retention.ms"].value == "86400000"
    assert f"created topic {big} (topic.creation group large" in c.current.stderr()


def test_topics_check_names_misconfigured_topics(server, db, connector, kafka, rowcast_bin):
    history, offsets = f"check-history-{db}", f"check-offsets-{db}"
    kafka.create_topic(history, partitions=2)
    kafka.create_topic(offsets, partitions=1, config={"cleanup.policy": "delete"})
    c = connector(db, {"schema.history.internal.kafka.topic": history,
                       "topic.creation.default.partitions": "3",
                       "topic.creation.default.replication.factor": "1"}, prefix=f"chk_{db}")
    kafka.create_topic(c.topic(db, "t"), partitions=4)
    kafka.create_topic(c.topic(db, "u"), partitions=3, config={"cleanup.policy": "compact"})
    c.config_path.write_text(json.dumps(c.config))
    worker = c.workdir / "worker.properties"
    worker.write_text(f"bootstrap.servers={kafka.bootstrap}\noffset.storage.topic={offsets}\n")
    out = subprocess.run([str(rowcast_bin), "topics", "check", str(c.config_path),
                          "--worker", str(worker)], capture_output=True, text=True, timeout=120)
    assert out.returncode == 1, out.stdout + out.stderr
    lines = {line.split()[1]: line for line in out.stdout.splitlines() if line.count(" ") > 2}
    assert lines[history].startswith("PROBLEM") and "2 partitions" in lines[history]
    assert lines[offsets].startswith("PROBLEM") and "cleanup.policy=compact" in lines[offsets]
    assert lines[c.topic(db, "t")].startswith("PROBLEM") and "says 3 partitions" in \
        lines[c.topic(db, "t")]
    assert lines[c.topic(db, "u")].startswith("ok"), out.stdout
    assert "4 topic(s) checked, 3 problem(s)" in out.stdout


def test_exactly_once_a_read_committed_consumer_sees_every_change_once(server, db, connector,
                                                                        kafka):
    keys = 30
    create_keyed_table(server, db, keys)
    offsets = f"eos-offsets-{db}"
    c = connector(db, {"exactly.once.support": "required"}, sink="kafka", kafka=kafka, worker={
        "bootstrap.servers": kafka.bootstrap, "offset.storage.topic": offsets,
        "offset.storage.replication.factor": "1", "offset.storage.partitions": "1"})
    topic = c.topic(db, "t")
    kafka.create_topic(topic, partitions=3)

    def committed():
        return kafka.read([topic], isolation="read_committed")
    c.start()
    c.wait_for(lambda: len(kafka.read([topic])) >= keys, f"{keys} inserts")
    w = Writer(server, db, keys, seconds=10)
    w.start()
    kill_and_restart(c, seed=9)
    w.join()
    assert w.error is None, w.error
    total = sum(w.v.values())

    def caught_up():  # every update is in the log (committed or not)
        got = updates_by_key(kafka.read([topic]))
        return all(w.v[k] in got.get(k, []) for k in w.v)
    c.wait_for(caught_up, lambda: f"all {total} updates in {topic}", timeout=120)
    time.sleep(1.5)
    assert c.current.terminate() == 0, c.describe()  # commits the open transaction
    got = updates_by_key(committed())
    for k in w.v:
        assert got.get(k) == list(range(1, w.v[k] + 1)), (k, got.get(k, [])[:10], w.v[k])
