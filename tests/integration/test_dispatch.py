"""`rowcast dispatch`: Kafka topics → an HTTP function, as Knative's KafkaSource does
(/work/shared/reference/knative-cloudevents.md §6.5, §10.5, §11 and the cases of §12 D and E).

Records are produced by a real Kafka client (confluent-kafka, transactional where the test is
about transactions) into the session's broker; the function is the scriptable receiver of
function_sink.py; events are parsed with the official `cloudevents` SDK. Committed offsets are
read back from the broker.
"""

from __future__ import annotations

import base64
import json
import os
import signal
import struct
import threading
import time
import uuid
from pathlib import Path

import pytest
from confluent_kafka import Consumer, Producer, TopicPartition

from function_sink import Reply, Request, fn_sink, server_tls  # noqa: F401 - fixture
from rowcast_harness import TIMEOUT, Polling, RowcastRun


class Dispatch(Polling):
    """`rowcast dispatch` processes of one consumer group, started and stopped by a test."""
    exit_label = "rowcast dispatch"

    def __init__(self, rowcast_bin: Path, workdir: Path, kafka, topics: list[str], group: str,
                 sink: str | None, props: dict[str, str] | None = None):
        self.bin, self.workdir, self.kafka = rowcast_bin, workdir, kafka
        self.topics, self.group, self.sink = topics, group, sink
        self.props = {"initial.offset": "earliest", "commit.interval.ms": "200",
                      "delivery.backoff.delay": "PT0.05S", "delivery.backoff.max": "PT0.5S",
                      "source.name": "orders-source", "source.namespace": "shop"}
        self.props.update(props or {})
        self.runs: list[RowcastRun] = []

    @property
    def current(self) -> RowcastRun:
        return self.runs[-1]

    def start(self, **extra: str) -> RowcastRun:
        argv = [str(self.bin), "dispatch", "--bootstrap-servers", self.kafka.bootstrap,
                "--topics", ",".join(self.topics), "--group", self.group]
        if self.sink is not None:
            argv += ["--sink", self.sink]
        for k, v in {**self.props, **extra}.items():
            argv += ["--set", f"{k}={v}"]
        run = RowcastRun(argv, self.workdir, len(self.runs))
        self.runs.append(run)
        return run

    def wait_assigned(self, run: RowcastRun | None = None) -> None:
        run = run or self.current
        self.wait_for(lambda: "assigned" in run.stderr(), "a partition assignment")

    def stop_all(self) -> None:
        for r in self.runs:
            if not r.exited():
                r.terminate()

    def committed(self) -> dict[tuple[str, int], int]:
        """The group's committed offsets (-1001: none)."""
        c = Consumer({"bootstrap.servers": self.kafka.bootstrap, "group.id": self.group,
                      "enable.auto.commit": False})
        try:
            tps = [TopicPartition(t, p) for t in self.topics
                   for p in range(self.kafka.partitions(t))]
            return {(tp.topic, tp.partition): tp.offset
                    for tp in c.committed(tps, timeout=30)}
        finally:
            c.close()


@pytest.fixture
def dispatch(kafka, rowcast_bin, tmp_path):
    made: list[Dispatch] = []

    def make(topics: list[str], sink: str | None, props: dict | None = None,
             group: str | None = None) -> Dispatch:
        d = Dispatch(rowcast_bin, tmp_path, kafka, topics, group or f"g-{uuid.uuid4().hex[:8]}",
                     sink, props)
        made.append(d)
        return d

    yield make
    for d in made:
        for r in d.runs:
            r.kill()


def topic(kafka, partitions: int = 1) -> str:
    name = f"dispatch-{uuid.uuid4().hex[:10]}"
    kafka.create_topic(name, partitions)
    return name


def produce(kafka, records: list[dict]) -> list[tuple[int, int]]:
    """Produces records ({topic, value, key?, headers?, partition?}); returns (partition,
    offset) of each, in order."""
    p = Producer({"bootstrap.servers": kafka.bootstrap, "linger.ms": 0})
    where: list[tuple[int, int]] = [(-1, -1)] * len(records)

    def on_delivery(i):
        def cb(err, msg):
            assert err is None, err
            where[i] = (msg.partition(), msg.offset())
        return cb

    for i, r in enumerate(records):
        kw = {k: r[k] for k in ("key", "headers", "partition", "timestamp") if k in r}
        p.produce(r["topic"], r.get("value"), on_delivery=on_delivery(i), **kw)
    assert p.flush(30) == 0
    return where


def wait_until(d: Dispatch, cond, what: str, timeout: float = TIMEOUT):
    return d.wait_for(cond, what, timeout)


def end_offsets(kafka, t: str) -> dict[tuple[str, int], int]:
    c = Consumer({"bootstrap.servers": kafka.bootstrap, "group.id": "probe"})
    try:
        return {(t, p): c.get_watermark_offsets(TopicPartition(t, p), timeout=30)[1]
                for p in range(kafka.partitions(t))}
    finally:
        c.close()


# ---- §12 D: what KafkaSource synthesises for records that are not CloudEvents


def test_plain_records_get_kafkasource_attributes(kafka, dispatch, fn_sink, monkeypatch):
    t = topic(kafka)
    fn = fn_sink()
    monkeypatch.setenv("K_SINK", fn.url)  # F5: K_SINK and K_CE_OVERRIDES as a SinkBinding sets
    monkeypatch.setenv("K_CE_OVERRIDES", '{"extensions":{"team":"billing","knativekafkaoffset":"x"}}')
    ts = 1700000000123
    where = produce(kafka, [
        {"topic": t, "key": b"0", "value": b'{"value":5}', "timestamp": ts,
         "headers": [("content-type", b"application/json")]},
        {"topic": t, "value": b"no content type", "timestamp": ts},
        {"topic": t, "key": b"k", "value": b"plain", "timestamp": ts,
         "headers": [("Content-Type", b"Text/Plain"), ("X-Trace_Id", b"v")]},
    ])
    d = dispatch([t], sink=None)
    d.start()
    wait_until(d, lambda: len(fn.ok()) == 3, "3 events")
    events = [r.event for r in fn.ok()]
    for (p, o), e, r in zip(where, events, fn.ok()):
        assert e["specversion"] == "1.0"
        assert e["type"] == "dev.knative.kafka.event"
        assert e["source"] == f"/apis/v1/namespaces/shop/kafkasources/orders-source#{t}"
        assert e["id"] == f"partition:{p}/offset:{o}"
        assert e["subject"] == f"partition:{p}#{o}"
        assert e["time"] == "2023-11-14T22:13:20.123Z"
        assert e["knativekafkapartition"] == str(p)
        # the override replaces what the dispatcher set
        assert e["team"] == "billing" and e["knativekafkaoffset"] == "x"
        assert r.headers["prefer"] == "reply" and r.headers["kn-namespace"] == "shop"
        assert "ce-datacontenttype" not in r.headers
    first, second, third = events
    # D1
    assert first["key"] == "0" and first["partitionkey"] == "0"
    assert first["datacontenttype"] == "application/json"
    assert fn.ok()[0].body == b'{"value":5}'
    # D2: no content-type header, no datacontenttype; null key, no key extensions
    assert "datacontenttype" not in second.get_attributes()
    assert "key" not in second.get_attributes() and "partitionkey" not in second.get_attributes()
    assert fn.ok()[1].body == b"no content type"
    # D2/D3: the content type lower-cased, other headers as kafkaheader<name>
    assert third["datacontenttype"] == "text/plain"
    assert third["kafkaheaderxtraceid"] == "v"
    d.wait_for(lambda: d.committed()[(t, 0)] == 3, "offset 3 committed")


def test_key_types(kafka, dispatch, fn_sink):
    t = topic(kafka)
    fn = fn_sink()
    produce(kafka, [{"topic": t, "key": struct.pack(">i", -42), "value": b"1"},
                    {"topic": t, "key": b"abcdefgh", "value": b"2"}])
    d = dispatch([t], fn.url, {"key.type": "int"})
    d.start()
    wait_until(d, lambda: len(fn.ok()) == 2, "2 events")
    assert [r.headers["ce-key"] for r in fn.ok()] == ["-42", "abcdefgh"]  # D4: 8 bytes → string
    d.stop_all()
    fn2 = fn_sink()
    d2 = dispatch([t], fn2.url, {"key.type": "byte-array"})
    d2.start()
    wait_until(d2, lambda: len(fn2.ok()) == 2, "2 events")
    assert fn2.ok()[1].headers["ce-key"] == base64.b64encode(b"abcdefgh").decode()


def test_cloudevent_records_are_forwarded(kafka, dispatch, fn_sink):
    t = topic(kafka)
    fn = fn_sink()
    structured = {"specversion": "1.0", "id": "s-1", "source": "/s", "type": "t.structured",
                  "datacontenttype": "application/json", "data": {"a": 1}, "team": "x"}
    produce(kafka, [
        {"topic": t, "key": b"1", "value": b'{"a":2}',
         "headers": [("ce_specversion", b"1.0"), ("ce_id", b"b-1"), ("ce_source", b"/b"),
                     ("ce_type", b"t.binary"), ("ce_subject", "caf\u00e9 1".encode()),
                     ("content-type", b"application/json")]},
        {"topic": t, "value": json.dumps(structured).encode(),
         "headers": [("content-type", b"application/cloudevents+json; charset=UTF-8")]},
        # No content-type header: not recognised as a CloudEvent (§6.13.1), wrapped.
        {"topic": t, "value": json.dumps(structured).encode()},
    ])
    d = dispatch([t], fn.url, {"ce.overrides": '{"extensions":{"team":"billing"}}'})
    d.start()
    wait_until(d, lambda: len(fn.ok()) == 3, "3 events")
    binary, struct_ev, wrapped = [r.event for r in fn.ok()]
    assert (binary["id"], binary["type"]) == ("b-1", "t.binary")
    # Percent-encoded on the wire (the SDK does not decode, §3.5).
    assert fn.ok()[0].headers["ce-subject"] == "caf%C3%A9%201"
    assert binary.data == {"a": 2}
    assert (struct_ev["id"], struct_ev["type"], struct_ev.data) == ("s-1", "t.structured", {"a": 1})
    assert struct_ev["team"] == "billing"  # D5: overrides replace existing extensions
    for e, o in zip((binary, struct_ev, wrapped), range(3)):
        assert e["knativekafkapartition"] == "0" and e["knativekafkaoffset"] == str(o)
    assert wrapped["type"] == "dev.knative.kafka.event"


# ---- §12 E: delivery


def test_tombstones_are_skipped_and_transactions_committed_to_the_end(kafka, dispatch, fn_sink):
    t = topic(kafka)
    fn = fn_sink()
    produce(kafka, [{"topic": t, "key": b"1", "value": b"a"}, {"topic": t, "key": b"1"}])
    txp = Producer({"bootstrap.servers": kafka.bootstrap, "transactional.id": f"tx-{t}"})
    txp.init_transactions(30)
    txp.begin_transaction()
    txp.produce(t, b"aborted", key=b"2")
    txp.flush(30)
    txp.abort_transaction(30)
    txp.begin_transaction()
    txp.produce(t, b"committed-1", key=b"3")
    txp.produce(t, b"committed-2", key=b"3")
    txp.commit_transaction(30)
    d = dispatch([t], fn.url)
    d.start()
    wait_until(d, lambda: len(fn.ok()) == 3, "3 events")
    assert [r.body for r in fn.ok()] == [b"a", b"committed-1", b"committed-2"]
    # E12/E13: the tombstone and the transaction markers are passed; lag reaches 0.
    end = end_offsets(kafka, t)[(t, 0)]
    d.wait_for(lambda: d.committed()[(t, 0)] == end, f"offset {end} committed (lag 0)")
    d.current.terminate()
    assert "1 skipped" in d.current.stderr()


def test_ordered_partition_waits_while_others_flow(kafka, dispatch, fn_sink):
    t = topic(kafka, partitions=2)
    fn = fn_sink()
    gate = threading.Event()

    def behave(r: Request) -> Reply:
        body = r.body.decode()
        if body.startswith("p0-") and not gate.is_set():
            return Reply(503)  # partition 0's first record is retried until the gate opens
        return Reply(200)

    fn.behave(behave)
    produce(kafka, [{"topic": t, "partition": p, "value": f"p{p}-{i}".encode()}
                    for i in range(5) for p in (0, 1)])
    d = dispatch([t], fn.url)
    d.start()
    wait_until(d, lambda: len([r for r in fn.ok() if r.body.startswith(b"p1-")]) == 5,
               "partition 1 delivered while partition 0 retries")
    assert not [r for r in fn.all() if r.body.startswith(b"p0-") and r.body != b"p0-0"], \
        "partition 0's next record was sent before its first one was done"
    time.sleep(0.5)
    committed = d.committed()
    assert committed[(t, 1)] == 5 and committed[(t, 0)] <= 0
    gate.set()
    wait_until(d, lambda: len(fn.ok()) == 10, "all 10 events")
    assert [r.body.decode() for r in fn.ok() if r.body.startswith(b"p0-")] == \
        [f"p0-{i}" for i in range(5)]
    d.wait_for(lambda: d.committed() == {(t, 0): 5, (t, 1): 5}, "every offset committed")


def test_unordered_bounds_requests_in_flight(kafka, dispatch, fn_sink):
    t = topic(kafka)
    fn = fn_sink()
    lock = threading.Lock()
    state = {"now": 0, "max": 0}

    def behave(r: Request) -> Reply:
        with lock:
            state["now"] += 1
            state["max"] = max(state["max"], state["now"])
        time.sleep(0.1)
        with lock:
            state["now"] -= 1
        return Reply(200)

    fn.behave(behave)
    produce(kafka, [{"topic": t, "value": str(i).encode()} for i in range(40)])
    d = dispatch([t], fn.url, {"ordering": "unordered", "max.in.flight": "4"})
    d.start()
    wait_until(d, lambda: len(fn.ok()) == 40, "40 events")
    assert 1 < state["max"] <= 4, state
    d.wait_for(lambda: d.committed()[(t, 0)] == 40, "offset 40 committed")


def test_final_status_blocks_only_its_partition_until_the_function_recovers(
        kafka, dispatch, fn_sink):
    t = topic(kafka, partitions=2)
    fn = fn_sink()
    healthy = threading.Event()
    fn.behave(lambda r: Reply(200) if healthy.is_set() or r.body.startswith(b"p1") else
              Reply(400, body=b"bad"))
    produce(kafka, [{"topic": t, "partition": p, "value": f"p{p}-{i}".encode()}
                    for i in range(3) for p in (0, 1)])
    d = dispatch([t], fn.url, {"delivery.retry": "1"})
    d.start()
    d.wait_for(lambda: d.committed().get((t, 1)) == 3, "partition 1 committed")
    d.wait_for_stderr("blocking")
    assert d.committed()[(t, 0)] <= 0, "a refused event's offset must not be committed"
    healthy.set()
    d.wait_for(lambda: d.committed().get((t, 0)) == 3, "partition 0 committed after recovery")
    assert [r.body for r in fn.ok() if r.body.startswith(b"p0")] == [b"p0-0", b"p0-1", b"p0-2"]


def test_dead_letter_sink_and_drop(kafka, dispatch, fn_sink):
    t = topic(kafka)
    fn, dls = fn_sink(), fn_sink()
    fn.behave(lambda r: Reply(400 if r.body == b"bad" else 200, headers={"kne-foo": "bar"},
                              body=b"nope"))
    produce(kafka, [{"topic": t, "value": v} for v in (b"ok-1", b"bad", b"ok-2")])
    d = dispatch([t], fn.url, {"delivery.dead.letter.url": dls.url})
    d.start()
    wait_until(d, lambda: len(dls.ok()) == 1 and len(fn.ok()) == 2, "2 delivered, 1 dead-lettered")
    e = dls.ok()[0].event
    assert e["knativeerrordest"] == fn.url and e["knativeerrorcode"] == "400"
    assert base64.b64decode(e["knativeerrordata"]) == b"nope" and e["foo"] == "bar"
    assert e["knativekafkaoffset"] == "1"
    d.wait_for(lambda: d.committed()[(t, 0)] == 3, "offset 3 committed")
    d.stop_all()

    # E8 drop: the dead-letter sink down too, drop explicit → skipped, logged, committed.
    t2 = topic(kafka)
    fn2 = fn_sink()
    fn2.behave(lambda r: Reply(500))
    produce(kafka, [{"topic": t2, "value": b"x"}])
    d2 = dispatch([t2], fn2.url, {"delivery.retry": "1", "delivery.on.dead.letter.failure": "drop",
                                  "delivery.dead.letter.url": fn2.url.replace("/fn", "/dls")})
    d2.start()
    d2.wait_for(lambda: d2.committed()[(t2, 0)] == 1, "the dropped event's offset committed")
    assert "dropped CloudEvent id partition:0/offset:0" in d2.current.stderr()


def test_kill_9_then_restart_delivers_everything(kafka, dispatch, fn_sink):
    t = topic(kafka, partitions=2)
    fn = fn_sink()
    fn.behave(lambda r: Reply(200, delay=0.01))
    n = 300
    produce(kafka, [{"topic": t, "key": str(i).encode(), "value": f"v{i}".encode()}
                    for i in range(n)])
    # The killed member stays in the group until its session times out (6 s, the broker's
    # minimum); only then are its partitions assigned again.
    d = dispatch([t], fn.url, {"session.timeout.ms": "6000"})
    d.start()
    wait_until(d, lambda: len(fn.ok()) >= 100, "100 events")
    d.current.kill()
    d.start()
    wait_until(d, lambda: {r.body for r in fn.ok()} == {f"v{i}".encode() for i in range(n)},
               f"all {n} events after the restart", timeout=TIMEOUT + 10)
    by_body: dict[bytes, set[str]] = {}
    for r in fn.ok():
        by_body.setdefault(r.body, set()).add(r.ce_id)
    assert all(len(ids) == 1 for ids in by_body.values()), "a duplicate has a different id"


def test_second_dispatcher_joining_loses_nothing(kafka, dispatch, fn_sink):
    t = topic(kafka, partitions=4)
    fn = fn_sink()
    fn.behave(lambda r: Reply(200, delay=0.005))
    d = dispatch([t], fn.url)
    a = d.start()
    d.wait_assigned(a)
    produce(kafka, [{"topic": t, "key": str(i).encode(), "value": f"a{i}".encode()}
                    for i in range(200)])
    b = d.start()
    produce(kafka, [{"topic": t, "key": str(i).encode(), "value": f"b{i}".encode()}
                    for i in range(200)])
    wait_until(d, lambda: len({r.body for r in fn.ok()}) == 400, "all 400 events")
    d.wait_for(lambda: "assigned" in b.stderr(), "the second dispatcher's assignment")
    d.wait_for(lambda: sum(v for v in d.committed().values()) == 400, "every offset committed")
    assert not a.exited() and not b.exited()


def test_sigterm_drains_the_request_in_flight_and_commits(kafka, dispatch, fn_sink):
    t = topic(kafka)
    fn = fn_sink()
    fn.behave(lambda r: Reply(200, delay=2.0 if r.body == b"slow" else 0))
    produce(kafka, [{"topic": t, "value": b"fast"}, {"topic": t, "value": b"slow"}])
    d = dispatch([t], fn.url, {"commit.interval.ms": "60000"})
    run = d.start()
    wait_until(d, lambda: any(r.body == b"slow" for r in fn.requests), "the slow request")
    assert run.terminate() == 0
    assert [r.body for r in fn.ok()] == [b"fast", b"slow"]
    assert d.committed()[(t, 0)] == 2


def test_https_sink_with_k_ca_certs_and_a_bearer_token(kafka, dispatch, fn_sink, tmp_path,
                                                      monkeypatch):
    tls, ca = server_tls(tmp_path)
    fn = fn_sink(tls)
    token = tmp_path / "token"
    token.write_text("tok-1\n")
    monkeypatch.setenv("K_CA_CERTS", ca.read_text())  # F4: the PEM text, as a SinkBinding sets it
    t = topic(kafka)
    produce(kafka, [{"topic": t, "value": b"1"}])
    d = dispatch([t], fn.url, {"delivery.bearer.token.file": str(token)})
    d.start()
    wait_until(d, lambda: fn.ok(), "an event over https")
    assert fn.ok()[0].headers["authorization"] == "Bearer tok-1"  # F1
    d.stop_all()
    # Without the CA the sink's certificate is not trusted: a transport failure, retried.
    monkeypatch.delenv("K_CA_CERTS")
    produce(kafka, [{"topic": t, "value": b"2"}])
    d.start()
    d.wait_for_stderr("retry 1 of")
    assert len(fn.ok()) == 1


def test_bad_configuration_is_explained(kafka, dispatch, fn_sink):
    t = topic(kafka)
    d = dispatch([t], "ftp://nowhere")
    run = d.start()
    assert run.wait() == 2
    assert "is not an http:// or https:// URL" in run.stderr()
    d2 = dispatch([t], fn_sink().url, {"delivery.retyr": "3"})
    run = d2.start()
    assert run.wait() == 2
    assert "unknown dispatch property delivery.retyr" in run.stderr()


# ---- the whole pipeline: MariaDB → rowcast → Kafka (CloudEvents headers) → dispatch → function


def test_row_change_arrives_as_the_debezium_cloudevent_through_kafka(
        server, db, connector, kafka, dispatch, fn_sink):
    server.sql("CREATE TABLE customers (id INT PRIMARY KEY, name VARCHAR(20))", db=db)
    c = connector(db, {"rowcast.kafka.cloudevents": "binary", "tombstones.on.delete": "true"},
                  sink="kafka", kafka=kafka)
    t = c.topic(db, "customers")
    kafka.create_topic(t, partitions=1)
    c.start()
    c.wait_for_stderr("streaming from")
    server.sql("INSERT INTO customers VALUES (1, 'Ann'), (2, 'Bob');"
               "UPDATE customers SET name = 'Anne' WHERE id = 1;"
               "DELETE FROM customers WHERE id = 2", db=db)
    records = c.wait_for_records(5, topic=t)  # 2 inserts, 1 update, 1 delete, 1 tombstone

    # C1: lower-case ce_* headers beside the unchanged Debezium key and value.
    first = records[0]
    headers = {k: v.decode() for k, v in first["headers"]}
    assert headers["ce_specversion"] == "1.0"
    assert headers["ce_type"] == "io.debezium.connector.mysql.DataChangeEvent"
    assert headers["ce_source"] == f"/debezium/mysql/{c.prefix}"
    assert headers["ce_subject"] == f"{db}.customers"
    assert headers["ce_id"].endswith(";row:0") and headers["ce_iodebeziumop"] == "c"
    assert headers["content-type"] == "application/json"
    assert first["value"]["after"]["name"] == "Ann"
    assert records[-1]["value"] is None and not records[-1]["headers"]  # tombstone: none
    ids = [dict(r["headers"])["ce_id"] for r in records[:4]]
    assert len(set(ids)) == 4, ids

    fn = fn_sink()
    d = dispatch([t], fn.url)
    d.start()
    wait_until(d, lambda: len(fn.ok()) == 4, "4 events (the tombstone skipped)")
    events = [r.event for r in fn.ok()]
    assert [e["id"] for e in events] == [i.decode() for i in ids]
    assert [e["iodebeziumop"] for e in events] == ["c", "c", "u", "d"]
    assert all(e["type"] == "io.debezium.connector.mysql.DataChangeEvent" for e in events)
    assert [e["knativekafkaoffset"] for e in events] == ["0", "1", "2", "3"]
    assert fn.ok()[2].data()["after"] == {"id": 1, "name": "Anne"}
    d.wait_for(lambda: d.committed()[(t, 0)] == 5, "offset 5 committed")
