#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""scale.py — issue 17: every key, the import and the file at the sizes of BENCH_N (make bench-scale).

For each size: generate the comments (gen.py, cached; sizes above a million in whole millions are gen.py's
million written again with ids renumbered and times moved on by expand.c, which is as fast as the disk),
import them with gopy (wall, CPU, peak memory,
comments a second) beside the sqlite3 shell's .import plus an FTS5 build, measure the file against the
comment text, time `gopy check`, and time every key of the interface from the key to the drawn screen
(headless, `@time` in the key script: wall and processor milliseconds, median of BENCH_KEY_RUNS runs)
with the TUI's peak memory; the peers of the keys are the sqlite3 shell reading the same first screen
and grep finding the first hit. Before anything it prints how long and how much disk each size needs,
and stops when the disk has not that much free. Figures are kept per size in scale.json (beside this
file), so that sizes measured on different runs stand side by side; the section of RESULTS.md between
<!-- scale: begin --> and <!-- scale: end --> is written from all of them.

Environment: BENCH_N ("1000000 5000000 26000000"), BENCH_KEY_RUNS (3), BENCH_CHECK_MAX (5000000: the
largest size `gopy check` runs on), BENCH_DBSTAT_MAX (5000000: the largest size whose file is broken
down by table), BENCH_KEEP=1 (keep the generated files and databases of sizes of 5 million and more,
which are otherwise deleted once measured), BENCH_SCALE_REUSE=1 (for each size, keep the import's figures
already in scale.json and measure again, on the file a BENCH_KEEP=1 run kept, the keys, their peers and
`gopy check`: the interface measured with newer code or on a quieter machine without importing again), BENCH_BESIDE_FROM (10000000: from this size the sqlite3 peer imports at
the same time as gopy, and the plain .import is not run), BENCH_SCALE_JSON (scale.json), and those
of bench.py (GOPY, BENCH_SEED, BENCH_DATA).
"""

import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import threading
import time

import bench as B

HERE = os.path.dirname(os.path.abspath(__file__))
SIZES = [int(x) for x in os.environ.get("BENCH_N", "1000000 5000000 26000000").split()]
KEY_RUNS = int(os.environ.get("BENCH_KEY_RUNS", "3"))
CHECK_MAX = int(os.environ.get("BENCH_CHECK_MAX", "5000000"))
DBSTAT_MAX = int(os.environ.get("BENCH_DBSTAT_MAX", "5000000"))
KEEP = os.environ.get("BENCH_KEEP", "") == "1"
REUSE = os.environ.get("BENCH_SCALE_REUSE", "") == "1"
JSON = os.environ.get("BENCH_SCALE_JSON", os.path.join(HERE, "scale.json"))
TARGET_KEY_MS, TARGET_TUI_MIB, TARGET_IMPORT_MIB, TARGET_RATE, TARGET_SIZE = 50, 32, 256, 50000, 2.5

# What one comment costs, measured at 1,000,000 (bytes; microseconds on this 2-core machine under load).
PER = {"csv": 337, "dump": 213, "gopy": 720, "peer": 475, "gen_us": 2, "import_us": 30, "peer_us": 12,
       "check_us": 40}
FIXED_S = 60  # keys, peers' queries, greps


def estimate(n):
    """(peak bytes of disk, seconds) for one size."""
    # gopy's file, and at the import's end its WAL as large again: the checkpoint copies one into
    # the other (the import is one transaction); its sorts' temporary files come before that
    gopy = 2 * n * PER["gopy"]
    if n >= BESIDE_FROM:  # both imports at once; the peer's file deleted once it is measured, the dump after
        peak = n * PER["csv"] + max(n * (PER["gopy"] + PER["peer"]), gopy, n * (PER["gopy"] + PER["dump"]))
        secs = n * (PER["gen_us"] + PER["import_us"]) / 1e6 + FIXED_S
    else:  # the peer's file is deleted before gopy imports
        peak = n * (PER["csv"] + PER["dump"]) + max(n * PER["peer"], gopy)
        secs = n * (PER["gen_us"] + PER["import_us"] + 2 * PER["peer_us"]) / 1e6 + FIXED_S
    if n <= CHECK_MAX:
        secs += n * PER["check_us"] / 1e6
    return peak, secs


def gib(b):
    return "%.1f GB" % (b / 1e9)


BLOCK = 1000000  # sizes above it, in whole millions, are gen.py's million repeated (expand.c)


def data_for(n, dump_too=True):
    """The CSV and the dump of n comments: gen.py's own up to BLOCK; above it, gen.py's BLOCK
    expanded by expand.c (ids renumbered, times moved on), which writes as fast as the disk.
    dump_too=False leaves the dump for later (dump_for): at 26 million it waits until the peer's
    file is gone (disk)."""
    if n <= BLOCK or n % BLOCK:
        return B.data_files(n)
    csv, dump = B.data_files(BLOCK)
    big_csv = os.path.join(B.DIR, "comments-%d.csv" % n)
    big_dump = os.path.join(B.DIR, "dump-%d.txt" % n)
    stamp = B.GEN_STAMP + B.digest(EXPAND_SRC)
    if not (B.fresh(big_csv, stamp) and os.path.exists(big_csv)):
        t0 = time.perf_counter()
        B.sh([expand_tool(), csv, dump, str(n // BLOCK), big_csv, big_dump if dump_too else "-"])
        B.log("  expanded gen.py's %s comments %d times in %s" % (f"{BLOCK:,}", n // BLOCK,
                                                                  B.fmt_t(time.perf_counter() - t0)))
        B.stamp_it(big_csv, stamp)
    elif dump_too:
        dump_for(n)
    return big_csv, big_dump


def expand_tool():
    tool = os.path.join(B.DIR, "expand")
    B.sh([os.environ.get("CC", "cc"), "-O2", "-Wall", "-std=c11", "-o", tool, EXPAND_SRC])
    return tool


def dump_for(n):
    big_dump = os.path.join(B.DIR, "dump-%d.txt" % n)
    if n > BLOCK and not os.path.exists(big_dump):
        _, dump = B.data_files(BLOCK)
        B.sh([expand_tool(), "-", dump, str(n // BLOCK), "-", big_dump])
    return big_dump


# from this size the peer imports beside gopy (time: the machine is shared)
BESIDE_FROM = int(os.environ.get("BENCH_BESIDE_FROM", "10000000"))


def run_beside(cmds):
    """Run B.Cmd objects at once, each through the rusage helper; fills their wall, cpu, rss."""
    for c in cmds:
        if c.prepare:
            c.prepare()
    errors = []

    def one(i, c):
        usage = os.path.join(B.DIR, "rusage-%d.out" % i)
        with open(c.stdin or os.devnull, "rb") as inp:
            t0 = time.perf_counter()
            p = subprocess.run([B.RUSAGE, usage] + c.argv, stdin=inp, stdout=subprocess.DEVNULL,
                               stderr=subprocess.PIPE, env=c.env)
            t1 = time.perf_counter()
        if p.returncode != 0:
            errors.append("%s: exit %d: %s" % (c.name, p.returncode, p.stderr.decode(errors="replace")))
            return
        with open(usage) as f:
            rss, user, system = f.read().split()
        c.wall.append(t1 - t0)
        c.cpu.append(float(user) + float(system))
        c.rss.append(int(rss))
        if getattr(c, "finish", None):  # e.g. the peer's file measured and deleted at once (disk)
            c.finish()
    threads = [threading.Thread(target=one, args=(i, c)) for i, c in enumerate(cmds)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    if errors:
        raise RuntimeError("; ".join(errors))


EXPAND_SRC = os.path.join(HERE, "expand.c")


def plan():
    B.log("bench-scale: sizes %s" % " ".join(f"{n:,}" for n in SIZES))
    free = shutil.disk_usage(B.DATA if os.path.exists(B.DATA) else HERE).free
    total_s = 0
    for n in SIZES:
        peak, secs = estimate(n)
        total_s += secs
        B.log("  %14s comments: about %s of disk at its peak (CSV %s, text %s, database %s), about %.0f min" %
              (f"{n:,}", gib(peak), gib(n * PER["csv"]), gib(n * PER["dump"]), gib(n * PER["gopy"]), secs / 60))
        if peak > free * 0.9 and not REUSE:
            sys.exit("bench-scale: %s comments need about %s of disk; %s is free" % (f"{n:,}", gib(peak), gib(free)))
    B.log("  in all about %.0f min; %s free on the disk" % (total_s / 60, gib(free)))


# ---- keys ---------------------------------------------------------------------------------------

def key_steps(author, unit, section):
    """(label, keys): the issue's keys, each timed from its last key to the drawn screen."""
    u, s = unit.replace('"', ""), section.replace('"', "")
    return [
        ("open the document (from the start)", None), ("A all comments", "A"),
        ("j", "j"), ("k", "k"), ("PgDn", "<PgDn>"), ("PgDn again", "<PgDn>"), ("PgUp", "<PgUp>"),
        ("Ctrl-d", "<C-d>"), ("G (the end)", "G"), ("PgUp at the end", "<PgUp>"), ("g (the start)", "g"),
        ("Space (collapse)", "<Space>"), ("Space (expand)", "<Space>"), ("Z (collapse all)", "Z"),
        ("z (expand all)", "z"), ("J (next thread)", "J"), ("K (previous thread)", "K"),
        ("/dang uy Enter (first hit)", "/dang uy<Enter>"), ("n", "n"), ("n again", "n"), ("N", "N"),
        ("o (sort by time)", "o"), ("G in time order", "G"), ("o (sort by section)", "o"),
        ("G in section order", "G"), ("o (sort by author)", "o"), ("G in author order", "G"),
        ("o (thread order again)", "o"),
        ("limit ~a (author)", "l<C-u>~a %s<Enter>" % author), ("~a: G", "G"), ("~a: g", "g"), ("~a: PgDn", "<PgDn>"),
        ("limit ~u (unit)", "l<C-u>~u \"%s\"<Enter>" % u), ("~u: G", "G"),
        ("limit ~s (section)", "l<C-u>~s \"%s\"<Enter>" % s), ("~s: G", "G"),
        ("limit ~d accepted", "l<C-u>~d accepted<Enter>"), ("~d: G", "G"),
        ("limit ~p (pending)", "l<C-u>~p<Enter>"), ("~p: G", "G"),
        ("limit ~t (five days)", "l<C-u>~t 2024-03-20..2024-03-25<Enter>"), ("~t: G", "G"),
        ("limit by text (chuyen doi so)", "l<C-u>chuyen doi so<Enter>"), ("text: G", "G"), ("text: n", "n"),
        ("limit ~a + ~d", "l<C-u>~a %s ~d accepted<Enter>" % author), ("~a + ~d: G", "G"),
        ("limit ~u + ~p", "l<C-u>~u \"%s\" ~p<Enter>" % u),
        ("limit ~s + ~t", "l<C-u>~s \"%s\" ~t 2024-03-01..2024-06-30<Enter>" % s),
        ("limit text + ~d", "l<C-u>an ninh mang ~d noted<Enter>"), ("text + ~d: G", "G"),
        ("limit ~a + text", "l<C-u>~a %s dia phuong<Enter>" % author),
        ("limit ~p, then o (sort)", "l<C-u>~p<Enter>"), ("~p: o", "o"), ("~p sorted: G", "G"),
        ("~p: o (by section)", "o"), ("~p by section: G", "G"), ("~p: o (by author)", "o"), ("~p by author: G", "G"),
        ("~p: o (thread order)", "o"),
        ("limit ~t (the whole consultation)", "l<C-u>~t 2024-01-01..2030-12-31<Enter>"), ("~t whole: G", "G"),
        ("limit ~t (a month)", "l<C-u>~t 2024-04-01..2024-04-30<Enter>"), ("~t month: G", "G"),
        ("~t month: o (by time)", "o"), ("~t month by time: G", "G"), ("~t month: o (by section)", "o"),
        ("~t month: o (by author)", "o"), ("~t month: o (thread order)", "o"),
        ("limit ~s + text", "l<C-u>~s \"%s\" chuyen doi so<Enter>" % s), ("~s + text: G", "G"),
        ("limit ~a again, then o", "l<C-u>~a %s<Enter>" % author), ("~a: o (by time)", "o"),
        ("~a: o (by section)", "o"), ("~a by section: G", "G"), ("~a: o (by author)", "o"), ("~a: o (thread order)", "o"),
        ("limit ~s again, then /", "l<C-u>~s \"%s\"<Enter>" % s), ("~s: /dang uy Enter", "/dang uy<Enter>"), ("~s: n", "n"),
        # each order inside a section, and the section order under a span of dates (o: time, section, author, thread)
        ("~s: o (by time)", "o"), ("~s: o (by section)", "o"), ("~s: o (by author)", "o"), ("~s by author: G", "G"),
        ("~s by author: g", "g"), ("~s: o (thread order)", "o"),
        ("limit ~s + ~d, then o", "l<C-u>~s \"%s\" ~d accepted<Enter>" % s), ("~s + ~d: o (by time)", "o"),
        ("~s + ~d: o (by section)", "o"), ("~s + ~d: o (by author)", "o"), ("~s + ~d by author: G", "G"),
        ("~s + ~d: o (thread order)", "o"),
        ("limit ~p + ~t (three months)", "l<C-u>~p ~t 2024-03-01..2024-05-31<Enter>"), ("~p + ~t: o (by time)", "o"),
        ("~p + ~t: o (by section)", "o"), ("~p + ~t by section: G", "G"), ("~p + ~t: o (by author)", "o"),
        ("~p + ~t: o (thread order)", "o"),
        ("limit ~d + ~t (three months)", "l<C-u>~d accepted ~t 2024-03-01..2024-05-31<Enter>"),
        ("~d + ~t: o (by time)", "o"), ("~d + ~t: o (by section)", "o"), ("~d + ~t by section: G", "G"),
        ("~d + ~t: o (by author)", "o"), ("~d + ~t: o (thread order)", "o"),
        ("limit text + ~t (three months)", "l<C-u>chuyen doi so ~t 2024-03-01..2024-05-31<Enter>"),
        ("text + ~t: o (by time)", "o"), ("text + ~t: o (by section)", "o"), ("text + ~t by section: G", "G"),
        ("text + ~t: o (by author)", "o"), ("text + ~t: o (thread order)", "o"),
        ("limit ~t (five days) again, then o", "l<C-u>~t 2024-03-20..2024-03-25<Enter>"), ("~t 5 days: o (by time)", "o"),
        ("~t 5 days: o (by section)", "o"), ("~t 5 days by section: G", "G"), ("~t 5 days: o (by author)", "o"),
        ("~t 5 days: o (thread order)", "o"),
        ("limit cleared", "l<C-u><Enter>"),
        ("O (the overview)", "O"), ("overview: j", "j"), ("overview: q (back)", "q"),
    ]


def time_keys(n, gdb, author, unit, section):
    """{label: (wall ms, cpu ms)} medians, and the TUI's peak RSS in KiB."""
    steps = key_steps(author, unit, section)
    times = os.path.join(B.DIR, "keys-%d.tsv" % n)
    lines = []
    for label, keys in steps:
        if keys:
            lines.append(keys)
        lines.append("@time %s %s" % (times, label))
    lines += ["q", "q", "q"]
    script = B.headless("\n".join(lines) + "\n", "scale-keys")
    walls, cpus, rss = {}, {}, []
    for _ in range(KEY_RUNS):
        if os.path.exists(times):
            os.unlink(times)
        cmd = B.tui("keys %d" % n, gdb, script)
        cmd.run_once()
        rss.append(cmd.rss[-1])
        with open(times, encoding="utf-8") as f:
            for line in f:
                label, wall, cpu = line.rstrip("\n").split("\t")
                walls.setdefault(label, []).append(float(wall))
                cpus.setdefault(label, []).append(float(cpu))
    if len(walls) != len(steps):
        raise RuntimeError("the key script timed %d of %d steps" % (len(walls), len(steps)))
    return {k: (statistics.median(walls[k]), statistics.median(cpus[k])) for k, _ in steps}, max(rss)


def peer_ms(argv, stdin=None, runs=3):
    # output to a file: GNU grep stops at the first match when its output is /dev/null
    c = B.Cmd(" ".join(argv[:2]), argv, stdin=stdin, stdout=os.path.join(B.DIR, "peer.out"))
    for _ in range(runs):
        c.run_once()
    return c.t * 1000


# ---- one size -----------------------------------------------------------------------------------

def measure(n, base):
    r = {"when": time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime()), "load": os.getloadavg()[0]}
    t0 = time.time()
    beside = n >= BESIDE_FROM
    csv, dump = data_for(n, dump_too=not beside)
    r["generate_s"] = time.time() - t0
    B.log("  data: %s CSV (%.0f s)" % (B.fmt_b(os.path.getsize(csv)), r["generate_s"]))
    gdb = os.path.join(B.DIR, "scale-%d.db" % n)
    pdb = os.path.join(B.DIR, "scale-peer-%d.db" % n)
    # the peers first, deleted before gopy's file is made (disk)
    sql_import = os.path.join(B.DIR, "scale-import.sql")
    with open(sql_import, "w") as f:
        f.write(".mode csv\n.import '%s' comments\n" % csv.replace("'", "''"))
    sql_fts = os.path.join(B.DIR, "scale-import-fts.sql")
    with open(sql_fts, "w") as f:
        f.write(".mode csv\n.import '%s' comments\n%s" % (csv.replace("'", "''"), B.FTS_SQL))
    p2 = B.Cmd("sqlite3 .import + fts", ["sqlite3", pdb], stdin=sql_fts, prepare=lambda: B.rm_db(pdb))

    def peer_done():  # its size, then its disk back before gopy's file reaches its peak
        r["peer_bytes"] = os.path.getsize(pdb)
        B.rm_db(pdb)
    p2.finish = peer_done
    g = B.Cmd("gopy import-comments", [B.GOPY, "import-comments", gdb, csv], prepare=lambda: B.copy_db(base, gdb))
    if beside:  # both at once: each would take most of an hour on a shared machine
        run_beside([g, p2])
        r["peer_beside"] = True
    else:
        p1 = B.Cmd("sqlite3 .import", ["sqlite3", pdb], stdin=sql_import, prepare=lambda: B.rm_db(pdb))
        p1.run_once()
        r["peer_import_s"] = p1.t
        p2.run_once()
        peer_done()
        g.run_once()
    r["peer_fts_s"], r["peer_fts_cpu_s"] = p2.t, p2.c
    B.log("  sqlite3 .import + FTS5 build %s (CPU %s)" % (B.fmt_t(p2.t), B.fmt_t(p2.c)))
    r["import_s"], r["import_cpu_s"], r["import_rss_kib"] = g.t, g.c, g.m
    B.sh(["sqlite3", gdb, "PRAGMA wal_checkpoint(TRUNCATE)"])  # the WAL's disk back before the dump
    dump = dump_for(n)
    got = int(B.out_of(["sqlite3", gdb, "SELECT count(*) FROM comment"]).strip())
    if got != n:
        raise RuntimeError("gopy imported %d comments, expected %d" % (got, n))
    B.log("  gopy import-comments %s (CPU %s), peak %s" % (B.fmt_t(g.t), B.fmt_t(g.c), B.fmt_b(g.m * 1024)))
    r["gopy_bytes"], r["text_bytes"], r["csv_bytes"] = os.path.getsize(gdb), os.path.getsize(dump), os.path.getsize(csv)
    if n <= DBSTAT_MAX:
        r["dbstat"] = B.out_of(["sqlite3", gdb, "SELECT name, sum(pgsize) FROM dbstat GROUP BY name "
                                               "ORDER BY 2 DESC LIMIT 10"]).strip()
    measure_reading(n, gdb, dump, r)
    r["seconds"] = time.time() - t0
    if n >= 5000000 and not KEEP:  # disk: others need it too
        for path in (csv, dump):
            os.unlink(path)
        B.rm_db(gdb)
    return r


def remeasure(n, old):
    """BENCH_SCALE_REUSE: the import's figures of an earlier run (old), the reading ones again on
    the file that run kept."""
    gdb = os.path.join(B.DIR, "scale-%d.db" % n)
    dump = dump_for(n)
    if not os.path.exists(gdb) or not os.path.exists(dump):
        raise RuntimeError("BENCH_SCALE_REUSE: %s or %s is missing (run once with BENCH_KEEP=1)" % (gdb, dump))
    got = int(B.out_of(["sqlite3", gdb, "SELECT count(*) FROM comment"]).strip())
    if got != n:
        raise RuntimeError("%s holds %d comments, expected %d" % (gdb, got, n))
    r = dict(old)
    r.pop("check_s", None)
    r["reading_when"], r["reading_load"] = time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime()), os.getloadavg()[0]
    t0 = time.time()
    measure_reading(n, gdb, dump, r)
    r["seconds"] = r.get("seconds", 0) + time.time() - t0
    return r


def measure_reading(n, gdb, dump, r):
    """The figures of a file already imported: `gopy check`, every key, the keys' peers."""
    if n <= CHECK_MAX:
        c = B.Cmd("gopy check", [B.GOPY, "check", gdb])
        c.run_once()
        r["check_s"], r["check_cpu_s"], r["check_rss_kib"] = c.t, c.c, c.m
        B.log("  gopy check %s (CPU %s)" % (B.fmt_t(c.t), B.fmt_t(c.c)))

    def one(sql):
        return B.out_of(["sqlite3", gdb, sql]).strip()
    doc = "(SELECT id FROM document WHERE code = '%s')" % B.DOC
    author = one("SELECT a.code FROM comment c JOIN delegate a ON a.id = c.author_id WHERE c.document_id = %s "
                 "AND a.code LIKE 'DB-%%' GROUP BY a.id ORDER BY count(*), a.code LIMIT 1 OFFSET 150" % doc)
    unit = one("SELECT unit FROM delegate WHERE code = '%s'" % author)
    section = "Điều 120"
    r["author"], r["unit"] = author, unit
    r["keys"], r["tui_rss_kib"] = time_keys(n, gdb, author, unit, section)
    slow = [(k, v) for k, v in r["keys"].items() if v[0] >= TARGET_KEY_MS]
    B.log("  keys: %d timed, slowest %s; TUI peak %s" % (
        len(r["keys"]), max(r["keys"].items(), key=lambda kv: kv[1][0]), B.fmt_b(r["tui_rss_kib"] * 1024)))
    for k, v in slow:
        B.log("    over %d ms: %s %.1f ms (CPU %.1f ms)" % (TARGET_KEY_MS, k, v[0], v[1]))
    # the peers of the keys
    page = ("SELECT c.id, a.name, a.unit, c.created_at, c.disposition, c.body FROM comment c "
            "JOIN delegate a ON a.id = c.author_id WHERE c.document_id = %s AND c.deleted_at IS NULL "
            "AND a.code = '%s' ORDER BY c.thread_key LIMIT 22;" % (doc, author))
    r["peer_author_ms"] = peer_ms(["sqlite3", gdb, page])
    r["peer_grep_first_ms"] = peer_ms(["grep", "-m1", "-i", "đảng ủy", dump])
    r["peer_grep_count_ms"] = peer_ms(["grep", "-ic", "đảng ủy", dump], runs=1)


# ---- RESULTS.md ---------------------------------------------------------------------------------

def verdict(ok):
    return "met" if ok else "**missed**"


def section(results):
    sizes = sorted(results, key=int)
    R = [results[s] for s in sizes]
    head = ["", *[f"{int(s):,}" for s in sizes]]
    L = ["<!-- scale: begin -->", "## 26 million comments: keys, import, file (issue 17)", "",
         "Written by `make bench-scale` (tests/bench/scale.py) from the runs listed in the last rows; each "
         "size is kept in tests/bench/scale.json, so sizes measured on different runs stand side by side. "
         "Data: gen.py, seed %s. Keys are timed headless (80×24) from the key to the drawn screen (`@time` "
         "in the key script), median of %d runs: the wall time, and in brackets the processor time gopy took "
         "(the machine's 2 cores are shared with other builds: the wall time carries their load, the "
         "processor time does not). Targets: every key < %d ms, the interface < %d MiB, the import ≤ %d MiB "
         "at ≥ %s comments/s and ≤ 2× `sqlite3 .import` + an FTS5 build, the file ≤ %.1f× the comment text."
         % (B.SEED, KEY_RUNS, TARGET_KEY_MS, TARGET_TUI_MIB, TARGET_IMPORT_MIB, f"{TARGET_RATE:,}", TARGET_SIZE), ""]

    def row(label, cells):
        L.append("| " + " | ".join([label] + cells) + " |")
    row("", head[1:])
    L.append("|" + "---|" * len(head))
    # the key script's order; a size measured before a key was added shows "—" for it
    keys = [label for label, _ in key_steps("", "", "")]
    keys += [k for r in R for k in r["keys"] if k not in keys]
    keys = list(dict.fromkeys(keys))
    for k in keys:
        cells = []
        for r in R:
            v = r["keys"].get(k)
            cells.append("—" if not v else "%.1f ms (%.1f)%s" % (v[0], v[1], "" if v[0] < TARGET_KEY_MS else " **>%d**" % TARGET_KEY_MS))
        row("key: " + k.replace("|", "\\|"), cells)
    row("slowest key (wall / processor)", ["%.1f / %.1f ms" % (max(v[0] for v in r["keys"].values()),
                                                               max(v[1] for v in r["keys"].values())) for r in R])
    row("peer: sqlite3 shell, the author's first screen (with its start)", ["%.1f ms" % r["peer_author_ms"] for r in R])
    row("peer: grep -m1 -i 'đảng ủy', the first hit", ["%.1f ms" % r["peer_grep_first_ms"] for r in R])
    row("peer: grep -ic 'đảng ủy', every hit", [B.fmt_t(r["peer_grep_count_ms"] / 1000) for r in R])
    row("TUI peak memory (whole key script)", ["%s (%s)" % (B.fmt_b(r["tui_rss_kib"] * 1024),
                                                            verdict(r["tui_rss_kib"] < TARGET_TUI_MIB * 1024)) for r in R])
    row("gopy import-comments, wall (CPU)", ["%s (%s)" % (B.fmt_t(r["import_s"]), B.fmt_t(r["import_cpu_s"])) for r in R])
    row("comments a second, wall (≥ %s)" % f"{TARGET_RATE:,}",
        ["{:,.0f} ({})".format(int(s) / r["import_s"], verdict(int(s) / r["import_s"] >= TARGET_RATE))
         for s, r in zip(sizes, R)])
    row("comments a second of CPU", ["{:,.0f}".format(int(s) / r["import_cpu_s"]) for s, r in zip(sizes, R)])
    row("import peak memory (≤ %d MiB)" % TARGET_IMPORT_MIB,
        ["%s (%s)" % (B.fmt_b(r["import_rss_kib"] * 1024), verdict(r["import_rss_kib"] <= TARGET_IMPORT_MIB * 1024))
         for r in R])
    row("peer: sqlite3 .import", [B.fmt_t(r["peer_import_s"]) if "peer_import_s" in r else "not run" for r in R])
    row("peer: sqlite3 .import + FTS5 build, wall (CPU)",
        ["%s (%s)%s" % (B.fmt_t(r["peer_fts_s"]), B.fmt_t(r["peer_fts_cpu_s"]) if "peer_fts_cpu_s" in r else "?",
                        ", beside gopy's import" if r.get("peer_beside") else "") for r in R])
    row("gopy ÷ the peer, wall (≤ 2×)", ["%.2f× (%s)" % (r["import_s"] / r["peer_fts_s"], verdict(r["import_s"] / r["peer_fts_s"] <= 2))
                                        for r in R])
    row("gopy ÷ the peer, CPU", ["%.2f×" % (r["import_cpu_s"] / r["peer_fts_cpu_s"]) if "peer_fts_cpu_s" in r else "?"
                                 for r in R])
    row("comment text / gopy file", ["%s / %s" % (B.fmt_b(r["text_bytes"]), B.fmt_b(r["gopy_bytes"])) for r in R])
    row("file ÷ comment text (≤ %.1f×)" % TARGET_SIZE,
        ["%.2f× (%s)" % (r["gopy_bytes"] / r["text_bytes"], verdict(r["gopy_bytes"] / r["text_bytes"] <= TARGET_SIZE))
         for r in R])
    row("peer file (table + FTS5) ÷ text", ["%.2f×" % (r["peer_bytes"] / r["text_bytes"]) for r in R])
    row("gopy check, wall (µs a comment; CPU)", [("%s (%.1f; %s)" % (B.fmt_t(r["check_s"]), r["check_s"] * 1e6 / int(s),
                                                                   B.fmt_t(r["check_cpu_s"]) if "check_cpu_s" in r else "?"))
                                      if "check_s" in r else "not run" for s, r in zip(sizes, R)])
    row("making the data (gen.py; above a million, its million expanded by expand.c)",
        [B.fmt_t(r["generate_s"]) if r["generate_s"] >= 1 else "made by an earlier run" for r in R])
    row("measured on (load average at start)", ["%s (%.1f)" % (r["when"], r["load"]) +
                                                 ("; keys and check %s (%.1f)" % (r["reading_when"], r["reading_load"])
                                                  if "reading_when" in r else "") for r in R])
    L.append("")
    for s, r in zip(sizes, R):
        if "dbstat" in r:
            L.append("Largest parts of the gopy file at %s comments (dbstat): %s." % (
                f"{int(s):,}", ", ".join("%s %s" % (x.split("|")[0], B.fmt_b(int(x.split("|")[1])))
                                         for x in r["dbstat"].splitlines())))
            L.append("")
    notes = os.path.join(HERE, "SCALE.md")
    if os.path.exists(notes):
        with open(notes, encoding="utf-8") as f:
            L.append(f.read().rstrip("\n"))
            L.append("")
    L.append("<!-- scale: end -->")
    return "\n".join(L)


def write(results):
    text = open(B.RESULTS, encoding="utf-8").read() if os.path.exists(B.RESULTS) else ""
    block = section(results)
    begin, end = "<!-- scale: begin -->", "<!-- scale: end -->"
    if begin in text and end in text:
        text = text[:text.index(begin)] + block + text[text.index(end) + len(end):]
    else:
        text = text.rstrip("\n") + "\n\n" + block + "\n"
    with open(B.RESULTS, "w", encoding="utf-8") as f:
        f.write(text)


def main():
    plan()
    os.makedirs(B.DIR, exist_ok=True)
    B.RUSAGE = os.path.join(B.DIR, "rusage")
    src = os.path.join(HERE, "rusage.c")
    if not os.path.exists(B.RUSAGE) or os.path.getmtime(B.RUSAGE) < os.path.getmtime(src):
        B.sh([os.environ.get("CC", "cc"), "-O2", "-Wall", "-o", B.RUSAGE, src])
    B.GEN_STAMP = B.digest(B.GEN) + B.SEED
    B.BIN_STAMP = B.digest(B.GOPY)
    results = {}
    if os.path.exists(JSON):
        with open(JSON) as f:
            results = json.load(f)
    base = B.base_db()
    for n in SIZES:
        B.log("== %s comments ==" % f"{n:,}")
        if REUSE:
            if str(n) not in results:
                raise RuntimeError("BENCH_SCALE_REUSE: %s has no figures for %s comments" % (JSON, f"{n:,}"))
            results[str(n)] = remeasure(n, results[str(n)])
        else:
            results[str(n)] = measure(n, base)
        results[str(n)]["machine"] = " ".join(platform.uname()[2:3])
        with open(JSON, "w") as f:
            json.dump(results, f, indent=1, ensure_ascii=False, sort_keys=True)
        write(results)
        B.log("  done in %.0f s; wrote %s" % (results[str(n)]["seconds"], B.RESULTS))


if __name__ == "__main__":
    try:
        main()
    except (RuntimeError, OSError) as e:
        sys.exit("bench-scale: %s" % e)
