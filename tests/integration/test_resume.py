"""Offsets: kill -9 at random moments loses nothing and only repeats a suffix; SIGTERM/SIGINT
stop gracefully and a restart repeats nothing."""

from __future__ import annotations

import json
import os
import random
import re
import threading
import time

from rowcast_harness import (
    BINLOG_FILE_RX,
    SqlSession,
    after_id,
    diff_sequences,
    parse_lines,
    read_ndjson,
    short,
    summary,
)


def canon(obj) -> str:
    return json.dumps(obj, sort_keys=True, separators=(",", ":"))


def identity(rec: dict) -> tuple:
    """What a record says happened, without where or when: one per committed row change."""
    v = rec["value"]
    if v is None:
        return ("tombstone", canon(rec["key"]))
    return (v.get("op"), canon(rec["key"]), canon(v.get("before")), canon(v.get("after")))


def stable_form(rec: dict) -> str:
    """The record without the processing time: a re-emitted record must be identical to this."""
    v = rec["value"]
    if v is None:
        return canon(rec)
    return canon({**rec, "value": {k: x for k, x in v.items()
                                   if k not in ("ts_ms", "ts_us", "ts_ns")}})


class Plan:
    """Random transactions over r1 (id, v, tag) and r2 (id, r1_id, note), with the change events
    they must produce per table in commit order. Ids are never reused and every update writes a
    fresh value of v, so each change event is unique."""

    def __init__(self, rng: random.Random, transactions: int):
        self.rng = rng
        self.sql: list[str] = []
        self.expected: dict[str, list[tuple]] = {"r1": [], "r2": []}
        self.rows: dict[int, dict] = {}  # live rows of r1
        self.next_id = 1
        self.next_r2 = 1
        self.next_v = 1
        self.bulk: list[int] = []  # indexes in self.sql of the bulk transactions
        for _ in range(transactions):
            self.add_random_transaction()

    def fresh_v(self) -> int:
        self.next_v += 1
        return self.next_v

    def insert_r1(self, n: int, tag: str) -> str:
        values = []
        for _ in range(n):
            row = {"id": self.next_id, "v": self.fresh_v(), "tag": tag}
            self.next_id += 1
            self.rows[row["id"]] = row
            self.emit("r1", "c", row["id"], None, row)
            values.append(f"({row['id']}, {row['v']}, '{tag}')")
        return f"INSERT INTO r1 (id, v, tag) VALUES {', '.join(values)}"

    def update_r1(self, ids: list[int]) -> str:
        ids = sorted(ids)  # rows of one statement come in primary key order
        cases = []
        for i in ids:
            before = self.rows[i]
            after = {**before, "v": self.fresh_v()}
            self.rows[i] = after
            self.emit("r1", "u", i, before, after)
            cases.append(f"WHEN {i} THEN {after['v']}")
        return (f"UPDATE r1 SET v = CASE id {' '.join(cases)} END "
                f"WHERE id IN ({', '.join(map(str, ids))})")

    def delete_r1(self, ids: list[int]) -> str:
        ids = sorted(ids)
        for i in ids:
            self.emit("r1", "d", i, self.rows.pop(i), None)
        return f"DELETE FROM r1 WHERE id IN ({', '.join(map(str, ids))})"

    def insert_r2(self) -> str:
        row = {"id": self.next_r2, "r1_id": self.next_id - 1, "note": f"n{self.next_r2}"}
        self.next_r2 += 1
        self.emit("r2", "c", row["id"], None, row)
        return f"INSERT INTO r2 (id, r1_id, note) VALUES ({row['id']}, {row['r1_id']}, " \
               f"'{row['note']}')"

    def emit(self, table: str, op: str, key: int, before, after) -> None:
        k = canon({"id": key})
        self.expected[table].append((op, k, canon(before), canon(after)))
        if op == "d":
            self.expected[table].append(("tombstone", k))

    def pick(self, n: int) -> list[int]:
        return self.rng.sample(sorted(self.rows), n)

    def add_bulk_transaction(self, rows: int) -> None:
        """One long transaction (thousands of rows, several rows events per statement), so that
        a kill can land while rowcast is in the middle of it."""
        parts = [self.insert_r1(rows // 2, "bulk"), self.update_r1(self.pick(1)),
                 self.insert_r2(), self.insert_r1(rows - rows // 2, "bulk"),
                 self.delete_r1(self.pick(2))]
        self.bulk.append(len(self.sql))
        self.sql.append("BEGIN; " + "; ".join(parts) + "; COMMIT")

    def add_random_transaction(self) -> None:
        rng, live = self.rng, len(self.rows)
        kind = rng.choices(["insert", "multi_insert", "txn", "update", "multi_update", "delete",
                            "multi_delete"], weights=[4, 3, 3, 3, 2, 1, 1])[0]
        if kind == "insert" or live < 6:
            self.sql.append(self.insert_r1(1, "single"))
        elif kind == "multi_insert":
            self.sql.append(self.insert_r1(rng.randint(2, 6), "multi"))
        elif kind == "txn":
            parts = [self.insert_r1(2, "txn"), self.insert_r2(), self.update_r1(self.pick(1)),
                     self.insert_r1(1, "txn")]
            if rng.random() < 0.5:
                parts.append(self.delete_r1(self.pick(1)))
            self.sql.append("BEGIN; " + "; ".join(parts) + "; COMMIT")
        elif kind == "update":
            self.sql.append(self.update_r1(self.pick(1)))
        elif kind == "multi_update":
            self.sql.append(self.update_r1(self.pick(rng.randint(2, 3))))
        elif kind == "delete":
            self.sql.append(self.delete_r1(self.pick(1)))
        else:
            self.sql.append(self.delete_r1(self.pick(2)))


def offset_tuple(offsets: dict) -> tuple:
    o = offsets["offset"]
    return (o["file"], o["pos"], o.get("event") or 0, o.get("row") or 0)


def offsets_problems(c, text: str, when: str) -> list[str]:
    try:
        doc = json.loads(text)
    except json.JSONDecodeError as e:
        return [f"{when}: offsets file {c.offsets_path} is not valid JSON ({e}): {text[:300]!r}"]
    problems = []
    if doc.get("partition") != {"server": c.prefix}:
        problems.append(f"{when}: partition is {doc.get('partition')!r}, "
                        f"expected {{'server': {c.prefix!r}}}")
    o = doc.get("offset")
    if not isinstance(o, dict):
        return problems + [f"{when}: offset is {o!r}"]
    if not (isinstance(o.get("file"), str) and BINLOG_FILE_RX.match(o["file"])):
        problems.append(f"{when}: offset.file is {o.get('file')!r}")
    if not isinstance(o.get("pos"), int) or o["pos"] <= 0:
        problems.append(f"{when}: offset.pos is {o.get('pos')!r}")
    for k in ("event", "row", "ts_sec", "server_id"):
        if k in o and not isinstance(o[k], int):
            problems.append(f"{when}: offset.{k} is {o[k]!r}")
    if "gtids" in o and not (isinstance(o["gtids"], str) and
                             re.fullmatch(r"(\d+-\d+-\d+)?(,\d+-\d+-\d+)*", o["gtids"])):
        problems.append(f"{when}: offset.gtids is {o['gtids']!r}")
    return problems


def resume_problems(topic: str, want: list[tuple], records: list[dict], cuts: list[int],
                    restart_points: list[tuple | None] | None = None
                    ) -> tuple[list[str], list[int]]:
    """Checks what one topic's file holds after several runs of which all but the last were
    killed; cuts[n] is the number of complete lines when run n was killed, restart_points[n] the
    (file, pos) of the offset committed then if it is a transaction boundary (event and row 0;
    ('', 0) when there was no offset yet), else None. Returns the problems and, per restart, how
    many records it repeated."""
    problems: list[str] = []
    repeated: list[int] = []
    index = {ident: i for i, ident in enumerate(want)}
    assert len(index) == len(want), "test bug: expected change events are not unique"
    got = []
    for line_no, rec in enumerate(records):
        i = index.get(identity(rec))
        if i is None:
            problems.append(f"{topic} line {line_no + 1} is no committed change: "
                            f"{short(summary(rec))}")
        got.append(i)
    if problems:
        return problems, repeated
    where: dict[int, tuple] = {}  # change -> (file, pos) of its rows event
    for i, rec in zip(got, records):
        src = (rec["value"] or {}).get("source") or {}
        if "pos" in src:
            where.setdefault(i, (src.get("file") or "", src["pos"]))
    # A re-emitted record is identical (source included) to the first emission.
    first_form: dict[int, str] = {}
    for line_no, (i, rec) in enumerate(zip(got, records)):
        form = stable_form(rec)
        if first_form.setdefault(i, form) != form:
            problems.append(f"{topic} line {line_no + 1} repeats change #{i} with different "
                            f"content:\n  first {first_form[i]}\n  again {form}")
    # Each run wrote a contiguous stretch of the expected sequence that starts no later than just
    # after everything written before it (nothing skipped) and no earlier than where the previous
    # run started (offsets do not go back).
    bounds = [0] + cuts + [len(got)]
    covered, prev_start = 0, 0
    for run_no in range(len(bounds) - 1):
        seg = got[bounds[run_no]:bounds[run_no + 1]]
        if not seg:
            continue
        start = seg[0]
        if seg != list(range(start, start + len(seg))):
            problems.append(f"{topic}, run {run_no} (lines {bounds[run_no] + 1}..): not a "
                            f"contiguous part of the commit order:\n"
                            + diff_sequences([want[j] for j in range(start, start + len(seg))
                                              if j < len(want)],
                                             [want[j] for j in seg], "change events"))
        if start > covered:
            problems.append(f"{topic}, run {run_no}: starts at change #{start} but only "
                            f"#0..#{covered - 1} were written before; skipped "
                            f"{[want[j] for j in range(covered, min(start, covered + 3))]}")
        point = restart_points[run_no - 1] if restart_points and run_no > 0 else None
        if point is not None:
            # Exactly the next record after the committed offset: the first one written before
            # whose rows event is after the restart point (a transaction boundary, never the
            # start of a rows event), or else the first new one.
            first = next((i for i in sorted(set(got[:bounds[run_no]]))
                          if i in where and where[i] > point), covered)
            if start != first:
                problems.append(f"{topic}, run {run_no}: the committed offset was {point}, so "
                                f"the first record should be change #{first} {where.get(first)}"
                                f", but it is change #{start} {where.get(start)}")
        if start < prev_start:
            problems.append(f"{topic}, run {run_no}: starts at change #{start}, before the "
                            f"start of the previous run (#{prev_start})")
        if run_no > 0:
            repeated.append(max(0, covered - start))
        prev_start = start
        covered = max(covered, seg[-1] + 1)
    if covered != len(want):
        problems.append(f"{topic}: only changes #0..#{covered - 1} of {len(want)} arrived; "
                        f"missing {want[covered:covered + 3]}...")
    # Per key, the changes (first emissions) are in commit order.
    last_by_key: dict[str, int] = {}
    seen: set[int] = set()
    for i in got:
        if i in seen:
            continue
        seen.add(i)
        key = want[i][1]
        if last_by_key.get(key, -1) > i:
            problems.append(f"{topic}: change #{i} of key {key} came after change "
                            f"#{last_by_key[key]} of the same key")
        last_by_key[key] = max(last_by_key.get(key, -1), i)
    return problems, repeated


def test_kill_9_at_random_moments_loses_nothing_and_repeats_only_a_suffix(server, db, connector):
    seed = int(os.environ.get("ROWCAST_ITEST_SEED") or random.SystemRandom().randrange(2**32))
    print(f"resume test seed: {seed} (set ROWCAST_ITEST_SEED={seed} to repeat it)")
    rng = random.Random(seed)
    # Before each kill: small transactions, then one bulk transaction. Each kill happens either
    # at a random moment or just after a bulk transaction was sent (so that rowcast is likely
    # in the middle of it).
    kills = rng.choice([4, 5])
    plan = Plan(rng, transactions=0)
    for _ in range(kills):
        for _ in range(rng.randint(30, 70)):
            plan.add_random_transaction()
        plan.add_bulk_transaction(rng.randint(1000, 3000))
    for _ in range(20):
        plan.add_random_transaction()
    kill_plan = [(rng.choice(["random", "after bulk"]), rng.uniform(0.05, 1.5),
                  rng.uniform(0.0, 0.15)) for _ in range(kills)]
    pause = 0.01
    # The sentinel, committed after the last restart, proves that the last run has caught up.
    sentinel_id = 10_000_000
    sentinel_sql = f"INSERT INTO r1 (id, v, tag) VALUES ({sentinel_id}, 1, 'sentinel')"
    plan.expected["r1"].append(("c", canon({"id": sentinel_id}), canon(None),
                                canon({"id": sentinel_id, "v": 1, "tag": "sentinel"})))

    server.sql("""
        CREATE TABLE r1 (id INT PRIMARY KEY, v INT NOT NULL, tag VARCHAR(16));
        CREATE TABLE r2 (id INT PRIMARY KEY, r1_id INT, note VARCHAR(16));
    """, db=db)
    c = connector(db, overrides={"offset.flush.interval.ms": "200"})
    topics = {t: c.topic(db, t) for t in ("r1", "r2")}
    context = f"(seed {seed}; sink {c.sink_dir})"

    writer_error: list[BaseException] = []
    bulk_sent = [threading.Event() for _ in plan.bulk]

    def write():
        try:
            session = SqlSession(server, db)
            for i, sql in enumerate(plan.sql):
                session.send(sql)
                if i in plan.bulk:
                    bulk_sent[plan.bulk.index(i)].set()
                time.sleep(pause)
            session.close()
        except BaseException as e:  # noqa: BLE001 - reported by the main thread
            writer_error.append(e)

    writer = threading.Thread(target=write, name="writer", daemon=True)
    c.start()
    writer.start()

    boundaries: list[dict[str, int]] = []  # complete lines per topic when each run was killed
    offsets_seen: list[tuple] = []
    restart_points: list[tuple | None] = []  # see resume_problems
    problems: list[str] = []
    partial_lines = 0
    for n, (when, delay, delay_after_bulk) in enumerate(kill_plan):
        if when == "random":
            time.sleep(delay)
        else:
            bulk_sent[n].wait(timeout=60)
            time.sleep(delay_after_bulk)
        run = c.current
        assert not run.exited(), f"rowcast exited by itself before kill {n} {context}\n" \
                                 f"{run.describe()}"
        run.kill()
        counts = {}
        for t, topic in topics.items():
            lines, tail = read_ndjson(c.sink_dir / f"{topic}.ndjson")
            counts[t] = len(lines)
            partial_lines += bool(tail)
        boundaries.append(counts)
        point: tuple | None = ("", 0)
        if c.offsets_path.exists():
            text = c.offsets_path.read_text()
            found = offsets_problems(c, text, f"after kill {n}")
            problems += found
            point = None
            if not found:
                offset = offset_tuple(json.loads(text))
                offsets_seen.append(offset)
                if offset[2:] == (0, 0):
                    point = offset[:2]
        restart_points.append(point)
        c.start()

    writer.join(timeout=120)
    assert not writer.is_alive(), "the writer did not finish"
    assert not writer_error, f"the writer failed: {writer_error[0]}"
    server.sql(sentinel_sql, db=db)
    c.wait_for_record(after_id(sentinel_id), f"the sentinel row {sentinel_id} {context}",
                      topic=topics["r1"], timeout=90)
    rc = c.current.terminate()
    assert rc == 0, f"SIGTERM must stop rowcast with exit code 0, got {rc}\n{c.describe()}"
    assert c.offsets_path.exists(), f"no offsets file {c.offsets_path} after SIGTERM"
    text = c.offsets_path.read_text()
    problems += offsets_problems(c, text, "after SIGTERM")
    if not problems:
        offsets_seen.append(offset_tuple(json.loads(text)))
    if offsets_seen != sorted(offsets_seen):
        problems.append(f"committed offsets went backwards (file, pos, event, row): "
                        f"{offsets_seen}")

    repeated = []
    for t, topic in topics.items():
        path = c.sink_dir / f"{topic}.ndjson"
        lines, tail = read_ndjson(path)
        assert tail == "", f"{path.name} ends with a partial line {tail[:200]!r} {context}"
        records = parse_lines(lines, path.name)
        cuts = [b[t] for b in boundaries]
        found, again = resume_problems(topic, plan.expected[t], records, cuts, restart_points)
        problems += found
        repeated.append(again)

    print(f"kills: {[k[0] for k in kill_plan]}, partial last lines at kill: {partial_lines}, records "
          f"repeated after each restart: {repeated}, offsets: {offsets_seen}")
    assert not problems, f"{len(problems)} problems {context}:\n" + "\n".join(problems[:30])


def test_sigterm_commits_offsets_and_a_restart_repeats_nothing(server, db, connector):
    server.sql("CREATE TABLE g (id INT PRIMARY KEY, v VARCHAR(10))", db=db)
    last_gtid = server.sql("""
        INSERT INTO g VALUES (1, 'a');
        INSERT INTO g VALUES (2, 'b'), (3, 'c');
        UPDATE g SET v = 'z' WHERE id = 1;
        SELECT @@last_gtid;
    """, db=db)[0][0]
    c = connector(db)
    topic = c.topic(db, "g")
    c.start()
    before = c.wait_for_records(4, topic=topic)
    rc = c.current.terminate()
    assert rc == 0, f"SIGTERM: expected exit code 0, got {rc}\n{c.describe()}"
    assert not c.current.error_lines(), f"error lines after SIGTERM:\n{c.describe()}"
    assert c.offsets_path.exists(), \
        f"no offsets file at {c.offsets_path}; data dir has " \
        f"{sorted(str(p.relative_to(c.data_dir)) for p in c.data_dir.rglob('*'))}"
    text = c.offsets_path.read_text()
    problems = offsets_problems(c, text, "after SIGTERM")
    assert not problems, "\n".join(problems)
    gtids = json.loads(text)["offset"].get("gtids", "")
    domain, server_id, seq = map(int, last_gtid.split("-"))
    committed = {tuple(map(int, g.split("-")[:2])): int(g.split("-")[2])
                 for g in gtids.split(",") if g}
    assert committed.get((domain, server_id), -1) >= seq, \
        f"offset.gtids {gtids!r} does not include the last emitted transaction {last_gtid}"

    # Restart without new changes: the first thing written must be the next change.
    c.start()
    server.sql("INSERT INTO g VALUES (4, 'new')", db=db)
    records = c.wait_for_record(after_id(4), "the insert of id 4 after the restart", topic=topic)
    got = [summary(r) for r in records]
    want = [summary(r) for r in before] + [(topic, {"id": 4}, "c", None, {"id": 4, "v": "new"})]
    assert got == want, "a restart after SIGTERM must not repeat anything\n" + \
        diff_sequences(want, got, "records in the file sink (it appends across restarts)")

    rc = c.current.interrupt()
    assert rc == 0, f"SIGINT: expected exit code 0, got {rc}\n{c.describe()}"
    problems = offsets_problems(c, c.offsets_path.read_text(), "after SIGINT")
    assert not problems, "\n".join(problems)


def test_resume_checker_accepts_repeated_suffixes_and_rejects_skips_reorders_and_changes():
    # The checker of the kill -9 test, on made-up files (no rowcast needed).
    plan = Plan(random.Random(7), transactions=20)
    want = plan.expected["r1"]

    def rec(i: int, pos: int | None = None) -> dict:
        ident = want[i]
        key = json.loads(ident[1])
        if ident[0] == "tombstone":
            return {"topic": "t", "key": key, "value": None}
        return {"topic": "t", "key": key, "value": {
            "op": ident[0], "before": json.loads(ident[2]), "after": json.loads(ident[3]),
            "source": {"pos": pos if pos is not None else 100 + i}, "ts_ms": random.random()}}

    n = len(want)
    assert n > 10

    def check(indexes: list[int], cuts: list[int], restart_points=None, **altered) -> list[str]:
        records = [rec(i) for i in indexes]
        for line, pos in altered.items():
            records[int(line[1:])] = rec(indexes[int(line[1:])], pos)
        return resume_problems("t", want, records, cuts, restart_points)[0]

    everything = list(range(n))
    assert check(everything, []) == []
    assert check(list(range(6)) + list(range(3, n)), [6]) == []  # run 1 repeats #3..#5
    assert check(list(range(6)) + list(range(6, n)), [6]) == []  # nothing repeated
    assert check(list(range(6)) + list(range(4, 6)) + list(range(5, n)), [6, 8]) == []
    assert "skipped" in "".join(check(list(range(6)) + list(range(7, n)), [6]))
    assert "contiguous" in "".join(check([0, 2, 1] + list(range(3, n)), []))
    assert "arrived" in "".join(check(list(range(n - 1)), []))
    assert "before the start" in "".join(
        check(list(range(6)) + list(range(4, 8)) + list(range(2, n)), [6, 10]))
    assert "different content" in "".join(check(list(range(6)) + list(range(5, n)), [6], l6=999))
    # Restart points: run 1 must begin with the first change at or after the committed offset
    # (rec(i) is at pos 100 + i; tombstones have no position).
    data = [i for i in range(n) if want[i][0] != "tombstone"]
    start = next(i for i in data if i >= 3)
    earlier = max(i for i in data if i < start)
    run0, run1 = list(range(6)), list(range(start, n))
    assert check(run0 + run1, [6], restart_points=[("", 100 + start - 1)]) == []
    assert "committed offset" in "".join(
        check(run0 + run1, [6], restart_points=[("", 100 + earlier - 1)]))
    assert check(run0 + list(range(6, n)), [6], restart_points=[("", 10**6)]) == []
    assert "committed offset" in "".join(
        check(run0 + list(range(6, n)), [6], restart_points=[("", 0)]))
    bogus = [rec(0)] + [{"topic": "t", "key": {"id": 424242}, "value": None}]
    assert "no committed change" in "".join(resume_problems("t", want, bogus, [])[0])


def test_a_partial_last_line_left_by_a_crash_is_dropped_on_start(server, db, connector):
    server.sql("CREATE TABLE p (id INT PRIMARY KEY); INSERT INTO p VALUES (1), (2);", db=db)
    c = connector(db)
    topic = c.topic(db, "p")
    c.start()
    before = c.wait_for_records(2, topic=topic)
    rc = c.current.terminate()
    assert rc == 0, f"SIGTERM: expected exit code 0, got {rc}\n{c.describe()}"
    path = c.sink_dir / f"{topic}.ndjson"
    with open(path, "a") as f:  # what a kill -9 in the middle of a write leaves behind
        f.write(f'{{"topic":"{topic}","key":{{"id":3}},"value":{{"before":null,"af')

    c.start()
    server.sql("INSERT INTO p VALUES (3)", db=db)
    records = c.wait_for_record(after_id(3), "the insert of id 3 after the restart", topic=topic)
    lines, tail = read_ndjson(path)
    assert tail == "", f"{path.name} ends with a partial line: {tail[:200]!r}"
    got = [summary(r) for r in records]
    want = [summary(r) for r in before] + [(topic, {"id": 3}, "c", None, {"id": 3})]
    assert got == want, diff_sequences(want, got, f"records in {path.name}")
