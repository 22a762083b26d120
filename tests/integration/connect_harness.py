"""A `rowcast connect` worker for the integration tests: writes the worker .properties file,
starts the process, talks to its Kafka Connect REST API with the standard library only
(http.client), reads what its sink wrote, and polls connector states with timeouts.

The worker listens on a port the OS handed out; its data dir and file sink live in the worker's
own directory under pytest's tmp_path. Fixtures that use this class are in test_connect.py.
"""

from __future__ import annotations

import base64
import http.client
import json as _json
import os
import re
import signal
import socket
import ssl
import subprocess
import time
from pathlib import Path
from typing import Any, Callable

from rowcast_harness import TIMEOUT, Polling, RowcastRun, parse_lines, read_ndjson, short, summary

# Seconds the worker gets to answer GET / after it was started.
READY_TIMEOUT = 30.0

_MISSING = object()


def free_port() -> int:
    """A TCP port on 127.0.0.1 that was free a moment ago (the OS picked it)."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def properties_text(props: dict[str, str]) -> str:
    """Java .properties text; values are written as given (tests use no backslashes)."""
    return "".join(f"{k}={v}\n" for k, v in props.items())


class WorkerRun(RowcastRun):
    """One `rowcast connect` process, with its own environment (for ${env:...} references)."""

    def __init__(self, argv: list[str], workdir: Path, index: int,
                 env: dict[str, str] | None = None):
        self.argv = argv
        self.index = index
        self.stdout_path = workdir / f"worker-run-{index}.stdout"
        self.stderr_path = workdir / f"worker-run-{index}.stderr"
        full_env = dict(os.environ)
        full_env.update(env or {})
        with open(self.stdout_path, "wb") as out, open(self.stderr_path, "wb") as err:
            self.proc = subprocess.Popen(argv, stdout=out, stderr=err, stdin=subprocess.DEVNULL,
                                         env=full_env)
        self.killed = False


class ConnectWorker(Polling):
    """One worker configuration; it can be started several times (restart() keeps the port, the
    properties, the data dir and the sink directory).

    sink: "file" writes `rowcast.sink=file:<workdir>/sink`; None writes no rowcast.sink (the
    worker picks its default: kafka when the Kafka storage topics are configured). `kafka` is the
    kafka_harness.Kafka that records(topic) reads from when the sink is Kafka.

    properties: extra worker properties, written after the defaults; None removes a default.
    auth: what requests send when they are not given auth: (user, password) for basic
    authentication, a string for a bearer token.
    cafile: the CA the client trusts for an https listener.
    env: extra environment variables of the worker process.
    """
    exit_label = "rowcast connect"
    poll_interval = 0.1

    def failure_context(self) -> str:
        return self.describe()


    def __init__(self, binary: Path, workdir: Path, *, sink: str | None = "file",
                 properties: dict[str, str | None] | None = None, port: int | None = None,
                 scheme: str = "http", auth: Any = None, cafile: str | Path | None = None,
                 env: dict[str, str] | None = None, kafka: Any = None,
                 log_level: str = "info"):
        self.binary = binary
        self.workdir = workdir
        self.workdir.mkdir(parents=True, exist_ok=True)
        self.port = port or free_port()
        self.scheme = scheme
        self.default_auth = auth
        self.cafile = str(cafile) if cafile else None
        self.env = dict(env or {})
        self.kafka = kafka
        self.log_level = log_level
        self.data_dir = workdir / "data"
        self.sink_dir = workdir / "sink"
        self.properties_path = workdir / "worker.properties"
        props: dict[str, str] = {
            "listeners": f"{scheme}://127.0.0.1:{self.port}",
            "rowcast.data.dir": str(self.data_dir),
            "offset.flush.interval.ms": "200",
        }
        if sink == "file":
            props["rowcast.sink"] = f"file:{self.sink_dir}"
        elif sink is not None:
            props["rowcast.sink"] = sink
        self.sink_kind = "file" if sink == "file" else "kafka"
        for k, v in (properties or {}).items():
            if v is None:
                props.pop(k, None)
            else:
                props[k] = v
        self.properties = props
        self.runs: list[WorkerRun] = []
        # (status, headers, raw body) of the last request, for failure messages.
        self.last: tuple[int, dict[str, str], bytes] | None = None

    # ---- process

    @property
    def current(self) -> WorkerRun:
        assert self.runs, "the worker was never started"
        return self.runs[-1]

    @property
    def worker_id(self) -> str:
        return f"127.0.0.1:{self.port}"

    def argv(self) -> list[str]:
        return [str(self.binary), "connect", str(self.properties_path),
                "--log-level", self.log_level]

    def start(self, wait: bool = True) -> WorkerRun:
        if self.runs and not self.current.exited():
            raise AssertionError("start() while the worker is still running")
        self.data_dir.mkdir(parents=True, exist_ok=True)
        if self.sink_kind == "file":
            self.sink_dir.mkdir(parents=True, exist_ok=True)
        self.properties_path.write_text(properties_text(self.properties))
        run = WorkerRun(self.argv(), self.workdir, len(self.runs), self.env)
        self.runs.append(run)
        if wait:
            self.wait_ready()
        return run

    def wait_ready(self, timeout: float = READY_TIMEOUT) -> None:
        """Waits until GET / answers 200; fails with the worker's stderr otherwise."""
        deadline = time.monotonic() + timeout
        last = "no answer"
        while True:
            run = self.current
            if run.exited():
                raise AssertionError(f"rowcast connect exited before serving its REST API\n"
                                     f"{self.describe()}")
            try:
                status, body = self.get("/", timeout=5)
                if status == 200:
                    return
                last = f"GET / answered {status}: {short(body, 300)}"
            except (OSError, http.client.HTTPException, AssertionError) as e:
                last = f"GET / failed: {e!r}"
            if time.monotonic() > deadline:
                raise AssertionError(f"rowcast connect did not answer GET / with 200 within "
                                     f"{timeout:.0f}s (last: {last})\n{self.describe()}")
            time.sleep(0.1)

    def kill(self) -> None:
        """kill -9, then reap."""
        self.current.kill()

    def stop(self, timeout: float = TIMEOUT) -> int:
        """SIGTERM and wait; returns the exit code (fails the test if it does not exit)."""
        return self.current.signal_and_wait(signal.SIGTERM, timeout)

    def restart(self, wait: bool = True) -> WorkerRun:
        """A new process with the same properties and port (stops the running one first)."""
        if self.runs and not self.current.exited():
            self.stop()
        return self.start(wait=wait)

    def running(self) -> bool:
        return bool(self.runs) and not self.current.exited()

    def stderr(self) -> str:
        """The stderr of every run, in order."""
        return "".join(run.stderr() for run in self.runs)

    def describe(self, tail: int = 80) -> str:
        head = (f"worker {self.workdir} listening on {self.scheme}://127.0.0.1:{self.port}\n"
                f"--- {self.properties_path.name} ---\n{properties_text(self.properties)}")
        if self.last is not None:
            status, _, raw = self.last
            head += f"--- last response: {status} {raw[:500]!r}\n"
        return head + "\n".join(run.describe(tail) for run in self.runs)

    # ---- HTTP

    def _connection(self, timeout: float) -> http.client.HTTPConnection:
        if self.scheme == "https":
            ctx = ssl.create_default_context(cafile=self.cafile)
            return http.client.HTTPSConnection("127.0.0.1", self.port, timeout=timeout,
                                               context=ctx)
        return http.client.HTTPConnection("127.0.0.1", self.port, timeout=timeout)

    def request(self, method: str, path: str, json: Any = None, raw: bytes | str | None = None,
                auth: Any = None, headers: dict[str, str] | None = None,
                timeout: float = TIMEOUT, expect_json: bool = True) -> tuple[int, Any]:
        """(status, parsed JSON body or None when the body is empty).

        json: a body to send as JSON; raw: bytes/text sent as is (with Content-Type JSON).
        auth: None = the worker's default, False = none, (user, password) = basic, str = bearer.
        A body that is not JSON fails the test (the API answers JSON only), unless expect_json
        is False: then it is returned as text."""
        body: bytes | None = None
        if raw is not None:
            body = raw.encode() if isinstance(raw, str) else raw
        elif json is not None:
            body = _json.dumps(json).encode()
        hdrs = {"Accept": "application/json"}
        if body is not None:
            hdrs["Content-Type"] = "application/json"
        if auth is None:
            auth = self.default_auth
        if isinstance(auth, tuple):
            token = base64.b64encode(f"{auth[0]}:{auth[1]}".encode()).decode()
            hdrs["Authorization"] = f"Basic {token}"
        elif isinstance(auth, str):
            hdrs["Authorization"] = f"Bearer {auth}"
        hdrs.update(headers or {})
        conn = self._connection(timeout)
        try:
            conn.request(method, path, body=body, headers=hdrs)
            resp = conn.getresponse()
            data = resp.read()
            self.last = (resp.status, {k.lower(): v for k, v in resp.getheaders()}, data)
        finally:
            conn.close()
        if not data.strip():
            return resp.status, None
        try:
            return resp.status, _json.loads(data)
        except ValueError:
            if not expect_json:
                return resp.status, data.decode(errors="replace")
            raise AssertionError(f"{method} {path} answered {resp.status} with a body that is "
                                 f"not JSON: {data[:500]!r}")

    def get(self, path: str, json: Any = None, raw=None, auth=None, **kw):
        return self.request("GET", path, json, raw, auth, **kw)

    def post(self, path: str, json: Any = None, raw=None, auth=None, **kw):
        return self.request("POST", path, json, raw, auth, **kw)

    def put(self, path: str, json: Any = None, raw=None, auth=None, **kw):
        return self.request("PUT", path, json, raw, auth, **kw)

    def patch(self, path: str, json: Any = None, raw=None, auth=None, **kw):
        return self.request("PATCH", path, json, raw, auth, **kw)

    def delete(self, path: str, json: Any = None, raw=None, auth=None, **kw):
        return self.request("DELETE", path, json, raw, auth, **kw)

    def last_text(self) -> str:
        return "" if self.last is None else self.last[2].decode(errors="replace")

    # ---- conveniences

    def create(self, name: str, config: dict, **extra) -> dict:
        """POST /connectors; fails unless 201."""
        status, body = self.post("/connectors", {"name": name, "config": config, **extra})
        assert status == 201, f"POST /connectors {name}: expected 201, got {status}: " \
                              f"{short(body, 2000)}\n{self.describe()}"
        return body

    def status(self, name: str) -> dict:
        code, body = self.get(f"/connectors/{name}/status")
        assert code == 200, f"GET /connectors/{name}/status: {code} {short(body)}"
        return body


    def wait_for_state(self, name: str, state: str, timeout: float = TIMEOUT,
                       task_state: str | None = _MISSING) -> dict:  # type: ignore[assignment]
        """Polls GET /connectors/NAME/status until the connector is in `state` and its task in
        `task_state` (default: the same state; STOPPED: no tasks; None: the task is not
        looked at). Returns the status body."""
        if task_state is _MISSING:
            task_state = None if state == "STOPPED" else state
        seen: list[Any] = []

        def ok():
            code, body = self.get(f"/connectors/{name}/status")
            seen[:] = [code, body]
            if code != 200 or not isinstance(body, dict):
                return None
            if (body.get("connector") or {}).get("state") != state:
                return None
            tasks = body.get("tasks")
            if state == "STOPPED" and task_state is None:
                return body if tasks == [] else None
            if task_state is None:
                return body
            if not tasks or any(t.get("state") != task_state for t in tasks):
                return None
            return body
        return self.wait_for(ok, lambda: f"connector {name} {state} (task {task_state}); "
                                         f"last status: {seen[:1]} {short(seen[1:], 1500)}",
                             timeout)

    # ---- sink contents

    def records(self, topic: str) -> list[dict]:
        """The records of one topic so far: the file sink's NDJSON file, or read back from Kafka.
        Keys and values are unwrapped from JsonConverter's {"schema","payload"}."""
        if self.sink_kind == "kafka":
            assert self.kafka is not None, "a Kafka sink needs ConnectWorker(kafka=...)"
            return self.kafka.read([topic])
        return parse_lines(read_ndjson(self.sink_dir / f"{topic}.ndjson")[0],
                           f"{topic}.ndjson")

    def topics(self) -> list[str]:
        """Topics the file sink has written."""
        return sorted(p.name[:-len(".ndjson")] for p in self.sink_dir.glob("*.ndjson"))

    def wait_for_records(self, count: int, topic: str, timeout: float = TIMEOUT) -> list[dict]:
        def enough():
            recs = self.records(topic)
            return recs if len(recs) >= count else None

        def state():
            recs = self.records(topic)
            return (f"{count} records in topic {topic}; have {len(recs)}:\n"
                    + "\n".join(short(summary(r)) for r in recs[-20:]))
        return self.wait_for(enough, state, timeout)

    def wait_for_record(self, predicate: Callable[[dict], bool], what: str, topic: str,
                        timeout: float = TIMEOUT) -> list[dict]:
        """Waits until some record satisfies predicate; returns all records at that moment."""
        def found():
            recs = self.records(topic)
            return recs if any(predicate(r) for r in recs) else None

        def state():
            recs = self.records(topic)
            return (f"{what} in topic {topic}; it has {len(recs)} records:\n"
                    + "\n".join(short(summary(r)) for r in recs[-20:]))
        return self.wait_for(found, state, timeout)



def read_raw(kafka: Any, topic: str, timeout: float = 60) -> list[tuple[bytes | None,
                                                                      bytes | None]]:
    """(key, value) bytes of every record now in `topic` (partition by partition, in offset
    order), unparsed: Kafka Connect's config and status topics have plain-string keys, which
    kafka_harness.Kafka.read (JSON keys) cannot read."""
    import uuid
    from confluent_kafka import Consumer, TopicPartition
    c = Consumer({"bootstrap.servers": kafka.bootstrap, "group.id": f"raw-{uuid.uuid4()}",
                  "enable.auto.commit": False, "enable.partition.eof": False})
    try:
        meta = c.list_topics(topic, timeout=30)
        if topic not in meta.topics or meta.topics[topic].error is not None:
            return []
        ends, assign = {}, []
        for p in meta.topics[topic].partitions:
            lo, hi = c.get_watermark_offsets(TopicPartition(topic, p), timeout=30, cached=False)
            if hi > lo:
                ends[p] = hi
                assign.append(TopicPartition(topic, p, lo))
        if not assign:
            return []
        c.assign(assign)
        got: dict[int, list[tuple[bytes | None, bytes | None]]] = {p: [] for p in ends}
        done: set[int] = set()
        deadline = time.monotonic() + timeout
        while len(done) < len(ends):
            if time.monotonic() > deadline:
                raise AssertionError(f"reading {topic} timed out")
            m = c.poll(0.5)
            if m is None:
                for tp in c.position([TopicPartition(topic, p) for p in ends]):
                    if tp.offset >= ends[tp.partition]:
                        done.add(tp.partition)
                continue
            if m.error():
                raise AssertionError(f"reading {topic}: {m.error()}")
            got[m.partition()].append((m.key(), m.value()))
            if m.offset() + 1 >= ends[m.partition()]:
                done.add(m.partition())
        return [kv for p in sorted(got) for kv in got[p]]
    finally:
        c.close()


def _what(what: str | Callable[[], str]) -> str:
    return what() if callable(what) else what
