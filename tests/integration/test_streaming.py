"""Row changes become Debezium change events, in commit order, with exact source fields."""

from __future__ import annotations

import time

from rowcast_harness import after_id, diff_sequences, short, source_problems, summary


def run_and_collect_gtids(server, db: str, transactions: list[str]) -> list[str]:
    """Runs each transaction (text of one or more statements) in one session and returns
    @@last_gtid read right after each of them."""
    script = "\n".join(f"{t.strip().rstrip(';')};\nSELECT @@last_gtid;" for t in transactions)
    return [row[0] for row in server.sql(script, db=db)]


def test_inserts_updates_and_deletes_stream_in_commit_order_with_exact_source_fields(
        server, db, connector):
    started_ms = int(time.time() * 1000)
    server.sql("""
        CREATE TABLE a (id INT PRIMARY KEY, name VARCHAR(20), qty INT);
        CREATE TABLE b (k1 INT, k2 VARCHAR(10), v INT, PRIMARY KEY (k1, k2));
        CREATE TABLE nopk (x INT, y VARCHAR(10));
    """, db=db)
    transactions = [
        # 0: autocommit, one row
        "INSERT INTO a VALUES (1, 'one', 10)",
        # 1: autocommit, one statement with three rows
        "INSERT INTO a VALUES (2, 'two', 20), (3, 'three', 30), (4, 'four', 40)",
        # 2: explicit transaction over two tables
        """BEGIN;
           UPDATE a SET qty = 21 WHERE id = 2;
           INSERT INTO b VALUES (1, 'x', 100), (2, 'y', 200);
           DELETE FROM a WHERE id = 3;
           COMMIT""",
        # 3: rolled back: must produce nothing (@@last_gtid stays that of transaction 2)
        """BEGIN;
           INSERT INTO a VALUES (99, 'ghost', 0);
           UPDATE a SET qty = 0 WHERE id = 1;
           DELETE FROM b;
           ROLLBACK""",
        # 4: one statement updating two rows
        "UPDATE a SET qty = qty + 1 WHERE id IN (1, 2)",
        # 5, 6: a table without a primary key
        "INSERT INTO nopk VALUES (1, 'p'), (NULL, 'q')",
        "UPDATE nopk SET y = 'r' WHERE x IS NULL",
        # 7: composite key
        "UPDATE b SET v = 201 WHERE k1 = 2",
        # 8: one statement deleting two rows
        "DELETE FROM a WHERE id IN (1, 4)",
    ]
    gtids = run_and_collect_gtids(server, db, transactions)
    assert gtids[3] == gtids[2], "the rolled-back transaction must not get a GTID"

    c = connector(db, sink="stdout")
    ta, tb, tn = c.topic(db, "a"), c.topic(db, "b"), c.topic(db, "nopk")

    def A(i, n, q):
        return {"id": i, "name": n, "qty": q}

    def B(k1, k2, v):
        return {"k1": k1, "k2": k2, "v": v}

    # (summary, table, transaction, rows event within the transaction, row index)
    expected = [
        ((ta, {"id": 1}, "c", None, A(1, "one", 10)), "a", 0, 0, 0),
        ((ta, {"id": 2}, "c", None, A(2, "two", 20)), "a", 1, 0, 0),
        ((ta, {"id": 3}, "c", None, A(3, "three", 30)), "a", 1, 0, 1),
        ((ta, {"id": 4}, "c", None, A(4, "four", 40)), "a", 1, 0, 2),
        ((ta, {"id": 2}, "u", A(2, "two", 20), A(2, "two", 21)), "a", 2, 0, 0),
        ((tb, {"k1": 1, "k2": "x"}, "c", None, B(1, "x", 100)), "b", 2, 1, 0),
        ((tb, {"k1": 2, "k2": "y"}, "c", None, B(2, "y", 200)), "b", 2, 1, 1),
        ((ta, {"id": 3}, "d", A(3, "three", 30), None), "a", 2, 2, 0),
        ((ta, {"id": 3}, "tombstone", None, None), None, 2, 2, 0),
        ((ta, {"id": 1}, "u", A(1, "one", 10), A(1, "one", 11)), "a", 4, 0, 0),
        ((ta, {"id": 2}, "u", A(2, "two", 21), A(2, "two", 22)), "a", 4, 0, 1),
        ((tn, None, "c", None, {"x": 1, "y": "p"}), "nopk", 5, 0, 0),
        ((tn, None, "c", None, {"x": None, "y": "q"}), "nopk", 5, 0, 1),
        ((tn, None, "u", {"x": None, "y": "q"}, {"x": None, "y": "r"}), "nopk", 6, 0, 0),
        ((tb, {"k1": 2, "k2": "y"}, "u", B(2, "y", 200), B(2, "y", 201)), "b", 7, 0, 0),
        ((ta, {"id": 1}, "d", A(1, "one", 11), None), "a", 8, 0, 0),
        ((ta, {"id": 1}, "tombstone", None, None), None, 8, 0, 0),
        ((ta, {"id": 4}, "d", A(4, "four", 40), None), "a", 8, 0, 1),
        ((ta, {"id": 4}, "tombstone", None, None), None, 8, 0, 1),
    ]

    c.start()
    c.wait_for_records(len(expected))
    # Everything committed before this sentinel has been read once the sentinel shows up.
    server.sql("INSERT INTO a VALUES (100, 'sentinel', 0)", db=db)
    records = c.wait_for_record(after_id(100), "the sentinel insert (id 100)")

    want = [e[0] for e in expected] + [(ta, {"id": 100}, "c", None, A(100, "sentinel", 0))]
    got = [summary(r) for r in records]
    assert got == want, diff_sequences(want, got, "(topic, key, op, before, after)")

    binlogs = server.binary_logs()
    rows_positions = server.rows_event_positions()
    problems = []
    positions = {}  # (transaction, rows event) -> (file, pos)
    for i, ((summ, table, txn, event, row), rec) in enumerate(zip(expected, records)):
        v = rec["value"]
        if summ[2] == "tombstone":
            continue
        for p in source_problems(v, prefix=c.prefix, db=db, table=table, gtid=gtids[txn],
                                 not_before_ms=started_ms):
            problems.append(f"[{i}] {p}")
        s = v["source"]
        if s.get("row") != row:
            problems.append(f"[{i}] source.row is {s.get('row')!r}, expected {row}")
        if s.get("file") not in binlogs:
            problems.append(f"[{i}] source.file {s.get('file')!r} is not one of {binlogs}")
        elif s.get("pos") not in rows_positions.get(s["file"], set()):
            problems.append(f"[{i}] source.pos {s.get('pos')!r} is not the position of a rows "
                            f"event in {s['file']}")
        positions.setdefault((txn, event), set()).add((s.get("file"), s.get("pos")))
    for (txn, event), where in positions.items():
        if len(where) != 1:
            problems.append(f"rows of one rows event (transaction {txn}, statement {event}) "
                            f"have different (file, pos): {sorted(where)}")
    ordered = [min(positions[k]) for k in sorted(positions)]
    if ordered != sorted(ordered) or len(set(ordered)) != len(ordered):
        problems.append(f"(file, pos) of successive rows events must strictly increase: {ordered}")
    assert not problems, "source/envelope problems:\n" + "\n".join(problems)


def test_include_query_puts_the_statement_text_in_source_query(server, db, connector):
    server.sql("CREATE TABLE q (id INT PRIMARY KEY, note VARCHAR(20))", db=db)
    statements = [
        "INSERT INTO q (id, note) VALUES (1, 'first')",
        "INSERT INTO q (id, note) VALUES (2, 'second'), (3, 'third')",
        "UPDATE q SET note = 'changed' WHERE id = 1",
        "DELETE FROM q WHERE id = 3",
    ]
    server.sql("".join(s + ";\n" for s in statements), db=db)
    c = connector(db, overrides={"include.query": "true"})
    c.start()
    t = c.topic(db, "q")
    records = c.wait_for_records(6, topic=t)  # 3 inserts, 1 update, 1 delete, 1 tombstone
    want = [statements[0], statements[1], statements[1], statements[2], statements[3], None]
    got = [(r["value"] or {}).get("source", {}).get("query") if r["value"] else None
           for r in records[:6]]
    assert got == want, diff_sequences(want, got, "source.query")
    problems = []
    for i, r in enumerate(records[:5]):
        problems += [f"[{i}] {p}" for p in
                     source_problems(r["value"], prefix=c.prefix, db=db, table="q",
                                     query=want[i])]
    assert not problems, "\n".join(problems)


def test_stdout_and_file_sinks_write_the_same_lines(server, db, connector):
    server.sql("""
        CREATE TABLE s (id INT PRIMARY KEY, v VARCHAR(10));
        INSERT INTO s VALUES (1, 'a'), (2, 'b');
        UPDATE s SET v = 'c' WHERE id = 1;
        DELETE FROM s WHERE id = 2;
    """, db=db)
    to_file = connector(db, prefix="same")
    to_stdout = connector(db, sink="stdout", prefix="same")
    to_file.start()
    to_stdout.start()
    topic = to_file.topic(db, "s")
    from_file = to_file.wait_for_records(5, topic=topic)
    from_stdout = to_stdout.wait_for_records(5)
    assert set(to_file.topic_files()) == {topic}, \
        f"expected only {topic}.ndjson in the sink dir, found {sorted(to_file.topic_files())}"

    def stable(rec):  # the processing time differs between two connectors
        v = rec["value"]
        if v is None:
            return rec
        return {**rec, "value": {k: x for k, x in v.items()
                                 if k not in ("ts_ms", "ts_us", "ts_ns")}}
    want = [stable(r) for r in from_file]
    got = [stable(r) for r in from_stdout]
    assert got == want, diff_sequences(want, got, "file sink vs stdout sink")
    assert all(r["topic"] == topic for r in from_file), short([r["topic"] for r in from_file])
