"""A real Kafka broker for the integration tests (scripts/kafka) and an independent reader of
what rowcast produced: the Python client confluent-kafka, which assigns every partition of the
topics asked for and reads from the start up to the end offsets of that moment."""

from __future__ import annotations

import json
import subprocess
import time
import uuid
from pathlib import Path

from confluent_kafka import Consumer, KafkaException, TopicPartition
from confluent_kafka.admin import AdminClient, NewTopic

from rowcast_harness import unwrap_connect_json

REPO = Path(__file__).resolve().parents[2]
SCRIPT = REPO / "scripts" / "kafka"


def _env(text: str) -> dict[str, str]:
    env = {}
    for line in text.splitlines():
        if "=" in line and not line.startswith("#"):
            k, v = line.split("=", 1)
            env[k.strip()] = v.strip().strip("'\"")
    return env


class Kafka:
    """A broker started by scripts/kafka; `bootstrap` is its PLAINTEXT listener."""

    def __init__(self, name: str, env: dict[str, str]):
        self.name = name
        self.env = env

    @classmethod
    def start(cls, name: str, *flags: str) -> "Kafka":
        out = subprocess.run([str(SCRIPT), "start", "--name", name, *flags], check=True,
                             capture_output=True, text=True, timeout=300)
        return cls(name, _env(out.stdout))

    def _run(self, cmd: str, *args: str, timeout: float = 120) -> str:
        out = subprocess.run([str(SCRIPT), cmd, "--name", self.name, *args], capture_output=True,
                             text=True, timeout=timeout)
        if out.returncode != 0:
            raise AssertionError(f"scripts/kafka {cmd} failed ({out.returncode}):\n{out.stderr}")
        return out.stdout

    def stop(self) -> None:
        self._admin = None
        self._run("stop")

    def kill(self, hard: bool = False) -> None:
        """Stops the broker, keeping its data (an outage)."""
        self._run("kill", *(["--hard"] if hard else []))

    def restart(self) -> None:
        self.env = _env(self._run("restart", timeout=300))

    def java(self, cls: str, *args: str, stdin: str = "", timeout: float = 120) -> str:
        """Runs a Kafka tool class with the broker's jars (for the Java client's behaviour)."""
        out = subprocess.run([str(SCRIPT), "run", cls, *args], input=stdin, capture_output=True,
                             text=True, timeout=timeout)
        if out.returncode != 0:
            raise AssertionError(f"{cls} failed ({out.returncode}):\n{out.stderr[-3000:]}")
        return out.stdout

    @property
    def bootstrap(self) -> str:
        return self.env["KAFKA_BOOTSTRAP"]

    @property
    def ssl_bootstrap(self) -> str:
        return self.env["KAFKA_SSL_BOOTSTRAP"]

    @property
    def sasl_bootstrap(self) -> str:
        """A SASL_PLAINTEXT listener with mechanism PLAIN (user/password: sasl_user/sasl_password)."""
        return self.env["KAFKA_SASL_BOOTSTRAP"]

    @property
    def sasl_user(self) -> str:
        return self.env["KAFKA_SASL_USER"]

    @property
    def sasl_password(self) -> str:
        return self.env["KAFKA_SASL_PASSWORD"]

    @property
    def ca(self) -> str:
        return self.env["KAFKA_CA"]

    # ---- admin

    def admin(self) -> AdminClient:
        # Kept: a client destroyed while a request is pending fails the request.
        if getattr(self, "_admin", None) is None or self._admin_for != self.bootstrap:
            self._admin = AdminClient({"bootstrap.servers": self.bootstrap})
            self._admin_for = self.bootstrap
        return self._admin

    def create_topic(self, topic: str, partitions: int = 1, config: dict | None = None) -> None:
        futures = self.admin().create_topics(
            [NewTopic(topic, num_partitions=partitions, replication_factor=1,
                      config=config or {})])
        futures[topic].result(timeout=60)

    def topics(self, prefix: str = "") -> list[str]:
        meta = self.admin().list_topics(timeout=30)
        return sorted(t for t in meta.topics if t.startswith(prefix) and not t.startswith("__"))

    def partitions(self, topic: str) -> int:
        return len(self.admin().list_topics(topic, timeout=30).topics[topic].partitions)

    # ---- reading back

    def read(self, topics: list[str], isolation: str = "read_uncommitted") -> list[dict]:
        """Every record now in `topics`, topic by topic and partition by partition, in offset
        order: {"topic","partition","offset","key","value","headers","raw_key","raw_value"},
        key and value parsed as JSON (None for a null key / tombstone)."""
        if not topics:
            return []
        c = Consumer({"bootstrap.servers": self.bootstrap, "group.id": f"check-{uuid.uuid4()}",
                      "enable.auto.commit": False, "isolation.level": isolation,
                      "enable.partition.eof": False})
        try:
            meta = c.list_topics(timeout=30)
            assign, ends = [], {}
            for t in topics:
                if t not in meta.topics:
                    continue
                for p in meta.topics[t].partitions:
                    lo, hi = _watermarks(c, TopicPartition(t, p))
                    if hi > lo:
                        assign.append(TopicPartition(t, p, lo))
                        ends[(t, p)] = hi
            if not assign:
                return []
            c.assign(assign)
            got: dict[tuple[str, int], list[dict]] = {k: [] for k in ends}
            done: set[tuple[str, int]] = set()
            deadline = time.monotonic() + 60
            while len(done) < len(ends):
                if time.monotonic() > deadline:
                    raise AssertionError(f"reading {topics} timed out: "
                                         f"{ {k: len(v) for k, v in got.items()} } of {ends}")
                m = c.poll(0.5)
                if m is None:
                    # Transaction markers (and, read_committed, aborted records) are never
                    # delivered: the position says when the end is passed.
                    for tp in c.position([TopicPartition(t, p) for (t, p) in ends]):
                        if tp.offset >= ends[(tp.topic, tp.partition)]:
                            done.add((tp.topic, tp.partition))
                    continue
                if m.error():
                    raise KafkaException(m.error())
                k = (m.topic(), m.partition())
                got[k].append({
                    "topic": m.topic(), "partition": m.partition(), "offset": m.offset(),
                    "raw_key": m.key(), "raw_value": m.value(),
                    "key": _parse(m.key(), f"{m.topic()}/{m.partition()}@{m.offset()} key"),
                    "value": _parse(m.value(),
                                    f"{m.topic()}/{m.partition()}@{m.offset()} value"),
                    "headers": m.headers() or [],
                })
                if m.offset() + 1 >= ends[k]:
                    done.add(k)
            return [r for k in sorted(got) for r in got[k]]
        finally:
            c.close()


def _watermarks(c: Consumer, tp: TopicPartition) -> tuple[int, int]:
    """Low and high offsets; retried while a restarted broker settles its leaders."""
    deadline = time.monotonic() + 60
    while True:
        try:
            return c.get_watermark_offsets(tp, timeout=30, cached=False)
        except KafkaException as e:
            if not e.args[0].retriable() and "leader" not in str(e).lower() \
                    or time.monotonic() > deadline:
                raise
            time.sleep(0.5)


def _parse(raw: bytes | None, where: str):
    """JSON, unwrapped from JsonConverter's {"schema","payload"} (checked against the schema)."""
    return None if raw is None else unwrap_connect_json(json.loads(raw), where)


def murmur2(data: bytes) -> int:
    """Kafka's murmur2 (org.apache.kafka.common.utils.Utils.murmur2), as a signed 32-bit int."""
    m, r = 0x5BD1E995, 24
    length = len(data)
    h = (0x9747B28C ^ length) & 0xFFFFFFFF
    for i in range(0, length - length % 4, 4):
        k = int.from_bytes(data[i:i + 4], "little")
        k = (k * m) & 0xFFFFFFFF
        k ^= k >> r
        k = (k * m) & 0xFFFFFFFF
        h = (h * m) & 0xFFFFFFFF
        h ^= k
    rest = length % 4
    tail = length - rest
    if rest == 3:
        h ^= data[tail + 2] << 16
    if rest >= 2:
        h ^= data[tail + 1] << 8
    if rest >= 1:
        h ^= data[tail]
        h = (h * m) & 0xFFFFFFFF
    h ^= h >> 13
    h = (h * m) & 0xFFFFFFFF
    h ^= h >> 15
    return h - (1 << 32) if h & 0x80000000 else h


def java_partition(key: bytes, partitions: int) -> int:
    """The partition Java's default partitioner gives a keyed record: toPositive(murmur2) % n."""
    return (murmur2(key) & 0x7FFFFFFF) % partitions
