"""CloudEvents conformance against the official Python SDK (`cloudevents` on PyPI).

(a) `rowcast event-display` receives events that the SDK renders (binary and structured HTTP
    mode, sent with urllib) and prints them as Knative's event-display does; it answers like an
    sdk-go receiver (200 / 400 / 415).
(b) The SDK's parsers read what rowcast renders. No rowcast sink emits CloudEvents yet, so the
    requests come from tests/unit/dispatch/cloudevents_golden.json, which the C++ unit test
    `CloudEventsGoldenTest.RenderersMatchTheGoldenFile` pins to the renderers' exact output
    (HTTP binary and structured, Kafka binary, and the event-display text).

Needs no database or broker; event-display binds port 0 on 127.0.0.1.
"""

from __future__ import annotations

import http.client
import json
import re
import subprocess
import time
import urllib.parse
import urllib.request
import warnings
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest

from rowcast_harness import rowcast_bin

warnings.filterwarnings("ignore", category=DeprecationWarning)
try:  # cloudevents 1.x
    from cloudevents.http import CloudEvent, from_http, to_binary, to_structured
except ImportError:  # cloudevents 2.x keeps the 1.x API here
    from cloudevents.v1.http import CloudEvent, from_http, to_binary, to_structured
try:  # cloudevents 2.x: spec-conformant bindings (percent-encoding of header values)
    from cloudevents.core.bindings import http as core_http
    from cloudevents.core.bindings import kafka as core_kafka
    from cloudevents.core.v1.event import CloudEvent as CoreCloudEvent
except ImportError:
    core_http = core_kafka = CoreCloudEvent = None

GOLDEN = Path(__file__).resolve().parents[1] / "unit" / "dispatch" / "cloudevents_golden.json"
BANNER = "\u2601\ufe0f  cloudevents.Event\n"
CORE = {"specversion", "id", "source", "type", "time", "subject", "datacontenttype",
        "dataschema", "data", "data_base64"}


class Display:
    """A running `rowcast event-display`; stdout goes to a file so tests can read it whole."""

    def __init__(self, tmp: Path, *args: str):
        self.out_path = tmp / "display.out"
        self.err_path = tmp / "display.err"
        self.out = open(self.out_path, "wb")
        self.err = open(self.err_path, "wb")
        self.proc = subprocess.Popen(
            [str(rowcast_bin()), "event-display", "--listen", "127.0.0.1:0", *args],
            stdout=self.out, stderr=self.err)
        deadline = time.monotonic() + 20
        self.url = None
        while time.monotonic() < deadline and self.url is None:
            m = re.search(r"event-display listening on (http://\S+)",
                          self.err_path.read_text(errors="replace"))
            if m:
                self.url = m.group(1)
            elif self.proc.poll() is not None:
                break
            else:
                time.sleep(0.05)
        assert self.url, f"event-display did not start:\n{self.err_path.read_text()}"

    def post(self, headers: dict[str, str], body: bytes) -> tuple[int, str]:
        # http.client adds no Content-Type of its own (urllib would add a form type).
        u = urllib.parse.urlsplit(self.url)
        conn = http.client.HTTPConnection(u.hostname, u.port, timeout=10)
        try:
            conn.request("POST", "/", body=body, headers=headers)
            r = conn.getresponse()
            return r.status, r.read().decode()
        finally:
            conn.close()

    def output(self, events: int) -> str:
        deadline = time.monotonic() + 10
        text = ""
        while time.monotonic() < deadline:
            text = self.out_path.read_text(encoding="utf-8")
            if text.count(BANNER) >= events:
                break
            time.sleep(0.05)
        return text

    def close(self) -> None:
        if self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
        self.out.close()
        self.err.close()


@pytest.fixture
def display(tmp_path):
    d = Display(tmp_path)
    yield d
    d.close()


def golden() -> dict:
    return json.loads(GOLDEN.read_text(encoding="utf-8"))


ATTRS = {
    "type": "io.debezium.connector.mysql.DataChangeEvent",
    "source": "/debezium/mysql/dbserver1",
    "id": "name:dbserver1;file:mysql-bin.000003;pos:154;row:0",
    "time": "2023-11-14T22:13:20.000Z",
    "subject": "inventory.customers",
    "datacontenttype": "application/json",
    "iodebeziumop": "c",
    "iodebeziumtsms": "1700000000000",
    "iodebeziumdb": "inventory",
}
DATA = {"before": None, "after": {"id": 1001, "first_name": "Sally", "tags": []}, "op": "c"}
EXPECTED = (BANNER +
            "Context Attributes,\n"
            "  specversion: 1.0\n"
            "  type: io.debezium.connector.mysql.DataChangeEvent\n"
            "  source: /debezium/mysql/dbserver1\n"
            "  subject: inventory.customers\n"
            "  id: name:dbserver1;file:mysql-bin.000003;pos:154;row:0\n"
            "  time: 2023-11-14T22:13:20Z\n"
            "  datacontenttype: application/json\n"
            "Extensions,\n"
            "  iodebeziumdb: inventory\n"
            "  iodebeziumop: c\n"
            "  iodebeziumtsms: 1700000000000\n"
            "Data,\n"
            "  {\n"
            "    \"before\": null,\n"
            "    \"after\": {\n"
            "      \"id\": 1001,\n"
            "      \"first_name\": \"Sally\",\n"
            "      \"tags\": []\n"
            "    },\n"
            "    \"op\": \"c\"\n"
            "  }\n")


# --- (a) the SDK sends, rowcast event-display receives ------------------------------------

def test_event_display_prints_a_binary_mode_event_from_the_sdk(display):
    headers, body = to_binary(CloudEvent(dict(ATTRS), DATA))
    assert "ce-datacontenttype" not in headers
    status, _ = display.post(headers, body)
    assert status == 200
    assert display.output(1) == EXPECTED


def test_event_display_prints_a_structured_mode_event_identically(display):
    headers, body = to_structured(CloudEvent(dict(ATTRS), DATA))
    assert headers["content-type"].startswith("application/cloudevents+json")
    status, _ = display.post(headers, body)
    assert status == 200
    assert display.output(1) == EXPECTED


def test_event_display_prints_data_raw_without_a_json_content_type(display):
    attrs = {k: v for k, v in ATTRS.items() if k != "datacontenttype"}
    headers, body = to_binary(CloudEvent(attrs, DATA))
    status, _ = display.post(headers, body)
    assert status == 200
    out = display.output(1)
    assert "datacontenttype" not in out
    assert out.endswith("Data,\n  " + body.decode() + "\n")


@pytest.mark.skipif(core_http is None, reason="needs cloudevents>=2 (percent-encoding bindings)")
def test_event_display_percent_decodes_header_values_the_sdk_encoded(display):
    attrs = {"type": "t", "source": "/s", "id": "Euro € 😀", "subject": 'a b "100%"\u00fc',
             "time": datetime(2023, 11, 14, 22, 13, 20, 500000, timezone(timedelta(hours=1))),
             "datacontenttype": "text/plain"}
    msg = core_http.to_binary_event(CoreCloudEvent(attributes=attrs, data="hi"))
    assert msg.headers["ce-id"] == "Euro%20%E2%82%AC%20%F0%9F%98%80"  # §3.3 test vector
    assert msg.headers["ce-time"] == "2023-11-14T22:13:20.500000%2B01:00" or \
        msg.headers["ce-time"] == "2023-11-14T22:13:20.500000+01:00"
    status, answer = display.post(msg.headers, msg.body)
    assert status == 200, answer
    out = display.output(1)
    assert "  id: Euro € 😀\n" in out
    assert '  subject: a b "100%"\u00fc\n' in out
    assert "  time: 2023-11-14T21:13:20.5Z\n" in out
    assert out.endswith("Data,\n  hi\n")


def test_event_display_rejects_what_is_not_a_single_valid_cloudevent(display):
    status, body = display.post({"Content-Type": "application/json"}, b"{}")
    assert status == 415 and "not a CloudEvent" in body
    status, body = display.post({"Content-Type": "application/cloudevents-batch+json"},
                                b"[" + to_structured(CloudEvent(dict(ATTRS), DATA))[1] + b"]")
    assert status == 400 and "batch" in body
    headers, data = to_binary(CloudEvent(dict(ATTRS), DATA))
    bad = {k: v for k, v in headers.items() if k != "ce-type"}
    status, body = display.post(bad, data)
    assert status == 400 and "type" in body
    headers["ce-specversion"] = "0.3"
    status, body = display.post(headers, data)
    assert status == 400 and "specversion" in body
    # §12 A5 negative control: an INT64 extension as a JSON number is rejected, as sdk-go does.
    ev = json.loads(to_structured(CloudEvent(dict(ATTRS), DATA))[1])
    ev["iodebeziumtsms"] = 1700000000000
    status, body = display.post({"Content-Type": "application/cloudevents+json"},
                                json.dumps(ev).encode())
    assert status == 400 and "iodebeziumtsms" in body
    headers["ce-specversion"] = "1.0"
    headers["ce-subject"] = "%C0%A0"  # an overlong space: invalid UTF-8 once decoded (§3.3)
    status, body = display.post(headers, data)
    assert status == 400 and "UTF-8" in body
    status, _ = display.post({"Content-Type": "application/cloudevents+json"}, b"{not json")
    assert status == 400
    assert BANNER not in display.output(0)


def test_event_display_health_probe(display):
    with urllib.request.urlopen(display.url + "/healthz", timeout=10) as r:
        assert r.status == 204


def test_event_display_fixed_status_and_count(tmp_path):
    d = Display(tmp_path, "--status", "202", "--count", "2")
    try:
        headers, body = to_binary(CloudEvent(dict(ATTRS), DATA))
        assert d.post(headers, body)[0] == 202
        headers, body = to_structured(CloudEvent(dict(ATTRS), DATA))
        assert d.post(headers, body)[0] == 202
        assert d.proc.wait(timeout=10) == 0
        assert d.output(2).count(BANNER) == 2
    finally:
        d.close()


# --- (b) rowcast renders, the SDK parses -----------------------------------------------------

def check_golden_attributes(attrs: dict, where: str) -> None:
    """§12 A1, A3, A4, A6, A7 on one parsed event."""
    assert attrs["specversion"] == "1.0", where
    assert attrs["id"] == ("name:dbserver1;file:mariadb-bin.000003;pos:4294967400;row:3"), where
    assert attrs["source"] == "/debezium/mariadb/dbserver1", where
    assert attrs["type"] == "io.debezium.connector.mariadb.DataChangeEvent", where
    ext = {k: v for k, v in attrs.items() if k not in CORE}
    for name, value in ext.items():
        assert re.fullmatch(r"[a-z0-9]+", name), (where, name)
        if isinstance(value, str):
            assert not re.search(r"[\x00-\x1f\x7f-\x9f]", value), (where, name)
    assert "iodebeziumquery" not in ext, where
    for name in ("iodebeziumtsms", "iodebeziumtsus", "iodebeziumtsns", "iodebeziumpos",
                 "iodebeziumserverid", "iodebeziumthread"):
        assert isinstance(ext[name], str) and ext[name].isdigit(), (where, name)
    assert ext["iodebeziumtsms"] == "1700000000123", where
    assert ext["iodebeziumpos"] == "4294967400", where
    assert ext["iodebeziumop"] == "u", where
    assert ext["iodebeziumtable"] == "order lines \u00fc", where


def test_sdk_parses_rowcast_binary_http_request():
    g = golden()["binary"]
    headers = dict(g["headers"])
    body = g["body"].encode()
    assert headers["Content-Type"] == "application/json"
    assert "ce-datacontenttype" not in headers
    assert all(v.isascii() and " " not in v for v in headers.values())  # §3.3 applied
    # 1.x API: reads header values verbatim (it does not percent-decode); every attribute we
    # generate but subject is ASCII-safe, so it reads them unchanged.
    ev = from_http(headers, body)
    attrs = dict(ev.get_attributes())
    assert attrs["subject"] == "shop.order%20lines%20%C3%BC"
    attrs["iodebeziumtable"] = "order lines \u00fc"
    check_golden_attributes(attrs, "binary (1.x API)")
    assert ev.data == json.loads(g["body"])
    assert ev.data["after"]["id"] == 9007199254740993
    if core_http is not None:  # 2.x bindings percent-decode (§3.3)
        ev2 = core_http.from_http_event(core_http.HTTPMessage(headers=headers, body=body))
        a2 = ev2.get_attributes()
        assert a2["subject"] == "shop.order lines \u00fc"
        assert a2["time"].isoformat() == "2023-11-14T22:13:20.123000+00:00"  # A3
        assert a2["datacontenttype"] == "application/json"
        check_golden_attributes(dict(a2), "binary (2.x bindings)")
        assert ev2.get_data() == json.loads(g["body"])


def test_sdk_parses_rowcast_structured_http_request():
    g = golden()["structured"]
    headers = dict(g["headers"])
    assert headers["Content-Type"] == "application/cloudevents+json; charset=utf-8"
    raw = json.loads(g["body"])
    assert isinstance(raw["data"], dict)  # a JSON value, not a string (B4)
    assert raw["iodebeziumrow"] == 3
    ev = from_http(headers, g["body"].encode())
    attrs = dict(ev.get_attributes())
    assert attrs["subject"] == "shop.order lines \u00fc"
    assert attrs["time"] == "2023-11-14T22:13:20.123Z"
    check_golden_attributes(attrs, "structured")
    assert ev.data == json.loads(golden()["binary"]["body"])


@pytest.mark.skipif(core_kafka is None, reason="needs cloudevents>=2 (Kafka bindings)")
def test_sdk_parses_rowcast_kafka_binary_record():
    g = golden()["kafka"]
    names = [n for n, _ in g["headers"]]
    assert len(names) == len(set(names))
    assert all(n == "content-type" or re.fullmatch(r"ce_[a-z0-9]+", n) for n in names)  # C1
    headers = {n: v.encode() for n, v in g["headers"]}
    ev = core_kafka.from_binary_event(core_kafka.KafkaMessage(headers=headers, key=None,
                                                              value=g["value"].encode()))
    attrs = dict(ev.get_attributes())
    assert attrs["subject"] == "shop.order lines \u00fc"  # raw UTF-8, no percent-encoding
    check_golden_attributes(attrs, "kafka binary")
    assert ev.get_data() == json.loads(g["value"])


def test_event_display_prints_rowcast_requests_as_pinned(display):
    g = golden()
    for mode in ("binary", "structured"):
        status, _ = display.post(dict(g[mode]["headers"]), g[mode]["body"].encode())
        assert status == 200, mode
    assert display.output(2) == g["display"] * 2
