"""Fixtures for rowcast's integration tests.

- `server`: the MariaDB 10.11 shared by the whole session (scripts/mariadb start --name
  itest-<pid>), stopped at the end. Every test works in its own database (`db` fixture) and
  tells rowcast to look only at it with database.include.list, because rowcast streams from the
  start of the oldest binlog file and sees every other test's changes.
- `nobinlog_server`, `statement_server`, `minimal_server`: variant servers, started only if a
  test needs them.
- `connector`: makes rowcast connectors (config + data dir + sink under tmp_path); every process
  still running at the end of the test is killed, and on failure its stderr is printed.
"""

from __future__ import annotations

import os
import re
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent))

from rowcast_harness import (  # noqa: E402
    Connector,
    MariaDB,
    connector_config,
    rowcast_bin as _rowcast_bin,
)


def pytest_report_header(config):
    path = _rowcast_bin()
    state = "found" if path.exists() else "MISSING"
    return [f"rowcast binary: {path} ({state}); set ROWCAST_BIN to change it"]


@pytest.hookimpl(hookwrapper=True, tryfirst=True)
def pytest_runtest_makereport(item, call):
    outcome = yield
    rep = outcome.get_result()
    setattr(item, f"rep_{rep.when}", rep)


def _start_server(name: str, *flags: str) -> MariaDB:
    try:
        return MariaDB.start(name, *flags)
    except Exception as e:  # noqa: BLE001 - turn any start failure into a clear test error
        pytest.fail(f"could not start MariaDB {name}: {e}", pytrace=False)


@pytest.fixture(scope="session")
def server():
    s = _start_server(f"itest-{os.getpid()}")
    try:
        yield s
    finally:
        s.stop()


@pytest.fixture(scope="session")
def nobinlog_server():
    s = _start_server(f"itest-{os.getpid()}-nobinlog", "--no-binlog")
    try:
        yield s
    finally:
        s.stop()


@pytest.fixture(scope="session")
def statement_server():
    s = _start_server(f"itest-{os.getpid()}-stmt", "--binlog-format", "STATEMENT")
    try:
        yield s
    finally:
        s.stop()


@pytest.fixture(scope="session")
def minimal_server():
    """binlog_row_metadata=MINIMAL: no column names, keys or labels in TABLE_MAP events."""
    s = _start_server(f"itest-{os.getpid()}-minimal", "--row-metadata", "MINIMAL")
    try:
        yield s
    finally:
        s.stop()


@pytest.fixture(scope="session")
def kafka():
    """A Kafka broker (KRaft, scripts/kafka) shared by the session, with an SSL listener too."""
    from kafka_harness import Kafka
    try:
        k = Kafka.start(f"itest-{os.getpid()}", "--ssl")
    except Exception as e:  # noqa: BLE001 - turn any start failure into a clear test error
        pytest.fail(f"could not start Kafka: {e}", pytrace=False)
    try:
        yield k
    finally:
        k.stop()


@pytest.fixture(scope="session")
def rowcast_bin() -> Path:
    path = _rowcast_bin()
    if not (path.is_file() and os.access(path, os.X_OK)):
        pytest.fail(f"rowcast binary not found at {path}: build it (cmake --preset ci && "
                    f"cmake --build --preset ci) or set ROWCAST_BIN", pytrace=False)
    return path


_db_counter = iter(range(1, 1_000_000))


def unique_name(hint: str, limit: int = 40) -> str:
    base = re.sub(r"[^a-z0-9_]+", "_", hint.lower()).strip("_")[:limit].rstrip("_")
    return f"{base}_{next(_db_counter)}"


@pytest.fixture
def db(server, request) -> str:
    """A fresh database of the shared server, named after the test."""
    name = unique_name("it_" + request.node.name.removeprefix("test_"), 48)
    return server.create_database(name)


@pytest.fixture
def connector(server, rowcast_bin, tmp_path, request):
    """connector(databases, overrides=None, sink='file', on=server, name=None, prefix=None)
    → Connector. Nothing runs until .start()."""
    made: list[Connector] = []
    counter = iter(range(1, 1000))

    def make(databases: str | None, overrides: dict | None = None, sink: str = "file",
             on: MariaDB | None = None, name: str | None = None,
             prefix: str | None = None, kafka=None,
             worker: dict[str, str] | None = None) -> Connector:
        n = next(counter)
        test = re.sub(r"[^a-z0-9]+", "-", request.node.name.lower()).strip("-")[:40]
        config = connector_config(on or server, name=name or f"itest-{test}-{n}",
                                  prefix=prefix or f"rc{n}", databases=databases,
                                  overrides=overrides)
        c = Connector(rowcast_bin, tmp_path / f"connector-{n}", config, sink=sink,
                      kafka=kafka, worker=worker)
        made.append(c)
        return c

    yield make

    failed = any(getattr(getattr(request.node, f"rep_{w}", None), "failed", False)
                 for w in ("setup", "call"))
    for c in made:
        for run in c.runs:
            if not run.exited():
                run.kill()
        if failed and c.runs:
            print(f"\n===== connector {c.name} (work dir {c.workdir}) =====")
            print(c.describe())
