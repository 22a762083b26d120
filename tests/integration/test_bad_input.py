"""Bad configurations and unsuitable servers: a clear `error: ` line, the right exit code, and
never the password in stderr."""

from __future__ import annotations

import re

import pytest

from rowcast_harness import REPO, SECRET_PASSWORD, SECRET_USER

WRONG_PASSWORD = "Wr0ng-pw-itest-91d2"


def fails_with(c, *, exit_codes: tuple[int, ...], must_mention: list[str],
               password: str | None) -> str:
    """Starts the connector, waits for it to exit, checks the exit code, that one `error: ` line
    mentions every word of must_mention (case-insensitive), and that the password is nowhere in
    stderr. Returns the error lines."""
    run = c.start()
    rc = run.wait()
    stderr = run.stderr()
    errors = run.error_lines()
    assert rc in exit_codes, f"expected exit code {' or '.join(map(str, exit_codes))}, got {rc}" \
                             f"\n{run.describe()}"
    assert errors, f"expected a stderr line starting with 'error: '\n{run.describe()}"
    matching = [l for l in errors if all(w.lower() in l.lower() for w in must_mention)]
    assert matching, f"expected an error line mentioning {must_mention}; error lines:\n" + \
                     "\n".join(errors)
    if password:
        assert password not in stderr, f"the password {password!r} appears in stderr:\n" + \
            "\n".join(l for l in stderr.splitlines() if password in l)
        assert password not in run.stdout_path.read_text(errors="replace"), \
            "the password appears on stdout"
    return "\n".join(errors)


def test_wrong_password_is_an_access_denied_error_naming_the_user(server, db, connector):
    c = connector(db, overrides={"database.password": WRONG_PASSWORD})
    fails_with(c, exit_codes=(1,), must_mention=["rowcast", "access denied"],
               password=WRONG_PASSWORD)


def test_server_without_binlog_is_an_error_mentioning_log_bin(nobinlog_server, connector):
    c = connector("itest_none", on=nobinlog_server, overrides={
        "database.user": SECRET_USER, "database.password": SECRET_PASSWORD})
    fails_with(c, exit_codes=(1,), must_mention=["log_bin"], password=SECRET_PASSWORD)


def test_statement_binlog_format_is_an_error_asking_for_row(statement_server, connector):
    c = connector("itest_none", on=statement_server, overrides={
        "database.user": SECRET_USER, "database.password": SECRET_PASSWORD})
    errors = fails_with(c, exit_codes=(1,), must_mention=["binlog_format"],
                        password=SECRET_PASSWORD)
    assert re.search(r"\bROW\b", errors), f"the error must say the format must be ROW:\n{errors}"


def test_user_without_replication_privileges_is_an_error_naming_replication_slave(
        server, db, connector):
    c = connector(db, overrides={"database.user": "norepl", "database.password": "norepl"})
    fails_with(c, exit_codes=(1,), must_mention=["REPLICATION SLAVE"], password=None)
    # The same with a password that can be told apart from the user name.
    server.create_user("itest_selectonly", SECRET_PASSWORD, "SELECT")
    c = connector(db, overrides={"database.user": "itest_selectonly",
                                 "database.password": SECRET_PASSWORD})
    fails_with(c, exit_codes=(1,), must_mention=["REPLICATION SLAVE"], password=SECRET_PASSWORD)


def test_misspelt_property_gets_a_warning_suggesting_the_right_name(server, db, connector):
    c = connector(db, overrides={"databse.hostname": "127.0.0.1",
                                 "database.user": SECRET_USER,
                                 "database.password": SECRET_PASSWORD})
    c.start()
    line = c.wait_for_stderr(r"warn.*databse\.hostname|databse\.hostname.*warn")
    assert "database.hostname" in line, \
        f"the warning about databse.hostname must suggest database.hostname: {line}"
    c.current.terminate()
    assert SECRET_PASSWORD not in c.current.stderr(), "the password appears in stderr"


def test_config_that_is_not_json_is_an_error_naming_line_and_column(server, connector):
    c = connector("x", overrides={"database.password": SECRET_PASSWORD})
    c.config_text = (
        "{\n"
        '  "name": "bad-json",\n'
        '  "config": {\n'
        '    "connector.class": "io.debezium.connector.mysql.MySqlConnector",\n'
        '    "database.hostname": "127.0.0.1"\n'  # line 5: missing comma
        f'    "database.port": "{server.port}",\n'  # line 6: unexpected string
        f'    "database.password": "{SECRET_PASSWORD}"\n'
        "  }\n"
        "}\n")
    errors = fails_with(c, exit_codes=(2,), must_mention=[], password=SECRET_PASSWORD)
    assert names_line_and_column(errors, {5, 6}), \
        f"the error must name line 6 (or 5) and a column:\n{errors}"


def test_published_wepay_config_with_a_trailing_comma_is_an_error_naming_line_and_column(
        connector):
    example = REPO.parent / "shared" / "examples" / "wepay-connector-as-published.json"
    if not example.exists():
        pytest.skip(f"{example} is not there")
    c = connector("x")
    c.config_text = example.read_text()
    errors = fails_with(c, exit_codes=(2,), must_mention=[], password=None)
    # The trailing comma ends line 28; the '}' that makes it an error is on line 29.
    assert names_line_and_column(errors, {28, 29}), \
        f"the error must name line 29 (or 28) and a column:\n{errors}"


def names_line_and_column(text: str, lines: set[int]) -> bool:
    for m in re.finditer(r"line\s*:?\s*(\d+)\D{1,12}?col(?:umn)?\s*:?\s*(\d+)"
                         r"|:(\d+):(\d+)\b", text, re.IGNORECASE):
        line = int(m.group(1) or m.group(3))
        if line in lines:
            return True
    return False


def test_server_id_equal_to_the_servers_own_id_is_an_error(server, db, connector):
    c = connector(db, overrides={"database.server.id": "1", "database.user": SECRET_USER,
                                 "database.password": SECRET_PASSWORD})
    errors = fails_with(c, exit_codes=(1, 2), must_mention=[], password=SECRET_PASSWORD)
    assert re.search(r"server[._ ]id", errors, re.IGNORECASE), \
        f"the error must name the server id:\n{errors}"
