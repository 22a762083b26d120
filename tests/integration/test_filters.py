"""database/table include and exclude lists: anchored regular expressions, old names too."""

from __future__ import annotations

import itertools

import pytest

from rowcast_harness import after_id, diff_sequences

_variant = itertools.count(1)

# Every table gets rows 1.. in the first phase, then all of them get row 100 in one last
# transaction, so once every included table's row 100 has arrived, every earlier change (of
# included and excluded tables alike) has been read.
TABLES = {  # (database suffix, table) -> ids of the first phase
    ("d1", "t"): [1, 2],
    ("d1", "t2"): [1],
    ("d1", "other"): [1, 2, 3],
    ("d2", "t"): [1],
    ("d12", "t"): [1, 2],
}


@pytest.fixture(scope="module")
def dbs(server):
    base = f"it_filters_{next(_variant)}"
    names = {suffix: server.create_database(f"{base}_{suffix}") for suffix in ("d1", "d2", "d12")}
    ddl = []
    for (suffix, table), ids in TABLES.items():
        ddl.append(f"CREATE TABLE `{names[suffix]}`.`{table}` (id INT PRIMARY KEY, v VARCHAR(20))")
        ddl += [f"INSERT INTO `{names[suffix]}`.`{table}` VALUES ({i}, '{table}-{i}')" for i in ids]
    ddl.append("BEGIN")
    ddl += [f"INSERT INTO `{names[s]}`.`{t}` VALUES (100, 'last')" for (s, t) in TABLES]
    ddl.append("COMMIT")
    server.sql(";\n".join(ddl) + ";")
    return base, names


def check_filter(connector, dbs, overrides: dict, databases: str | None,
                 included: set[tuple[str, str]]):
    base, names = dbs
    c = connector(databases, overrides=overrides)
    c.start()
    topics = {(s, t): c.topic(names[s], t) for (s, t) in TABLES}

    def all_last_rows_arrived():
        for key in included:
            if not any(map(after_id(100), c.records(topics[key]))):
                return False
        return True

    c.wait_for(all_last_rows_arrived,
               lambda: f"row 100 of every included table {sorted(topics[k] for k in included)};"
                       f" topic files so far: {sorted(c.topic_files())}")
    want_files = sorted(topics[k] for k in included)
    got_files = sorted(c.topic_files())
    assert got_files == want_files, (
        f"config {overrides} {'database.include.list=' + databases if databases else ''}\n"
        f"expected topics (files) {want_files}\n     got {got_files}")
    for key in sorted(included):
        want = TABLES[key] + [100]
        got = [r["value"]["after"]["id"] for r in c.records(topics[key])
               if r["value"] and r["value"].get("op") == "c"]
        assert got == want, diff_sequences(want, got, f"inserted ids in {topics[key]}")
    c.current.terminate()


def test_database_include_list_takes_whole_databases_and_does_not_match_a_longer_name(
        connector, dbs):
    base, names = dbs
    check_filter(connector, dbs, {}, names["d1"],
                 {("d1", "t"), ("d1", "t2"), ("d1", "other")})


def test_table_include_list_keeps_listed_tables_and_db1_dot_t_does_not_match_db1_t2(
        connector, dbs):
    base, names = dbs
    d1, d2 = names["d1"], names["d2"]
    check_filter(connector, dbs, {"table.include.list": f"{d1}.t,{d2}\\.t"}, f"{d1},{d2}",
                 {("d1", "t"), ("d2", "t")})


def test_old_property_names_database_whitelist_and_table_whitelist_still_filter(
        connector, dbs):
    base, names = dbs
    d1 = names["d1"]
    check_filter(connector, dbs, {"database.whitelist": d1, "table.whitelist": f"{d1}.t2"},
                 None, {("d1", "t2")})


def test_table_exclude_list_drops_the_matching_tables(connector, dbs):
    base, names = dbs
    d1 = names["d1"]
    check_filter(connector, dbs, {"table.exclude.list": f"{d1}\\.t2,{d1}\\.oth.*"}, d1,
                 {("d1", "t")})


def test_include_lists_are_anchored_regular_expressions(connector, dbs):
    base, names = dbs
    # d[0-9]+ takes d1, d2 and d12; .*\.t takes every table named exactly t.
    check_filter(connector, dbs, {"table.include.list": ".*\\.t"}, f"{base}_d[0-9]+",
                 {("d1", "t"), ("d2", "t"), ("d12", "t")})


def test_message_key_columns_replace_and_supply_keys(server, db, connector):
    server.sql("""
        CREATE TABLE items (id INT PRIMARY KEY, code VARCHAR(10), n INT);
        CREATE TABLE nokey (a INT, b VARCHAR(10));
        CREATE TABLE plain (id INT PRIMARY KEY);
    """, db=db)
    c = connector(db, {"message.key.columns": f"{db}.items:code;{db}.nokey:b,a;{db}.plain:nope"})
    c.start()
    c.wait_for_stderr("streaming from")
    server.sql("""
        INSERT INTO items VALUES (1, 'x1', 0);
        UPDATE items SET n = 1 WHERE id = 1;
        UPDATE items SET code = 'x2' WHERE id = 1;
        INSERT INTO nokey VALUES (5, 'five');
        INSERT INTO plain VALUES (9);
    """, db=db)
    records = c.wait_for_records(7)
    got = [(r["topic"].rsplit(".", 1)[1], r["key"], r["value"] and r["value"]["op"])
           for r in records]
    assert got == [
        ("items", {"code": "x1"}, "c"),
        ("items", {"code": "x1"}, "u"),
        # A changed message key is a delete, a tombstone and a create, as for a primary key.
        ("items", {"code": "x1"}, "d"),
        ("items", {"code": "x1"}, None),
        ("items", {"code": "x2"}, "c"),
        ("nokey", {"b": "five", "a": 5}, "c"),
        ("plain", {"id": 9}, "c"),  # no listed column exists: the primary key
    ], got
    # The key change names the other key in Debezium's headers (Connect's header converter
    # writes the key's fields as JSON).
    assert [r.get("headers") for r in records[2:5]] == [
        {"__debezium.newkey": '{"code":"x2"}'}, {"__debezium.newkey": '{"code":"x2"}'},
        {"__debezium.oldkey": '{"code":"x1"}'}]
    assert all("headers" not in r for r in records[:2] + records[5:])
