"""Java truststores (JKS and PKCS12, made by the real keytool) where Debezium configurations put
them: database.ssl.truststore for the MariaDB connection, and ssl.truststore.location for the
Kafka clients (the sink's producer, the schema history's producer and consumer)."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

from rowcast_harness import CDC_GRANTS, after_id

TLS_USER = "itest_truststore"
TLS_PASSWORD = "Pw-itest-ts-81c3"
STORE_PASSWORD = "Store-pw-4d2a"

pytestmark = pytest.mark.skipif(shutil.which("keytool") is None,
                                reason="keytool (a Java runtime) is not installed")


def keytool_truststore(ca_pem: Path | str, path: Path, storetype: str,
                       password: str = STORE_PASSWORD) -> str:
    """A truststore holding `ca_pem`, as `keytool -importcert` writes it."""
    subprocess.run(["keytool", "-importcert", "-noprompt", "-alias", "ca", "-file", str(ca_pem),
                    "-keystore", str(path), "-storetype", storetype, "-storepass", password],
                   check=True, capture_output=True, text=True, timeout=120)
    return str(path)


@pytest.fixture(scope="module")
def tls_user(server):
    # REQUIRE SSL: events flowing for this user prove that rowcast used TLS.
    server.create_user(TLS_USER, TLS_PASSWORD, CDC_GRANTS, require_ssl=True)
    return TLS_USER


def tls_overrides(mode: str, **more: str) -> dict:
    return {"database.ssl.mode": mode, "database.user": TLS_USER,
            "database.password": TLS_PASSWORD, **more}


def events_flow(server, db, connector, overrides: dict):
    server.sql("CREATE TABLE t (id INT PRIMARY KEY, v VARCHAR(10)); "
               "INSERT INTO t VALUES (1, 'tls');", db=db)
    c = connector(db, overrides=overrides)
    c.start()
    c.wait_for_record(after_id(1), "the insert of id 1", topic=c.topic(db, "t"))
    rc = c.current.terminate()
    assert rc == 0, f"SIGTERM: expected exit code 0, got {rc}\n{c.describe()}"
    return c


# ---- MariaDB: database.ssl.truststore

@pytest.mark.parametrize("storetype", ["JKS", "PKCS12"])
def test_verify_ca_with_a_keytool_truststore_streams_over_tls(server, db, connector, tls_user,
                                                              tmp_path, storetype):
    store = keytool_truststore(server.tls_dir / "ca.pem", tmp_path / "truststore", storetype)
    c = events_flow(server, db, connector, tls_overrides(
        "verify_ca", **{"database.ssl.truststore": store,
                        "database.ssl.truststore.password": STORE_PASSWORD}))
    assert "truststore" not in "\n".join(c.current.warning_lines()), c.describe()
    assert STORE_PASSWORD not in c.current.stderr()


def test_verify_identity_with_a_jks_truststore_without_password_streams(server, db, connector,
                                                                        tls_user, tmp_path):
    # As in Java, a JKS truststore is read without its password (only unchecked).
    store = keytool_truststore(server.tls_dir / "ca.pem", tmp_path / "truststore.jks", "JKS")
    events_flow(server, db, connector, tls_overrides(
        "verify_identity", **{"database.ssl.truststore": store}))


def test_a_wrong_truststore_password_is_a_clear_error(server, db, connector, tls_user,
                                                      tmp_path):
    store = keytool_truststore(server.tls_dir / "ca.pem", tmp_path / "truststore.jks", "JKS")
    c = connector(db, overrides=tls_overrides(
        "verify_ca", **{"database.ssl.truststore": store,
                        "database.ssl.truststore.password": "Not-the-pw-77"}))
    run = c.start()
    rc = run.wait()
    assert rc != 0, run.describe()
    errors = "\n".join(run.error_lines())
    assert "database.ssl.truststore" in errors and "password is wrong" in errors, run.describe()
    assert store in errors, run.describe()
    assert "Not-the-pw-77" not in run.stderr() and TLS_PASSWORD not in run.stderr()


def test_a_truststore_of_an_unrelated_ca_is_refused(server, db, connector, tls_user, tmp_path):
    store = keytool_truststore(server.tls_dir / "other-ca.pem", tmp_path / "other.p12", "PKCS12")
    c = connector(db, overrides=tls_overrides(
        "verify_ca", **{"database.ssl.truststore": store,
                        "database.ssl.truststore.password": STORE_PASSWORD}))
    run = c.start()
    rc = run.wait()
    assert rc == 1, f"expected exit code 1, got {rc}\n{run.describe()}"
    errors = "\n".join(run.error_lines()).lower()
    assert any(w in errors for w in ("ssl", "tls", "certificate", "verif")), run.describe()


def test_database_ssl_ca_wins_over_the_truststore_with_a_warning(server, db, connector,
                                                                  tls_user, tmp_path):
    # The truststore trusts an unrelated CA: streaming proves that database.ssl.ca was used.
    store = keytool_truststore(server.tls_dir / "other-ca.pem", tmp_path / "other.jks", "JKS")
    c = events_flow(server, db, connector, tls_overrides(
        "verify_ca", **{"database.ssl.ca": str(server.tls_dir / "ca.pem"),
                        "database.ssl.truststore": store,
                        "database.ssl.truststore.password": STORE_PASSWORD}))
    warnings = "\n".join(c.current.warning_lines())
    assert "database.ssl.ca and database.ssl.truststore are both set" in warnings, c.describe()


def test_required_mode_only_warns_about_an_unreadable_truststore(server, db, connector,
                                                                 tls_user, tmp_path):
    missing = str(tmp_path / "missing.jks")
    c = events_flow(server, db, connector, tls_overrides(
        "required", **{"database.ssl.truststore": missing,
                       "database.ssl.truststore.password": STORE_PASSWORD}))
    warnings = "\n".join(c.current.warning_lines())
    assert "database.ssl.truststore is not used" in warnings and missing in warnings, \
        c.describe()


# ---- Kafka over SSL: ssl.truststore.location

def test_kafka_clients_over_ssl_with_pkcs12_and_jks_truststores(server, db, connector, kafka,
                                                                tmp_path):
    """The sink's producer with a worker-level PKCS12 truststore, the schema history's producer
    and consumer with a JKS one (no type: JKS, the Java default), as 2017 configs have them."""
    p12 = keytool_truststore(kafka.ca, tmp_path / "kafka.p12", "PKCS12")
    jks = keytool_truststore(kafka.ca, tmp_path / "kafka.jks", "JKS")
    history = f"history-ssl-{db}"
    server.sql("CREATE TABLE h (id INT PRIMARY KEY, a INT)", db=db)
    overrides = {"database.history.kafka.topic": history,
                 "database.history.kafka.bootstrap.servers": kafka.ssl_bootstrap}
    for client in ("producer", "consumer"):
        overrides |= {f"database.history.{client}.security.protocol": "SSL",
                      f"database.history.{client}.ssl.truststore.location": jks,
                      f"database.history.{client}.ssl.truststore.password": STORE_PASSWORD}
    c = connector(db, overrides, sink="kafka", kafka=kafka, worker={
        "bootstrap.servers": kafka.ssl_bootstrap,
        "security.protocol": "SSL",
        "ssl.truststore.type": "PKCS12",
        "ssl.truststore.location": p12,
        "ssl.truststore.password": STORE_PASSWORD,
    })
    topic = c.topic(db, "h")
    c.start()
    c.wait_for_stderr("streaming from")
    server.sql("ALTER TABLE h ADD COLUMN b VARCHAR(5); INSERT INTO h VALUES (1, 2, 'x');", db=db)
    assert [r["key"] for r in c.wait_for_records(1, topic=topic)] == [{"id": 1}]
    assert c.current.terminate() == 0, c.describe()
    assert any("ALTER TABLE" in r["value"]["ddl"] for r in kafka.read([history])), c.describe()
    assert STORE_PASSWORD not in c.current.stderr()

    # The restart reads the history back over SSL: the new column is known.
    c.start()
    c.wait_for_stderr(f"recovered the schemas .* schema history records \\(topic {history}\\)")
    server.sql("INSERT INTO h VALUES (2, 3, 'y');", db=db)
    rows = c.wait_for_record(lambda r: r["key"] == {"id": 2}, "row 2", topic=topic)
    assert rows[-1]["value"]["after"] == {"id": 2, "a": 3, "b": "y"}


def test_kafka_truststore_with_a_wrong_password_is_a_clear_error(server, db, connector, kafka,
                                                                 tmp_path):
    p12 = keytool_truststore(kafka.ca, tmp_path / "kafka.p12", "PKCS12")
    c = connector(db, sink="kafka", kafka=kafka, worker={
        "bootstrap.servers": kafka.ssl_bootstrap,
        "producer.security.protocol": "SSL",
        "producer.ssl.truststore.location": p12,
        "producer.ssl.truststore.password": "Not-the-pw-77",
    })
    run = c.start()
    assert run.proc.wait(timeout=60) == 2, c.describe()
    errors = "\n".join(run.error_lines())
    assert "ssl.truststore.location" in errors and "password is wrong" in errors, c.describe()
    assert "Not-the-pw-77" not in run.stderr()
