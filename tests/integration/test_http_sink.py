"""The HTTP sink (`rowcast run --sink http:URL`): row changes POSTed as CloudEvents to a function,
with the delivery semantics of /work/shared/reference/knative-cloudevents.md §12 E.

The function is the scriptable receiver of function_sink.py. rowcast and MariaDB are the real ones (the `server`/`connector` fixtures).
Timing assertions are lower bounds with generous margins, and only where the test is about
backoff.
"""

from __future__ import annotations

import base64
import json
import os
import ssl
import subprocess
import time
from pathlib import Path

import pytest

from function_sink import Reply, Request, fn_sink, server_tls  # noqa: F401 - fixture
from rowcast_harness import TIMEOUT


def http_connector(connector, db: str, url: str, overrides: dict | None = None):
    """A connector whose rowcast runs with --sink <url spec>."""
    c = connector(db, overrides=overrides, sink="stdout")
    plain = c.argv

    def argv() -> list[str]:
        a = plain()
        a[a.index("--sink") + 1] = url
        return a

    c.argv = argv
    return c


FAST = {"rowcast.sink.http.backoff.delay": "PT0.05S", "rowcast.sink.http.backoff.max": "PT0.3S",
        "rowcast.sink.http.backoff.jitter": "none"}


def wait_until(c, cond, what: str, timeout: float = TIMEOUT):
    return c.wait_for(cond, what, timeout=timeout)


def offsets_text(c) -> str:
    p = c.offsets_path
    return p.read_text() if p.exists() else ""


def make_table(server, db: str, rows: int) -> None:
    server.sql("CREATE TABLE t (id INT PRIMARY KEY, v VARCHAR(20));" +
               "".join(f"INSERT INTO t VALUES ({i}, 'v{i}');" for i in range(1, rows + 1)),
               db=db)


# ---- E1 / B: delivered once each, CloudEvents headers, offsets


@pytest.mark.parametrize("mode", ["binary", "structured"])
def test_each_row_change_is_delivered_once_as_a_cloudevent(server, db, connector, fn_sink, mode):
    sink = fn_sink()
    server.sql("""
        CREATE TABLE t (id INT PRIMARY KEY, v VARCHAR(20));
        INSERT INTO t VALUES (1, 'a'), (2, 'b'), (3, 'c');
        UPDATE t SET v = 'bb' WHERE id = 2;
        DELETE FROM t WHERE id = 3;
    """, db=db)
    c = http_connector(connector, db, f"http:{sink.url}",
                       {"rowcast.sink.http.mode": mode})
    run = c.start()
    wait_until(c, lambda: len(sink.ok()) >= 5, "5 events")
    time.sleep(0.5)  # nothing more may come (the tombstone is not an event)
    reqs = sink.ok()
    assert len(reqs) == 5, [r.headers for r in reqs]
    ids = [r.ce_id for r in reqs]
    assert len(set(ids)) == 5, ids
    ops = []
    for r in reqs:
        e = r.event
        assert e["specversion"] == "1.0"
        assert e["type"] == "io.debezium.connector.mysql.DataChangeEvent"
        assert e["source"] == f"/debezium/mysql/{c.prefix}"
        assert e["subject"] == f"{db}.t"
        assert e["id"].startswith(f"name:{c.prefix};file:")
        if mode == "binary":
            assert r.headers["content-type"] == "application/json"
            assert "ce-datacontenttype" not in r.headers
            assert r.headers["ce-id"] == e["id"]
        else:
            assert r.headers["content-type"].startswith("application/cloudevents+json")
        assert "authorization" not in r.headers
        ops.append((e["iodebeziumop"], r.row_id()))
    # Ordered per key; different keys may overtake each other.
    assert sorted(ops) == sorted([("c", 1), ("c", 2), ("c", 3), ("u", 2), ("d", 3)])
    for k in (2, 3):
        assert [op for op, key in ops if key == k][0] == "c", ops
    # Offsets advance once everything is acknowledged.
    wait_until(c, lambda: offsets_text(c), "an offset commit")
    assert run.terminate() == 0


# ---- E2 / E5: retried with backoff


@pytest.mark.parametrize("policy,waits", [("exponential", [0.4, 0.8]), ("linear", [0.2, 0.4])])
def test_503_is_retried_with_backoff_then_delivered(server, db, connector, fn_sink, policy,
                                                    waits):
    sink = fn_sink()
    sink.behave(lambda r: Reply(503) if r.n < 2 else Reply(200))
    make_table(server, db, 1)
    c = http_connector(connector, db, f"http:{sink.url}", {
        "rowcast.sink.http.retry": "5", "rowcast.sink.http.backoff.policy": policy,
        "rowcast.sink.http.backoff.delay": "PT0.2S", "rowcast.sink.http.backoff.jitter": "none"})
    c.start()
    wait_until(c, lambda: sink.ok(), "a delivered event")
    reqs = sink.all()
    assert [r.status for r in reqs] == [503, 503, 200]
    assert len({r.ce_id for r in reqs}) == 1, "retries carry the same id"
    gaps = [reqs[i + 1].at - reqs[i].done_at for i in range(2)]
    for gap, want in zip(gaps, waits):
        assert want * 0.8 <= gap <= want + 5, (gaps, waits)


def test_429_with_retry_after_is_honoured(server, db, connector, fn_sink):
    sink = fn_sink()
    sink.behave(lambda r: Reply(429, {"Retry-After": "2"}) if r.n == 0 else Reply(200))
    make_table(server, db, 1)
    c = http_connector(connector, db, f"http:{sink.url}",
                       {**FAST, "rowcast.sink.http.retry.after.max": "PT5S"})
    c.start()
    wait_until(c, lambda: sink.ok(), "a delivered event")
    reqs = sink.all()
    assert [r.status for r in reqs] == [429, 200]
    assert reqs[1].at - reqs[0].done_at >= 1.8


# ---- E3 / E7: not retried, dead-letter sink


def test_400_goes_straight_to_the_dead_letter_sink_with_error_extensions(
        server, db, connector, fn_sink):
    sink, dls = fn_sink(), fn_sink()
    sink.behave(lambda r: Reply(400, {"kne-foo": "bar"}, b"no thanks"))
    make_table(server, db, 2)
    c = http_connector(connector, db, f"http:{sink.url}",
                       {**FAST, "rowcast.sink.http.dead.letter.url": dls.url})
    run = c.start()
    wait_until(c, lambda: len(dls.ok()) >= 2, "2 dead-lettered events")
    assert len(sink.all()) == 2, "a 400 is not retried"
    originals = {r.ce_id: r for r in sink.all()}  # two keys: in either order
    for dead in dls.ok():
        e = dead.event
        original = originals[e["id"]]
        assert e["id"] == original.ce_id
        assert e["knativeerrordest"] == sink.url
        assert e["knativeerrorcode"] == "400"
        assert base64.b64decode(e["knativeerrordata"]) == b"no thanks"
        assert e["foo"] == "bar"
        assert dead.data() == original.data()
    wait_until(c, lambda: offsets_text(c), "an offset commit")
    assert not run.exited()


def test_400_without_a_dead_letter_sink_stops_the_connector(server, db, connector, fn_sink):
    sink = fn_sink()
    sink.behave(lambda r: Reply(400, body=b"bad event"))
    make_table(server, db, 1)
    c = http_connector(connector, db, f"http:{sink.url}", FAST)
    run = c.start()
    code = run.wait()
    assert code != 0
    err = run.stderr()
    ce_id = sink.all()[0].ce_id
    assert sink.url in err and "400" in err and ce_id in err, err
    assert len(sink.all()) == 1


# ---- E8: dead-letter sink failing too: block (default) or drop


def test_dead_letter_sink_failing_blocks_until_the_function_recovers(
        server, db, connector, fn_sink):
    sink, dls = fn_sink(), fn_sink()
    dls.behave(lambda r: Reply(500))
    make_table(server, db, 2)
    c = http_connector(connector, db, f"http:{sink.url}", {
        **FAST, "rowcast.sink.http.retry": "1",
        "rowcast.sink.http.dead.letter.url": dls.url})
    c.start()
    wait_until(c, lambda: len(sink.ok()) >= 2, "the first 2 events")
    sink.behave(lambda r: Reply(400))
    server.sql("INSERT INTO t VALUES (3, 'x'), (4, 'y'); UPDATE t SET v = 'z' WHERE id = 3;",
               db=db)
    wait_until(c, lambda: len(dls.all()) >= 6, "repeated dead-letter attempts")
    time.sleep(0.6)  # offsets of what was acknowledged before are committed (every 200 ms)
    before = offsets_text(c)
    time.sleep(1.5)
    assert offsets_text(c) == before, "no offset may advance while events are blocked"
    assert len(sink.ok()) == 2
    assert not c.current.exited()
    sink.behave(lambda r: Reply(200))
    wait_until(c, lambda: len({r.ce_id for r in sink.ok()}) >= 5, "every event after recovery")
    got = [(r.event["iodebeziumop"], r.row_id()) for r in sink.ok()][2:]
    # Nothing dropped; key 3's events in order.
    assert sorted(set(got)) == [("c", 3), ("c", 4), ("u", 3)], got
    key3 = [op for op, k in got if k == 3]
    assert key3[0] == "c" and key3[-1] == "u", got
    wait_until(c, lambda: offsets_text(c) != before, "the offset to advance after recovery")
    assert "blocking" in c.current.stderr()


def test_drop_logs_and_skips_what_the_dead_letter_sink_refuses(server, db, connector, fn_sink):
    sink, dls = fn_sink(), fn_sink()
    sink.behave(lambda r: Reply(400))
    dls.behave(lambda r: Reply(500))
    make_table(server, db, 2)
    c = http_connector(connector, db, f"http:{sink.url}", {
        **FAST, "rowcast.sink.http.retry": "1",
        "rowcast.sink.http.dead.letter.url": dls.url,
        "rowcast.sink.http.on.dead.letter.failure": "drop"})
    c.start()
    wait_until(c, lambda: c.current.stderr().count("dropped CloudEvent id") >= 2,
               "2 dropped events")
    ids = {r.ce_id for r in sink.all()}
    err = c.current.stderr()
    assert all(i in err for i in ids), err
    wait_until(c, lambda: offsets_text(c), "an offset commit after dropping")
    sink.behave(lambda r: Reply(200))
    server.sql("INSERT INTO t VALUES (3, 'x')", db=db)
    wait_until(c, lambda: sink.ok(), "the next event")
    assert sink.ok()[0].row_id() == 3


# ---- E9: ordered per key, other keys flow


def test_events_of_one_key_stay_in_order_while_other_keys_flow(server, db, connector, fn_sink):
    sink = fn_sink()
    first_of_key1: list[str] = []

    def behave(r: Request) -> Reply:
        if r.row_id() == 1:
            if not first_of_key1:
                first_of_key1.append(r.ce_id)
            if r.ce_id == first_of_key1[0] and \
                    sum(1 for q in sink.requests if q.ce_id == r.ce_id) <= 2:
                return Reply(503)
        return Reply(200)

    sink.behave(behave)
    server.sql("""
        CREATE TABLE t (id INT PRIMARY KEY, v VARCHAR(20));
        INSERT INTO t VALUES (1, 'a');
        UPDATE t SET v = 'b' WHERE id = 1;
        UPDATE t SET v = 'c' WHERE id = 1;
    """ + "".join(f"INSERT INTO t VALUES ({i}, 'x');" for i in range(2, 8)), db=db)
    c = http_connector(connector, db, f"http:{sink.url}", {
        "rowcast.sink.http.backoff.policy": "linear", "rowcast.sink.http.backoff.delay": "PT1S",
        "rowcast.sink.http.backoff.jitter": "none", "rowcast.sink.http.max.in.flight": "4"})
    c.start()
    wait_until(c, lambda: len(sink.ok()) >= 9, "9 events")
    reqs = sink.all()
    key1 = [r for r in reqs if r.row_id() == 1]
    assert [r.status for r in key1][:3] == [503, 503, 200]
    key1_ok = [r for r in key1 if r.status == 200]
    assert [r.data()["after"]["v"] for r in key1_ok] == ["a", "b", "c"]
    # The next event of key 1 is not sent before the previous one is done.
    for prev, nxt in zip(key1_ok, key1_ok[1:]):
        first_try = min(r.at for r in key1 if r.ce_id == nxt.ce_id)
        assert first_try >= prev.done_at - 0.01
    # Other keys were delivered while key 1 waited for its retries.
    others = [r for r in reqs if r.row_id() != 1 and r.status == 200]
    assert len(others) == 6
    assert max(r.done_at for r in others) < key1_ok[0].at


# ---- E10: offsets advance only on 2xx; kill -9 and restart


def test_kill_while_the_function_fails_then_restart_delivers_everything(
        server, db, connector, fn_sink):
    sink = fn_sink()
    sink.behave(lambda r: Reply(503))
    make_table(server, db, 5)
    c = http_connector(connector, db, f"http:{sink.url}",
                       {**FAST, "rowcast.sink.http.retry": "1000"})
    c.start()
    wait_until(c, lambda: len(sink.all()) >= 10, "failing attempts")
    c.current.kill()
    sink.behave(lambda r: Reply(200))
    c.start()
    wait_until(c, lambda: {r.row_id() for r in sink.ok()} >= {1, 2, 3, 4, 5},
               "every row after the restart")
    wait_until(c, lambda: offsets_text(c), "an offset commit")


# ---- F5 / F1 / F4: K_SINK, bearer token, https with a custom CA


def test_url_from_k_sink(server, db, connector, fn_sink, monkeypatch):
    sink = fn_sink()
    make_table(server, db, 1)
    monkeypatch.setenv("K_SINK", sink.url)
    c = http_connector(connector, db, "http")
    c.start()
    wait_until(c, lambda: sink.ok(), "an event")


def test_bearer_token_file_is_sent_and_read_again_when_it_changes(
        server, db, connector, fn_sink, tmp_path):
    sink = fn_sink()
    token = tmp_path / "token"
    token.write_text("first-token-abc\n")
    make_table(server, db, 1)
    c = http_connector(connector, db, f"http:{sink.url}",
                       {"rowcast.sink.http.bearer.token.file": str(token)})
    c.start()
    wait_until(c, lambda: sink.ok(), "an event")
    assert sink.ok()[0].headers["authorization"] == "Bearer first-token-abc"
    token.write_text("second-token-xyz\n")
    st = token.stat()
    os.utime(token, ns=(st.st_atime_ns, st.st_mtime_ns + 2_000_000_000))
    server.sql("INSERT INTO t VALUES (2, 'x')", db=db)
    wait_until(c, lambda: len(sink.ok()) >= 2, "a second event")
    assert sink.ok()[1].headers["authorization"] == "Bearer second-token-xyz"
    err = c.current.stderr()
    assert "first-token" not in err and "second-token" not in err


def test_https_sink_verified_with_a_custom_ca(server, db, connector, fn_sink, tmp_path):
    tls, ca_crt = server_tls(tmp_path)
    sink = fn_sink(tls)
    assert sink.url.startswith("https://")
    make_table(server, db, 1)
    c = http_connector(connector, db, f"http:{sink.url}",
                       {"rowcast.sink.http.ca.file": str(ca_crt)})
    c.start()
    wait_until(c, lambda: sink.ok(), "an event over https")
    assert sink.ok()[0].event["iodebeziumop"] == "c"


def test_rowcast_connect_with_the_http_sink(server, db, rowcast_bin, fn_sink, tmp_path):
    """rowcast.sink=http:URL in the worker file: every connector's row changes go to the
    function, with each connector's own rowcast.sink.http.* settings (here a dead-letter sink)."""
    from connect_harness import ConnectWorker
    from rowcast_harness import connector_config
    fn, dls = fn_sink(), fn_sink()
    fn.behave(lambda r: Reply(400) if r.row_id() == 2 else Reply(200))
    server.sql("CREATE TABLE t (id INT PRIMARY KEY, v VARCHAR(10))", db=db)
    w = ConnectWorker(rowcast_bin, tmp_path / "worker", sink=f"http:{fn.url}")
    w.start()
    try:
        config = connector_config(server, name="fn", prefix="fnp", databases=db, overrides={
            "rowcast.sink.http.dead.letter.url": dls.url})["config"]
        w.create("fn", config)
        w.wait_for_state("fn", "RUNNING")
        server.sql("INSERT INTO t VALUES (1, 'a'), (2, 'b'), (3, 'c')", db=db)
        wait = time.monotonic() + TIMEOUT
        while (len(fn.ok()) < 2 or len(dls.ok()) < 1) and time.monotonic() < wait:
            time.sleep(0.1)
        assert sorted(r.row_id() for r in fn.ok()) == [1, 3]
        assert [r.row_id() for r in dls.ok()] == [2]
        assert fn.ok()[0].event["source"] == "/debezium/mysql/fnp"
        assert w.status("fn")["connector"]["state"] == "RUNNING"
    finally:
        w.stop()
