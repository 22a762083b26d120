"""database.ssl.mode: required / verify_ca / verify_identity connect over TLS, a CA that did not
sign the server's certificate is refused, disabled connects in plain text."""

from __future__ import annotations

import pytest

from rowcast_harness import CDC_GRANTS, after_id

TLS_USER = "itest_tls"
TLS_PASSWORD = "Pw-itest-tls-5e21"


@pytest.fixture(scope="module")
def tls_user(server):
    # REQUIRE SSL: the server refuses this user over a plain connection, so events flowing for
    # it prove that rowcast used TLS.
    server.create_user(TLS_USER, TLS_PASSWORD, CDC_GRANTS, require_ssl=True)
    return TLS_USER


def events_flow(server, db, connector, overrides: dict) -> None:
    server.sql("CREATE TABLE t (id INT PRIMARY KEY, v VARCHAR(10)); "
               "INSERT INTO t VALUES (1, 'tls');", db=db)
    c = connector(db, overrides=overrides)
    c.start()
    c.wait_for_record(after_id(1), "the insert of id 1", topic=c.topic(db, "t"))
    rc = c.current.terminate()
    assert rc == 0, f"SIGTERM: expected exit code 0, got {rc}\n{c.describe()}"


def test_ssl_mode_required_streams_over_tls(server, db, connector, tls_user):
    events_flow(server, db, connector, {"database.ssl.mode": "required",
                                        "database.user": tls_user,
                                        "database.password": TLS_PASSWORD})


def test_ssl_mode_verify_identity_with_the_servers_ca_streams_over_tls(
        server, db, connector, tls_user):
    events_flow(server, db, connector, {"database.ssl.mode": "verify_identity",
                                        "database.ssl.ca": str(server.tls_dir / "ca.pem"),
                                        "database.user": tls_user,
                                        "database.password": TLS_PASSWORD})


def test_ssl_mode_verify_ca_with_the_servers_ca_streams_over_tls(
        server, db, connector, tls_user):
    events_flow(server, db, connector, {"database.ssl.mode": "verify_ca",
                                        "database.ssl.ca": str(server.tls_dir / "ca.pem"),
                                        "database.user": tls_user,
                                        "database.password": TLS_PASSWORD})


def test_ssl_mode_verify_ca_with_an_unrelated_ca_is_a_clear_error(
        server, db, connector, tls_user):
    c = connector(db, overrides={"database.ssl.mode": "verify_ca",
                                 "database.ssl.ca": str(server.tls_dir / "other-ca.pem"),
                                 "database.user": tls_user,
                                 "database.password": TLS_PASSWORD})
    run = c.start()
    rc = run.wait()
    assert rc == 1, f"expected exit code 1, got {rc}\n{run.describe()}"
    errors = run.error_lines()
    words = ("ssl", "tls", "certificate", "verif")
    assert any(w in line.lower() for line in errors for w in words), \
        f"expected an 'error: ' line about the certificate/TLS (one of {words}); got:\n" + \
        ("\n".join(errors) or run.describe())
    assert TLS_PASSWORD not in run.stderr(), "the password appears in stderr"


def test_ssl_mode_disabled_streams_in_plain_text(server, db, connector, tls_user):
    events_flow(server, db, connector, {"database.ssl.mode": "disabled"})
    # Really plain text: the user that requires TLS is refused.
    c = connector(db, overrides={"database.ssl.mode": "disabled", "database.user": tls_user,
                                 "database.password": TLS_PASSWORD})
    run = c.start()
    rc = run.wait()
    assert rc == 1, f"a REQUIRE SSL user over ssl.mode=disabled must fail (exit code 1), " \
                    f"got {rc}\n{run.describe()}"
    assert any("access denied" in line.lower() for line in run.error_lines()), \
        f"expected an 'error: ' line saying access denied\n{run.describe()}"
    assert TLS_PASSWORD not in run.stderr(), "the password appears in stderr"
