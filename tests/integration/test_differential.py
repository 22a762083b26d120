"""Differential test: the server is the oracle.

Tables covering MariaDB 10.11's column types get a few thousand rows of edge and random values
(seeded: ROWCAST_DIFF_SEED=N repeats a run; the seed is in every failure message), then updates
(so before images are checked), primary-key changes and deletes. rowcast streams them with
three sets of handling modes. Every cell of every event is compared with what the server holds:
each table is read back with SELECT in a canonical form per type (differential_values.py) after
the inserts and again after the updates, and converted to the value Debezium's mapping, as
rowcast implements it, gives for that server value.

A failure lists every mismatch (up to 50 in detail, and a count per column) with the seed, the
mode, the table, the column and its type, the row key, the event image, the SQL value and both
values.
"""

from __future__ import annotations

import os
import random
import time
from collections import defaultdict
from dataclasses import dataclass

import pytest

import differential_values as dv
from rowcast_harness import TIMEOUT

SEED = int(os.environ.get("ROWCAST_DIFF_SEED") or random.SystemRandom().randrange(1 << 32))
ZONES = ["+00:00", "+00:00", "+05:30", "-08:00", "+13:00", "-12:00"]
MOVE = 1_000_000  # a primary-key change adds this to the id
BATCH = 25
VIRTUAL_NOTE = {True: "the server logs virtual columns", False: "the server does not log "
                "virtual columns", None: "no virtual columns"}


def seed_note() -> str:
    return f"seed {SEED} (repeat with ROWCAST_DIFF_SEED={SEED})"


# --------------------------------------------------------------------------------------------
# Workload


@dataclass
class Plan:
    """What the test did to one table."""
    table: dv.Table
    ids: list[int]  # inserted
    fixed: set[int]  # never updated nor deleted
    updated: set[int]
    moved: dict[int, int]  # old id → new id
    deleted: set[int]

    def record_count(self) -> int:
        # c per insert, u per update, d + tombstone per delete; a primary-key change is
        # d + tombstone + c.
        return len(self.ids) + len(self.updated) + 3 * len(self.moved) + 2 * len(self.deleted)


class Literals:
    """Literal choice for one column: its edges first, then random values, edges and NULLs."""

    def __init__(self, c: dv.Column):
        self.c = c
        self.edges = c.kind.edges()
        self.lax = c.kind.lax()

    def pick(self, rng: random.Random, null_p: float = 0.12, edge_p: float = 0.15) -> str:
        r = rng.random()
        if self.c.nullable and r < null_p:
            return "NULL"
        if self.edges and r < null_p + edge_p:
            return rng.choice(self.edges)
        return self.c.kind.random(rng)


def insert_script(table: dv.Table, rows: list[tuple[int, dict[str, str], bool]],
                  rng: random.Random) -> str:
    names = [c.name for c in table.columns if c.writable]
    collist = ", ".join(f"`{n}`" for n in ["id"] + names)
    out = []
    for start in range(0, len(rows), BATCH):
        batch = rows[start:start + BATCH]
        for lax in (False, True):
            part = [r for r in batch if r[2] == lax]
            if not part:
                continue
            values = ",\n".join("(" + ", ".join([str(i)] + [lits[n] for n in names]) + ")"
                                for i, lits, _ in part)
            out.append(f"SET time_zone = '{rng.choice(ZONES)}'")
            if lax:
                out.append("SET sql_mode = ''")
            out.append(f"INSERT INTO `{table.name}` ({collist}) VALUES\n{values}")
            if lax:
                out.append("SET sql_mode = DEFAULT")
    return ";\n".join(out) + ";\n"


def plan_rows(table: dv.Table, rng: random.Random) -> tuple[list, set[int]]:
    """(id, {column: literal}, needs sql_mode='') for every row of the table."""
    cols = [Literals(c) for c in table.columns if c.writable]
    n_edges = max([len(l.edges) for l in cols] + [0])
    rows = []
    next_id = 1
    for i in range(max(table.rows, n_edges + 1)):
        lits = {}
        for l in cols:
            if i < n_edges and l.edges:
                lits[l.c.name] = l.edges[i % len(l.edges)]
            elif i == n_edges and l.c.nullable:
                lits[l.c.name] = "NULL"  # one row of NULLs
            else:
                lits[l.c.name] = l.pick(rng)
        rows.append((next_id, lits, False))
        next_id += 1
    for i in range(table.lax_rows):
        lits = {l.c.name: l.lax[i % len(l.lax)] if l.lax else l.pick(rng) for l in cols}
        rows.append((next_id, lits, True))
        next_id += 1
    fixed = set()
    for extra in table.fixed:
        lits = {l.c.name: extra.get(l.c.name, "NULL") for l in cols}
        rows.append((next_id, lits, False))
        fixed.add(next_id)
        next_id += 1
    return rows, fixed


def update_script(plan: Plan, rng: random.Random) -> str:
    table = plan.table
    cols = [Literals(c) for c in table.columns if c.writable]
    candidates = [i for i in plan.ids if i not in plan.fixed]
    n_upd = len(candidates) // 4
    plan.updated = set(rng.sample(candidates, n_upd))
    rest = [i for i in candidates if i not in plan.updated]
    plan.moved = {i: i + MOVE for i in rng.sample(rest, min(3, len(rest) // 4))}
    stmts = []
    ids = sorted(plan.updated)
    rng.shuffle(ids)
    # Some rows in one multi-row UPDATE (one Update_rows event with several rows).
    group, single = ids[:8], ids[8:]
    if group:
        l = rng.choice(cols)
        stmts.append(f"UPDATE `{table.name}` SET rev = rev + 1, `{l.c.name}` = "
                     f"{l.pick(rng, 0.3, 0.3)} WHERE id IN ({', '.join(map(str, group))})")
    for i in single:
        chosen = rng.sample(cols, min(len(cols), rng.randint(1, 4)))
        sets = ", ".join(f"`{l.c.name}` = {l.pick(rng, 0.2, 0.25)}" for l in chosen)
        stmts.append(f"UPDATE `{table.name}` SET rev = rev + 1, {sets} WHERE id = {i}")
    for old, new in plan.moved.items():
        stmts.append(f"UPDATE `{table.name}` SET id = {new}, rev = rev + 1 WHERE id = {old}")
    rng.shuffle(stmts)
    out = []
    for start in range(0, len(stmts), 20):
        out.append(f"SET time_zone = '{rng.choice(ZONES)}'")
        out.append("BEGIN")
        out += stmts[start:start + 20]
        out.append("COMMIT")
    return ";\n".join(out) + ";\n" if out else ""


def delete_script(plan: Plan, rng: random.Random) -> str:
    live = [i for i in plan.ids if i not in plan.fixed and i not in plan.moved]
    live += list(plan.moved.values())
    n = max(1, len(live) // 25) if len(live) > 2 else 0
    plan.deleted = set(rng.sample(live, n))
    if not plan.deleted:
        return ""
    ids = sorted(plan.deleted)
    stmts = [f"DELETE FROM `{plan.table.name}` WHERE id = {ids[0]}"]
    if ids[1:]:
        rest = ", ".join(map(str, ids[1:]))
        stmts.append(f"DELETE FROM `{plan.table.name}` WHERE id IN ({rest})")
    return ";\n".join(stmts) + ";\n"


# --------------------------------------------------------------------------------------------
# Comparison


@dataclass
class Mismatch:
    mode: str
    table: str
    column: str
    ddl: str
    key: int
    where: str
    sql: str
    server: str
    expected: object
    got: object

    def line(self) -> str:
        head = (f"[{self.mode}] {self.table}.{self.column} ({self.ddl}) id={self.key} "
                f"{self.where}: SQL {self.sql} = {self.server}; ")
        if isinstance(self.expected, dict) and isinstance(self.got, dict):
            # Structs (geometry): only the fields that differ.
            parts = []
            for k in list(self.expected) + [k for k in self.got if k not in self.expected]:
                e, g = self.expected.get(k, "<missing>"), self.got.get(k, "<missing>")
                if e != g or type(e) is not type(g):
                    parts.append(f"{k}: expected {dv.short_repr(e, 40)}, "
                                 f"got {dv.short_repr(g, 40)}")
            return head + "; ".join(parts)
        return (head + f"expected {dv.short_repr(self.expected)}, "
                f"got {dv.short_repr(self.got)}")


class Checker:
    def __init__(self, virtual_logged: bool | None):
        self.virtual_logged = virtual_logged
        self.mismatches: list[Mismatch] = []
        self.problems: list[str] = []  # events missing, extra or of the wrong kind
        self.skipped = 0
        self.cells = 0

    def image(self, mode: dv.Mode, table: dv.Table, key: int, where: str, image: object,
              row: dict) -> None:
        if not isinstance(image, dict):
            self.problems.append(f"[{mode.name}] {table.name} id={key} {where}: not an object: "
                                 f"{dv.short_repr(image)}")
            return
        names = {c.name for c in table.all_columns}
        for extra in sorted(set(image) - names):
            self.problems.append(f"[{mode.name}] {table.name} id={key} {where}: unexpected field "
                                 f"{extra!r} = {dv.short_repr(image[extra])}")
        for c in table.all_columns:
            raw, value = row[c.name]
            if c.generated == "VIRTUAL" and not self.virtual_logged and image.get(c.name) is None:
                continue  # the server does not log virtual columns: absent or null is fine
            expected = None if value is None else c.kind.expect(value, mode, c.nullable)
            if expected is dv.SKIP:
                self.skipped += 1
                continue
            self.cells += 1
            if c.name not in image:
                got, ok = "<missing>", False
            else:
                got = image[c.name]
                ok = got is None if expected is None else c.kind.same(expected, got)
            if not ok:
                sql = "|".join(raw)
                sql = sql if len(sql) <= 60 else sql[:60] + f"...({len(sql)} chars)"
                shown = "NULL" if value is None else c.kind.show(value)
                self.mismatches.append(Mismatch(mode.name, table.name, c.name, c.ddl, key, where,
                                                sql, shown, expected, got))

    def connector(self, mode: dv.Mode, plan: Plan, records: list[dict], s1: dict,
                  s2: dict) -> None:
        table = plan.table
        tag = f"[{mode.name}] {table.name}"
        events: dict[int, list[dict]] = defaultdict(list)
        prev = None
        for rec in records:
            key = rec.get("key")
            if not (isinstance(key, dict) and set(key) == {"id"}):
                self.problems.append(f"{tag}: record key {dv.short_repr(key)} is not {{\"id\": n}}")
                continue
            k = key["id"]
            if rec["value"] is None:
                if not (prev and prev["value"] and prev["value"].get("op") == "d"
                        and prev["key"] == key):
                    self.problems.append(f"{tag} id={k}: tombstone not right after its delete")
            else:
                events[k].append(rec["value"])
            prev = rec
        # Expected events per key: (op, before (snapshot, id), after (snapshot, id)).
        want: dict[int, list] = {k: [("c", None, (s1, k))] for k in plan.ids}
        for k in plan.updated:
            want[k].append(("u", (s1, k), (s2, k)))
        for old, new in plan.moved.items():
            want[old].append(("d", (s1, old), None))
            want[new] = [("c", None, (s2, new))]
        for k in plan.deleted:
            want[k].append(("d", (s2, k), None))
        for k in sorted(set(events) - set(want)):
            self.problems.append(f"{tag} id={k}: unexpected events "
                                 f"{[e.get('op') for e in events[k]]}")
        for k, exp in sorted(want.items()):
            got = events.get(k, [])
            if [e.get("op") for e in got] != [op for op, _, _ in exp]:
                self.problems.append(f"{tag} id={k}: events {[e.get('op') for e in got]}, "
                                     f"expected {[op for op, _, _ in exp]}")
                continue
            for ev, (op, before, after) in zip(got, exp):
                for side, ref in (("before", before), ("after", after)):
                    where = f"{side} of {op}"
                    if ref is None:
                        if ev.get(side) is not None:
                            self.problems.append(f"{tag} id={k} {where}: expected null, got "
                                                 f"{dv.short_repr(ev.get(side))}")
                        continue
                    snap, sk = ref
                    self.image(mode, table, k, where, ev.get(side), snap[sk])

    def report(self, summary: str) -> str:
        lines = [f"{len(self.problems)} event problems and {len(self.mismatches)} value "
                 f"mismatches; {seed_note()}", summary]
        if self.problems:
            lines.append("event problems (up to 30):")
            lines += ["  " + p for p in self.problems[:30]]
        if self.mismatches:
            groups: dict[tuple, list[Mismatch]] = defaultdict(list)
            for m in self.mismatches:
                groups[(m.table, m.column)].append(m)
            lines.append("mismatches per column (in which modes):")
            for (tbl, column), ms in groups.items():
                modes = sorted({m.mode for m in ms})
                lines.append(f"  {tbl}.{column} ({ms[0].ddl}): {len(ms)} in {', '.join(modes)}")
            lines.append("examples (up to 50, round-robin over the columns above):")
            shown, depth = 0, 0
            while shown < 50 and any(depth < len(ms) for ms in groups.values()):
                for ms in groups.values():
                    if depth < len(ms) and shown < 50:
                        lines.append("  " + ms[depth].line())
                        shown += 1
                depth += 1
        return "\n".join(lines)


# --------------------------------------------------------------------------------------------
# Running it


def wait_for_counts(c, want: dict[str, int]) -> None:
    """Waits until every topic file has its expected number of lines (counted incrementally:
    one line can be tens of MB)."""
    seen = {t: [0, 0] for t in want}  # topic → [bytes read, newlines]

    def done():
        for topic, st in seen.items():
            try:
                with open(c.sink_dir / f"{topic}.ndjson", "rb") as f:
                    f.seek(st[0])
                    data = f.read()
            except FileNotFoundError:
                continue
            st[0] += len(data)
            st[1] += data.count(b"\n")
        return all(seen[t][1] >= n for t, n in want.items())

    def state():
        return "records per topic: " + ", ".join(f"{t.rsplit('.', 1)[-1]} {seen[t][1]}/{n}"
                                                  for t, n in want.items())
    c.wait_for(done, state, timeout=max(TIMEOUT, 90))


def run_differential(server, db, connector, tables: list[dv.Table], modes: list[dv.Mode],
                     rng: random.Random) -> None:
    started = time.monotonic()
    dv.run_sql(server, ";\n".join(t.create_sql() for t in tables) + ";", db)

    # Inserts, every table in one client session (a client start costs ~0.2 s). The binlog
    # positions around the inserts of tables with VIRTUAL columns tell which columns the
    # server logs.
    plans: dict[str, Plan] = {}
    script = []
    for t in tables:
        rows, fixed = plan_rows(t, rng)
        plans[t.name] = Plan(t, [r[0] for r in rows], fixed, set(), {}, set())
        virtual = any(c.generated == "VIRTUAL" for c in t.all_columns)
        if virtual:
            script.append(f"SELECT '{dv.MARK}', 'before'; SHOW MASTER STATUS;\n")
        script.append(insert_script(t, rows, rng))
        if virtual:
            script.append(f"SELECT '{dv.MARK}', 'after {t.name}'; SHOW MASTER STATUS;\n")
    out = dv.run_sql(server, "".join(script), db)
    virtual_logged = None  # no table with virtual columns
    for i, fields in enumerate(out):
        if fields[:2] == [dv.MARK, "before"]:
            before = out[i + 1]
        elif fields[0] == dv.MARK and fields[1].startswith("after "):
            t = next(t for t in tables if t.name == fields[1][len("after "):])
            after = out[i + 1]
            assert before[0] == after[0], "the binlog rotated during the inserts; run again"
            n = dv.logged_column_count(server, db, t.name, after[0], int(before[1]),
                                       int(after[1]))
            total = len(t.all_columns)
            n_virtual = sum(c.generated == "VIRTUAL" for c in t.all_columns)
            # What the server logs decides what rowcast must emit for virtual columns.
            assert n in (total, total - n_virtual), (
                f"mariadb-binlog shows {n} columns in a row of {t.name}, which has {total} "
                f"({n_virtual} virtual)")
            virtual_logged = (virtual_logged is not False) and n == total
    s1 = dv.snapshot(server, db, tables)
    if script := "".join(update_script(plans[t.name], rng) for t in tables):
        dv.run_sql(server, script, db)
    s2 = dv.snapshot(server, db, tables)
    if script := "".join(delete_script(plans[t.name], rng) for t in tables):
        dv.run_sql(server, script, db)
    for t in tables:
        p = plans[t.name]
        assert sorted(s1[t.name]) == sorted(p.ids), f"{t.name}: rows after the inserts"
        assert sorted(s2[t.name]) == sorted([i for i in p.ids if i not in p.moved]
                                            + list(p.moved.values())), f"{t.name}: after updates"
    written = time.monotonic()

    conns = [(m, connector(db, overrides=m.overrides)) for m in modes]
    for _, c in conns:
        c.start()
    checker = Checker(virtual_logged)
    for mode, c in conns:
        try:
            wait_for_counts(c, {c.topic(db, t.name): plans[t.name].record_count()
                                for t in tables})
        except AssertionError as e:
            pytest.fail(f"[{mode.name}] {seed_note()}\n{e}", pytrace=False)
        c.current.terminate()
        for t in tables:
            records = c.records(c.topic(db, t.name))
            want = plans[t.name].record_count()
            if len(records) != want:
                checker.problems.append(f"[{mode.name}] {t.name}: {len(records)} records, "
                                        f"expected {want}")
            checker.connector(mode, plans[t.name], records, s1[t.name], s2[t.name])
    finished = time.monotonic()

    rows = sum(len(p.ids) for p in plans.values())
    summary = (f"{len(tables)} tables, {rows} rows inserted, "
               f"{sum(len(p.updated) for p in plans.values())} updated, "
               f"{sum(len(p.moved) for p in plans.values())} primary keys changed, "
               f"{sum(len(p.deleted) for p in plans.values())} deleted; "
               f"{checker.cells} cells compared in {len(modes)} modes "
               f"({checker.skipped} not comparable: TIME outside a day in connect mode); "
               f"{VIRTUAL_NOTE[virtual_logged]}; "
               f"SQL {written - started:.1f}s, rowcast and comparison {finished - written:.1f}s")
    print(f"\n{summary}; {seed_note()}")
    if checker.problems or checker.mismatches:
        pytest.fail(checker.report(summary), pytrace=False)


def test_every_column_type_matches_what_the_server_holds(server, db, connector):
    run_differential(server, db, connector, dv.build_tables(), dv.MODES, random.Random(SEED))


def test_compressed_columns_match_what_the_server_holds(server, db, connector):
    """MariaDB's COMPRESSED columns are logged with their own binlog types (140, 141)."""
    t = dv.TextKind
    table = dv.Table("compressed", [
        dv.col("vc", t("latin1", 4000, big=3000),
               "VARCHAR(4000) CHARACTER SET latin1 COMPRESSED"),
        dv.col("vc_mb4", t("utf8mb4", 1000, big=3000),
               "VARCHAR(1000) CHARACTER SET utf8mb4 COMPRESSED"),
        dv.col("tx", t("utf8mb4", 65535, 65535, big=60000),
               "TEXT CHARACTER SET utf8mb4 COMPRESSED"),
        dv.col("bl", dv.BinaryKind(65535, big=60000), "BLOB COMPRESSED"),
    ], rows=60)
    run_differential(server, db, connector, [table], dv.MODES, random.Random(SEED ^ 0xC0))
