"""Helpers for rowcast's integration tests: the throwaway MariaDB, SQL through the `mariadb`
command-line client, rowcast processes, reading what the sinks wrote, and polling with timeouts.

Only the Python standard library and the `mariadb` client are used (no driver packages).
Fixtures that use these helpers live in conftest.py.
"""

from __future__ import annotations

import base64
import datetime as dt
import itertools
import json
import os
import re
import signal
import subprocess
import time
from pathlib import Path
from typing import Any, Callable, Iterable

REPO = Path(__file__).resolve().parents[2]
MARIADB_SCRIPT = REPO / "scripts" / "mariadb"

# Generous: these bound how long a test waits for something that should happen in well under a
# second. They are never assertions about speed.
TIMEOUT = float(os.environ.get("ROWCAST_ITEST_TIMEOUT", "30"))

CONNECTOR_CLASS = "io.debezium.connector.mysql.MySqlConnector"

# A user with the same privileges as `rowcast`, created by these tests, whose password is
# distinctive enough to search for in stderr (the password of `rowcast` is `rowcast`, which
# legitimately appears in logs as the program's name).
SECRET_USER = "itest_cdc"
SECRET_PASSWORD = "Pw-itest-7f3a9c-secret"
CDC_GRANTS = "SELECT, RELOAD, SHOW DATABASES, REPLICATION SLAVE, BINLOG MONITOR"

_server_ids = itertools.count(1001)


def next_server_id() -> int:
    """A replica server id that no other rowcast of this test session uses (never 1)."""
    return next(_server_ids)


def rowcast_bin() -> Path:
    raw = os.environ.get("ROWCAST_BIN")
    if not raw:
        return REPO / "build" / "ci" / "rowcast"
    p = Path(raw)
    if p.is_absolute():
        return p
    return p.resolve() if p.exists() else REPO / p


# --------------------------------------------------------------------------------------------
# MariaDB


class SqlError(AssertionError):
    pass


class MariaDB:
    """One throwaway server started by scripts/mariadb; owned by a session fixture."""

    def __init__(self, name: str, env: dict[str, str]):
        self.name = name
        self.env = env
        self.host = env["MARIADB_HOST"]
        self.port = int(env["MARIADB_PORT"])
        self.socket = env["MARIADB_SOCKET"]
        self.dir = Path(env["MARIADB_DIR"])
        self.tls_dir = Path(env["MARIADB_TLS_DIR"])

    @classmethod
    def start(cls, name: str, *flags: str) -> "MariaDB":
        cmd = [str(MARIADB_SCRIPT), "start", "--name", name, *flags]
        r = subprocess.run(cmd, capture_output=True, text=True, timeout=180)
        if r.returncode != 0:
            raise RuntimeError(
                f"{' '.join(cmd)} failed with exit code {r.returncode}\n"
                f"stdout:\n{r.stdout}\nstderr:\n{r.stderr}")
        env = {}
        for line in r.stdout.splitlines():
            m = re.match(r"^(MARIADB_[A-Z_]+)=(.*)$", line.strip())
            if m:
                env[m.group(1)] = m.group(2)
        missing = {"MARIADB_HOST", "MARIADB_PORT", "MARIADB_SOCKET", "MARIADB_DIR",
                   "MARIADB_TLS_DIR"} - env.keys()
        if missing:
            raise RuntimeError(f"{' '.join(cmd)} did not print {sorted(missing)}:\n{r.stdout}")
        server = cls(name, env)
        server.create_user(SECRET_USER, SECRET_PASSWORD, CDC_GRANTS)
        return server

    def stop(self) -> None:
        subprocess.run([str(MARIADB_SCRIPT), "stop", "--name", self.name],
                       capture_output=True, text=True, timeout=120)

    def client_args(self, user: str = "admin", password: str = "admin",
                    db: str | None = None) -> list[str]:
        args = ["mariadb", "--no-defaults", f"-h{self.host}", f"-P{self.port}", f"-u{user}",
                f"-p{password}", "--default-character-set=utf8mb4", "--batch",
                "--skip-column-names",
                # Results can carry huge statements (SHOW BINLOG EVENTS shows the SQL of
                # ANNOTATE_ROWS events in full): beyond the client's 16 MiB default.
                "--max-allowed-packet=1G"]
        if db:
            args.append(f"--database={db}")
        return args

    def sql(self, sql: str, db: str | None = None, user: str = "admin",
            password: str = "admin") -> list[list[str]]:
        """Runs SQL (one or more statements, one session) and returns the rows of every result
        set, in order, as lists of strings (NULL as 'NULL')."""
        r = subprocess.run(self.client_args(user, password, db), input=sql,
                           capture_output=True, text=True, timeout=TIMEOUT)
        if r.returncode != 0:
            raise SqlError(f"SQL failed on {self.name} (exit {r.returncode}): {r.stderr.strip()}"
                           f"\n--- SQL ---\n{sql}")
        return [line.split("\t") for line in r.stdout.splitlines()]

    def sql_root(self, sql: str) -> list[list[str]]:
        """Runs SQL as root over the server's socket."""
        r = subprocess.run(["mariadb", "--no-defaults", f"--socket={self.socket}", "-uroot",
                            "--batch", "--skip-column-names"], input=sql,
                           capture_output=True, text=True, timeout=TIMEOUT)
        if r.returncode != 0:
            raise SqlError(f"SQL (root) failed on {self.name}: {r.stderr.strip()}\n{sql}")
        return [line.split("\t") for line in r.stdout.splitlines()]

    def value(self, sql: str, db: str | None = None) -> str:
        rows = self.sql(sql, db=db)
        assert rows and rows[0], f"no value from {sql!r}"
        return rows[0][0]

    def create_database(self, name: str) -> str:
        self.sql(f"DROP DATABASE IF EXISTS `{name}`; "
                 f"CREATE DATABASE `{name}` CHARACTER SET utf8mb4 COLLATE utf8mb4_general_ci;")
        return name

    def create_user(self, user: str, password: str, grants: str, require_ssl: bool = False) -> None:
        require = " REQUIRE SSL" if require_ssl else ""
        self.sql(f"CREATE USER IF NOT EXISTS '{user}'@'%' IDENTIFIED BY '{password}'{require};\n"
                 f"GRANT {grants} ON *.* TO '{user}'@'%';")

    def binary_logs(self) -> list[str]:
        return [row[0] for row in self.sql("SHOW BINARY LOGS")]

    def rows_event_positions(self) -> dict[str, set[int]]:
        """For each binlog file, the start and end positions of every *_rows event."""
        out: dict[str, set[int]] = {}
        for f in self.binary_logs():
            for row in self.sql(f"SHOW BINLOG EVENTS IN '{f}'"):
                # Log_name Pos Event_type Server_id End_log_pos Info
                if re.match(r"(Write|Update|Delete)_rows", row[2]):
                    out.setdefault(f, set()).update({int(row[1]), int(row[4])})
        return out


class SqlSession:
    """A long-lived `mariadb` client fed statements through a pipe: one server session that a
    writer thread can pace. Statements run as they arrive; the client stops at the first error."""

    def __init__(self, server: MariaDB, db: str | None = None):
        self.proc = subprocess.Popen(server.client_args(db=db) + ["--unbuffered"],
                                     stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                     stderr=subprocess.PIPE, text=True, bufsize=1)

    def send(self, sql: str) -> None:
        if self.proc.poll() is not None:
            raise SqlError(f"mariadb client exited ({self.proc.returncode}): "
                           f"{self.proc.stderr.read()}")
        assert self.proc.stdin is not None
        self.proc.stdin.write(sql.rstrip().rstrip(";") + ";\n")
        self.proc.stdin.flush()

    def close(self) -> None:
        out, err = self.proc.communicate(timeout=TIMEOUT * 2)  # closes stdin: the client ends
        if self.proc.returncode != 0:
            raise SqlError(f"mariadb client failed ({self.proc.returncode}): {err}")


def sql_str(s: str) -> str:
    """A MariaDB string literal for s."""
    table = {"\\": "\\\\", "'": "\\'", "\n": "\\n", "\r": "\\r", "\t": "\\t", "\0": "\\0",
             "\x1a": "\\Z"}
    return "'" + "".join(table.get(ch, ch) for ch in s) + "'"


# --------------------------------------------------------------------------------------------
# Connector configurations


def connector_config(server: MariaDB, *, name: str, prefix: str, databases: str | None,
                     overrides: dict[str, Any] | None = None) -> dict:
    """The JSON a user would POST to Kafka Connect: {"name", "config"}. Values are strings, as
    Kafka Connect configurations usually are. In overrides, a value of None removes the key."""
    config: dict[str, Any] = {
        "connector.class": CONNECTOR_CLASS,
        "database.hostname": "127.0.0.1",
        "database.port": str(server.port),
        "database.user": "rowcast",
        "database.password": "rowcast",
        "database.server.id": str(next_server_id()),
        "topic.prefix": prefix,
        "snapshot.mode": "never",
        "offset.flush.interval.ms": "200",
        "tombstones.on.delete": "true",
        # Schema change events have their own tests (test_schema.py); elsewhere they would only
        # add a topic to every expectation.
        "include.schema.changes": "false",
    }
    if databases is not None:
        config["database.include.list"] = databases
    for key, v in (overrides or {}).items():
        if v is None:
            config.pop(key, None)
        else:
            config[key] = v if isinstance(v, str) else json.dumps(v)
    return {"name": name, "config": config}


# --------------------------------------------------------------------------------------------
# Reading sinks


def read_ndjson(path: Path) -> tuple[list[str], str]:
    """Complete lines (without the newline) and the trailing partial line, if any."""
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        return [], ""
    text = data.decode("utf-8", errors="replace")
    *lines, tail = text.split("\n")
    return lines, tail


def parse_lines(lines: Iterable[str], where: str) -> list[dict]:
    records = []
    for i, line in enumerate(lines, 1):
        try:
            rec = json.loads(line)
        except json.JSONDecodeError as e:
            raise AssertionError(f"{where}: line {i} is not valid JSON ({e}): {line[:300]!r}")
        if not isinstance(rec, dict) or set(rec) - {"headers"} != {"topic", "key", "value"} \
                or not isinstance(rec.get("headers", {}), dict):
            raise AssertionError(f"{where}: line {i} is not a {{topic,key,value[,headers]}} "
                                 f"object: {line[:300]}")
        for part in ("key", "value"):
            rec[part] = unwrap_connect_json(rec[part], f"{where}: line {i} {part}")
        records.append(rec)
    return records


def unwrap_connect_json(obj: Any, where: str) -> Any:
    """The payload of a JsonConverter {"schema","payload"} document (schemas.enable=true, the
    default), after checking that the payload's fields are those the schema declares; anything
    else is returned as is."""
    if not (isinstance(obj, dict) and set(obj) == {"schema", "payload"}):
        return obj
    check_against_schema(obj["payload"], obj["schema"], where)
    return obj["payload"]


def check_against_schema(value: Any, schema: dict | None, where: str) -> None:
    if schema is None:
        return
    if value is None:
        if not schema.get("optional", False):
            raise AssertionError(f"{where}: null for the non-optional {short(schema, 200)}")
        return
    t = schema.get("type")
    if t == "struct":
        if not isinstance(value, dict):
            raise AssertionError(f"{where}: {short(value, 200)} is not a struct")
        fields = {f["field"]: f for f in schema.get("fields", [])}
        extra = set(value) - set(fields)
        if extra:
            raise AssertionError(f"{where}: fields {sorted(extra)} are not in the schema "
                                 f"{sorted(fields)}")
        for name, f in fields.items():
            if name not in value and not f.get("optional", False):
                raise AssertionError(f"{where}: required field {name} is missing")
            check_against_schema(value.get(name), f, f"{where}.{name}")
        return
    ok = {
        "int8": lambda v: isinstance(v, int), "int16": lambda v: isinstance(v, int),
        "int32": lambda v: isinstance(v, int), "int64": lambda v: isinstance(v, int),
        "float": lambda v: isinstance(v, (int, float)),
        "float32": lambda v: isinstance(v, (int, float)),
        "float64": lambda v: isinstance(v, (int, float)) or v in ("NaN", "Infinity", "-Infinity"),
        "double": lambda v: isinstance(v, (int, float)),
        "boolean": lambda v: isinstance(v, bool), "string": lambda v: isinstance(v, str),
        "bytes": lambda v: isinstance(v, str), "array": lambda v: isinstance(v, list),
        "map": lambda v: isinstance(v, (dict, list)),
    }.get(t)
    if ok is None:
        raise AssertionError(f"{where}: unknown schema type {t!r}")
    if not ok(value) or (t != "boolean" and isinstance(value, bool)):
        raise AssertionError(f"{where}: {short(value, 100)} does not fit schema type {t} "
                             f"({short(schema, 200)})")


def short(obj: Any, limit: int = 400) -> str:
    s = json.dumps(obj, sort_keys=True, ensure_ascii=False)
    return s if len(s) <= limit else s[:limit] + "..."


def summary(rec: dict) -> tuple:
    """(topic, key, op, before, after); a tombstone is (topic, key, 'tombstone', None, None)."""
    v = rec["value"]
    if v is None:
        return (rec["topic"], rec["key"], "tombstone", None, None)
    return (rec["topic"], rec["key"], v.get("op"), v.get("before"), v.get("after"))


def diff_sequences(expected: list, got: list, label: str = "records") -> str:
    """A readable description of where two sequences differ (empty if equal)."""
    if expected == got:
        return ""
    lines = [f"{label}: expected {len(expected)}, got {len(got)}"]
    first = next((i for i, (a, b) in enumerate(zip(expected, got)) if a != b),
                 min(len(expected), len(got)))
    lines.append(f"first difference at index {first}")
    lo = max(0, first - 2)
    for i in range(lo, min(max(len(expected), len(got)), first + 6)):
        e = short(expected[i]) if i < len(expected) else "<none>"
        g = short(got[i]) if i < len(got) else "<none>"
        mark = "  " if e == g else "!!"
        lines.append(f"{mark} [{i}] expected {e}\n{mark} [{i}]      got {g}")
    return "\n".join(lines)


# --------------------------------------------------------------------------------------------
# rowcast processes


class RowcastRun:
    """One rowcast process. Its stdout and stderr go to files in the connector's work dir."""

    def __init__(self, argv: list[str], workdir: Path, index: int):
        self.argv = argv
        self.index = index
        self.stdout_path = workdir / f"run-{index}.stdout"
        self.stderr_path = workdir / f"run-{index}.stderr"
        with open(self.stdout_path, "wb") as out, open(self.stderr_path, "wb") as err:
            self.proc = subprocess.Popen(argv, stdout=out, stderr=err, stdin=subprocess.DEVNULL)
        self.killed = False

    @property
    def pid(self) -> int:
        return self.proc.pid

    def stderr(self) -> str:
        return self.stderr_path.read_text(errors="replace")

    def stdout_lines(self) -> list[str]:
        return read_ndjson(self.stdout_path)[0]

    def exited(self) -> bool:
        return self.proc.poll() is not None

    def returncode(self) -> int | None:
        return self.proc.poll()

    def wait(self, timeout: float = TIMEOUT) -> int:
        """Waits for the process to exit by itself; fails the test if it does not."""
        try:
            return self.proc.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            self.kill()
            raise AssertionError(f"rowcast did not exit within {timeout:.0f}s (killed it)\n"
                                 f"{self.describe()}")

    def signal_and_wait(self, sig: int, timeout: float = TIMEOUT) -> int:
        if self.proc.poll() is None:
            self.proc.send_signal(sig)
        try:
            return self.proc.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            self.kill()
            raise AssertionError(f"rowcast did not stop within {timeout:.0f}s of "
                                 f"{signal.Signals(sig).name} (killed it)\n{self.describe()}")

    def terminate(self, timeout: float = TIMEOUT) -> int:
        return self.signal_and_wait(signal.SIGTERM, timeout)

    def interrupt(self, timeout: float = TIMEOUT) -> int:
        return self.signal_and_wait(signal.SIGINT, timeout)

    def kill(self) -> None:
        """kill -9, then reap."""
        if self.proc.poll() is None:
            self.proc.kill()
            self.killed = True
        self.proc.wait(timeout=TIMEOUT)

    def error_lines(self) -> list[str]:
        return [l for l in self.stderr().splitlines() if l.startswith("error: ")]

    def warning_lines(self) -> list[str]:
        return [l for l in self.stderr().splitlines() if "warn" in l.lower()]

    def describe(self, tail: int = 40) -> str:
        rc = self.proc.poll()
        state = "running" if rc is None else f"exit code {rc}"
        lines = self.stderr().splitlines()
        shown = "\n".join(lines[-tail:]) if lines else "<empty>"
        return (f"rowcast run {self.index} (pid {self.pid}, {state}): {' '.join(self.argv)}\n"
                f"--- stderr (last {tail} lines) ---\n{shown}")


class Polling:
    """wait_for / wait_for_stderr for a class whose runs (`self.runs`, `self.current`, each a
    RowcastRun) are rowcast processes: `exit_label` names the process in failures and
    `failure_context()` says what to show with them."""
    exit_label = "rowcast"
    poll_interval = 0.05

    def failure_context(self) -> str:
        return self.current.describe()

    def wait_for(self, condition: Callable[[], Any], what: str | Callable[[], str],
                 timeout: float = TIMEOUT) -> Any:
        """Polls condition() until it returns something truthy. Fails at once, with stderr, if
        the process exits; fails with the state described by `what` after `timeout` seconds."""
        deadline = time.monotonic() + timeout
        while True:
            result = condition()
            if result:
                return result
            if self.runs and self.current.exited():
                result = condition()  # output written just before exiting
                if result:
                    return result
                raise AssertionError(f"{self.exit_label} exited while waiting for "
                                     f"{_what(what)}\n{self.failure_context()}")
            if time.monotonic() > deadline:
                raise AssertionError(f"timed out after {timeout:.0f}s waiting for {_what(what)}"
                                     f"\n{self.failure_context()}")
            time.sleep(self.poll_interval)

    def wait_for_stderr(self, pattern: str, timeout: float = TIMEOUT) -> str:
        rx = re.compile(pattern, re.IGNORECASE)

        def found():
            for line in self.current.stderr().splitlines():
                if rx.search(line):
                    return line
            return None
        return self.wait_for(found, f"a stderr line matching /{pattern}/", timeout)


class Connector(Polling):
    """A connector configuration with its own data dir and sink; it can be run several times
    (restarts keep the data dir and the sink directory)."""

    def __init__(self, binary: Path, workdir: Path, config: dict, sink: str = "file",
                 extra_args: Iterable[str] = (), kafka: Any = None,
                 worker: dict[str, str] | None = None):
        """sink: "file", "stdout" or "kafka" (then `kafka` is the kafka_harness.Kafka to
        produce to, unless `worker` names bootstrap.servers itself). `worker`: Kafka Connect
        worker properties, written to a file given with --worker."""
        self.kafka = kafka
        self.worker = worker
        self.binary = binary
        self.workdir = workdir
        self.workdir.mkdir(parents=True, exist_ok=True)
        self.config = config
        self.sink_kind = sink
        self.sink_dir = workdir / "sink"
        self.data_dir = workdir / "data"
        self.config_path = workdir / "connector.json"
        self.extra_args = list(extra_args)
        self.runs: list[RowcastRun] = []
        # When set, written to the config file instead of json.dumps(config) (for invalid JSON).
        self.config_text: str | None = None

    @property
    def name(self) -> str:
        return self.config["name"]

    @property
    def prefix(self) -> str:
        c = self.config["config"]
        return c.get("topic.prefix") or c.get("database.server.name")

    @property
    def offsets_path(self) -> Path:
        return self.data_dir / "offsets" / f"{self.name}.json"

    @property
    def current(self) -> RowcastRun:
        assert self.runs, "rowcast was never started"
        return self.runs[-1]

    def argv(self) -> list[str]:
        extra = []
        if self.sink_kind == "kafka":
            sink = "kafka" if self.worker and "bootstrap.servers" in self.worker \
                else f"kafka:{self.kafka.bootstrap}"
        else:
            sink = "stdout" if self.sink_kind == "stdout" else f"file:{self.sink_dir}"
        if self.worker is not None:
            path = self.workdir / "worker.properties"
            path.write_text("".join(f"{k}={v}\n" for k, v in self.worker.items()))
            extra = ["--worker", str(path)]
        return [str(self.binary), "run", str(self.config_path), "--sink", sink,
                "--data-dir", str(self.data_dir), "--log-level", "info", *extra,
                *self.extra_args]

    def start(self) -> RowcastRun:
        if self.runs and not self.runs[-1].exited():
            raise AssertionError("start() while the previous run is still running")
        self.sink_dir.mkdir(parents=True, exist_ok=True)
        self.data_dir.mkdir(parents=True, exist_ok=True)
        text = self.config_text if self.config_text is not None else json.dumps(self.config,
                                                                                 indent=2)
        self.config_path.write_text(text)
        run = RowcastRun(self.argv(), self.workdir, len(self.runs))
        self.runs.append(run)
        return run

    # ---- sink contents

    def topic(self, db: str, table: str) -> str:
        return f"{self.prefix}.{db}.{table}"

    def topic_files(self) -> dict[str, Path]:
        return {p.name[:-len(".ndjson")]: p for p in sorted(self.sink_dir.glob("*.ndjson"))}

    def lines(self, topic: str) -> list[str]:
        """Complete lines of a topic (file sink) so far."""
        return read_ndjson(self.sink_dir / f"{topic}.ndjson")[0]

    def records(self, topic: str | None = None) -> list[dict]:
        """Parsed records. File sink: the topic's file (or every file, file by file, when topic
        is None). Stdout sink: every run's stdout in order, filtered by topic if given. Kafka
        sink: read back from the broker, topic by topic and partition by partition."""
        if self.sink_kind == "kafka":
            topics = [topic] if topic is not None else self.kafka.topics(self.prefix + ".")
            return self.kafka.read(topics)
        if self.sink_kind == "stdout":
            recs = []
            for run in self.runs:
                recs += parse_lines(run.stdout_lines(), f"stdout of run {run.index}")
            return [r for r in recs if topic is None or r["topic"] == topic]
        if topic is not None:
            return parse_lines(self.lines(topic), f"{topic}.ndjson")
        recs = []
        for t, p in self.topic_files().items():
            recs += parse_lines(read_ndjson(p)[0], p.name)
        return recs


    def wait_for_records(self, count: int, topic: str | None = None,
                         timeout: float = TIMEOUT) -> list[dict]:
        def enough():
            recs = self.records(topic)
            return recs if len(recs) >= count else None

        def state():
            recs = self.records(topic)
            where = f"topic {topic}" if topic else "the sink"
            return (f"{count} records in {where}; have {len(recs)}:\n"
                    + "\n".join(short(summary(r)) for r in recs[-20:]))
        return self.wait_for(enough, state, timeout)

    def wait_for_record(self, predicate: Callable[[dict], bool], what: str,
                        topic: str | None = None, timeout: float = TIMEOUT) -> list[dict]:
        """Waits until some record satisfies predicate; returns all records at that moment."""
        def found():
            recs = self.records(topic)
            return recs if any(predicate(r) for r in recs) else None

        def state():
            recs = self.records(topic)
            return (f"{what}; the sink has {len(recs)} records:\n"
                    + "\n".join(short(summary(r)) for r in recs[-20:]))
        return self.wait_for(found, state, timeout)


    def describe(self) -> str:
        return "\n".join(run.describe() for run in self.runs)


def _what(what: str | Callable[[], str]) -> str:
    return what() if callable(what) else what


def after_id(value: int, op: str = "c") -> Callable[[dict], bool]:
    """Predicate: a record whose `after` has id == value and op == op."""
    def pred(rec: dict) -> bool:
        v = rec["value"]
        return bool(v) and v.get("op") == op and (v.get("after") or {}).get("id") == value
    return pred


# --------------------------------------------------------------------------------------------
# Expected values (Debezium's JSON converter, schemas disabled)


def decimal_b64(unscaled: int) -> str:
    """base64 of the minimal big-endian two's-complement bytes of an unscaled value, as Java's
    BigInteger.toByteArray() (what Kafka Connect's Decimal logical type carries)."""
    bits = unscaled.bit_length() if unscaled >= 0 else (~unscaled).bit_length()
    return base64.b64encode(unscaled.to_bytes(bits // 8 + 1, "big", signed=True)).decode()


def b64(data: bytes) -> str:
    return base64.b64encode(data).decode()


EPOCH_DATE = dt.date(1970, 1, 1)
EPOCH = dt.datetime(1970, 1, 1)


def days(iso: str) -> int:
    return (dt.date.fromisoformat(iso) - EPOCH_DATE).days


def micros(iso: str) -> int:
    """DATETIME text (read as UTC) → µs since the epoch."""
    delta = dt.datetime.fromisoformat(iso) - EPOCH
    return (delta.days * 86400 + delta.seconds) * 1_000_000 + delta.microseconds


def millis(iso: str) -> int:
    return micros(iso) // 1000


def time_micros(text: str) -> int:
    """MariaDB TIME text ('-838:59:59', '12:34:56.789') → signed µs."""
    m = re.fullmatch(r"(-?)(\d+):(\d\d):(\d\d)(?:\.(\d{1,6}))?", text)
    assert m, text
    sign = -1 if m.group(1) else 1
    frac = int((m.group(5) or "").ljust(6, "0"))
    total = ((int(m.group(2)) * 60 + int(m.group(3))) * 60 + int(m.group(4))) * 1_000_000 + frac
    return sign * total


# --------------------------------------------------------------------------------------------
# Checks shared by several tests

GTID_RX = re.compile(r"^\d+-\d+-\d+$")
BINLOG_FILE_RX = re.compile(r"^binlog\.\d{6}$")


def source_problems(value: dict, *, prefix: str, db: str, table: str,
                    gtid: str | None = None, query: Any = None,
                    not_before_ms: int | None = None) -> list[str]:
    """Checks the envelope fields and the source block of one change event value."""
    problems = []

    def check(cond: bool, msg: str):
        if not cond:
            problems.append(msg)

    def is_int(x):
        return isinstance(x, int) and not isinstance(x, bool)

    check(set(value) >= {"before", "after", "source", "op", "ts_ms", "transaction"},
          f"value keys are {sorted(value)}")
    check(value.get("op") in ("c", "u", "d"), f"op is {value.get('op')!r}")
    check(value.get("transaction", "missing") is None,
          f"transaction is {value.get('transaction', 'missing')!r}, expected null")
    ts = [value.get("ts_ms"), value.get("ts_us"), value.get("ts_ns")]
    if all(is_int(x) for x in ts):
        check(ts[1] // 1000 == ts[0] and ts[2] // 1000 == ts[1],
              f"value ts_ms/ts_us/ts_ns are not the same instant: {ts}")
    else:
        problems.append(f"value ts_ms/ts_us/ts_ns must be integers: {ts}")
    s = value.get("source")
    if not isinstance(s, dict):
        return problems + [f"source is {s!r}"]
    check(isinstance(s.get("version"), str) and s.get("version") != "",
          f"source.version is {s.get('version')!r}")
    check(s.get("connector") == "mysql", f"source.connector is {s.get('connector')!r}")
    check(s.get("name") == prefix, f"source.name is {s.get('name')!r}, expected {prefix!r}")
    check(s.get("snapshot") == "false", f"source.snapshot is {s.get('snapshot')!r}")
    check(s.get("db") == db, f"source.db is {s.get('db')!r}, expected {db!r}")
    check(s.get("table") == table, f"source.table is {s.get('table')!r}, expected {table!r}")
    check("sequence" in s and s["sequence"] is None, f"source.sequence is {s.get('sequence')!r}")
    check(s.get("server_id") == 1, f"source.server_id is {s.get('server_id')!r}, expected 1")
    check(isinstance(s.get("gtid"), str) and bool(GTID_RX.match(s["gtid"])),
          f"source.gtid is {s.get('gtid')!r}, expected like '0-1-17'")
    if gtid is not None:
        check(s.get("gtid") == gtid, f"source.gtid is {s.get('gtid')!r}, expected {gtid!r}")
    check(isinstance(s.get("file"), str) and bool(BINLOG_FILE_RX.match(s["file"])),
          f"source.file is {s.get('file')!r}, expected like 'binlog.000001'")
    check(is_int(s.get("pos")) and s["pos"] > 0, f"source.pos is {s.get('pos')!r}")
    check(is_int(s.get("row")) and s["row"] >= 0, f"source.row is {s.get('row')!r}")
    check("thread" in s and (s["thread"] is None or is_int(s["thread"])),
          f"source.thread is {s.get('thread', 'missing')!r}")
    check("query" in s and s["query"] == query,
          f"source.query is {s.get('query', 'missing')!r}, expected {query!r}")
    sts = [s.get("ts_ms"), s.get("ts_us"), s.get("ts_ns")]
    if all(is_int(x) for x in sts):
        check(sts[1] // 1000 == sts[0] and sts[2] // 1000 == sts[1],
              f"source ts_ms/ts_us/ts_ns are not the same instant: {sts}")
        # Commit time comes from the binlog (whole seconds); generous slack, same machine.
        if not_before_ms is not None:
            check(not_before_ms - 5000 <= sts[0] <= time.time() * 1000 + 5000,
                  f"source.ts_ms {sts[0]} is not the commit time (test began at {not_before_ms})")
        if is_int(value.get("ts_ms")):
            check(value["ts_ms"] >= sts[0] - 1000,
                  f"value.ts_ms {value['ts_ms']} (processing time) is before the commit time "
                  f"source.ts_ms {sts[0]}")
    else:
        problems.append(f"source ts_ms/ts_us/ts_ns must be integers: {sts}")
    return problems
