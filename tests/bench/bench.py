#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""bench.py — the gopy benchmark suite (issue 6), run by tests/bench/run.sh (`make bench`).

Each figure is the median of BENCH_RUNS runs. A gopy command and its peers (sqlite3 shell,
grep) are run interleaved in the same loop — A B C, B C A, C A B, ... — so that a noisy
machine slows both sides alike and the ratio holds. Wall time, CPU time (user+sys) and peak
RSS come from wait4() on the child itself; no extra tool is needed.

Environment: GOPY (binary), BENCH_N ("10000 100000 1000000"), BENCH_RUNS (5),
BENCH_SEED (20131), BENCH_DATA (tests/bench/data), BENCH_RESULTS (tests/bench/RESULTS.md),
BENCH_THREAD (100000: size of the paging thread), BENCH_KEYS (20: keystrokes per callgrind run),
BENCH_IMPORT_RUNS (1: import runs above 100k comments; 3 up to 100k), BENCH_LO_MAX (1000: the
largest export LibreOffice converts from html to docx, the peer of the docx export; its html
import grows faster than linearly: 10,000 comments did not finish in 20 minutes),
BENCH_ONLY=office (only the office exports, their section of RESULTS.md replaced), BENCH_BIG_RUNS (3: other
runs above 100k comments, no warm-up), BENCH_IMPORT_REUSE=1 (development: reuse the timing of
an earlier import of the same data by the same binary instead of importing 1M rows again). Exports above 100k
comments run min(BENCH_RUNS, 3) times; the number used is printed with each table.
"""

import hashlib
import json
import os
import platform
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
GOPY = os.path.abspath(os.environ.get("GOPY", os.path.join(ROOT, "gopy")))
SIZES = [int(x) for x in os.environ.get("BENCH_N", "10000 100000 1000000").split()]
RUNS = int(os.environ.get("BENCH_RUNS", "5"))
SEED = os.environ.get("BENCH_SEED", "20131")
DATA = os.path.abspath(os.environ.get("BENCH_DATA", os.path.join(HERE, "data")))
RESULTS = os.path.abspath(os.environ.get("BENCH_RESULTS", os.path.join(HERE, "RESULTS.md")))
THREAD_N = int(os.environ.get("BENCH_THREAD", "100000"))
KEYS = int(os.environ.get("BENCH_KEYS", "20"))
IMPORT_RUNS = int(os.environ.get("BENCH_IMPORT_RUNS", "1"))  # import and export runs above 100k comments
BIG_RUNS = int(os.environ.get("BENCH_BIG_RUNS", "3"))  # other runs above 100k comments (no warm-up run)
REUSE_IMPORT = os.environ.get("BENCH_IMPORT_REUSE", "") == "1"  # reuse a timed 1M import (development)
LO_MAX = int(os.environ.get("BENCH_LO_MAX", "1000"))  # LibreOffice converts the html of at most this size
# BENCH_ONLY=office or limits: only those figures. limits (issue 9): at the largest size, written
# into their own section of RESULTS.md; with BENCH_REUSE_DB=1 a database imported by another
# binary is reused (the binary under test migrates a copy of it) instead of importing again.
ONLY = os.environ.get("BENCH_ONLY", "")
REUSE_DB = os.environ.get("BENCH_REUSE_DB", "") == "1"
OFFICE_REF = 1000  # the reference size of the office exports' memory target


def runs_for(n, slow=False):
    """(runs, warm-up) for a measurement at n comments."""
    if n <= 10000:
        return RUNS, True
    if n <= 100000:
        return (min(RUNS, 3), False) if slow else (RUNS, True)
    return (min(RUNS, IMPORT_RUNS), False) if slow else (min(RUNS, BIG_RUNS), False)
GEN = os.path.join(HERE, "gen.py")
RUSAGE = None  # the helper that runs each timed command (rusage.c), built in main()
DOC = "DL-BENCH-2024"
SMALL = 100  # the reference size for "at N vs at 100 comments"
QUERIES = [("dia phuong", "địa phương"), ("dang uy", "đảng ủy"), ("chuyen doi so", "chuyển đổi số"),
           ("an ninh mang", "an ninh mạng")]

ENV = dict(os.environ, LANG="C.UTF-8", LC_ALL="C.UTF-8", TZ="UTC", GOPY_NOW="2024-12-01T00:00:00Z",
           GOPY_HEADLESS_SIZE="80x24")
ENV.pop("GOPY_DB", None)
DIR = os.path.join(DATA, "seed-" + SEED)
OUT = []      # markdown lines for RESULTS.md
TARGETS = []  # (target, measured, met)
RAW = {}


def log(*a):
    print(*a, flush=True)


def md(line=""):
    OUT.append(line)


def sh(argv, stdin=None, stdout=subprocess.DEVNULL, check=True, env=ENV):
    with open(stdin, "rb") if stdin else open(os.devnull, "rb") as inp:
        p = subprocess.run(argv, stdin=inp, stdout=stdout, stderr=subprocess.PIPE, env=env)
    if check and p.returncode != 0:
        raise RuntimeError("%s failed (%d): %s" % (" ".join(argv), p.returncode,
                                                   p.stderr.decode(errors="replace").strip()))
    return p


def out_of(argv, stdin=None):
    return sh(argv, stdin=stdin, stdout=subprocess.PIPE).stdout.decode()


class Cmd:
    """One command to time: argv, optional stdin file, optional untimed preparation."""

    def __init__(self, name, argv, stdin=None, prepare=None, env=None, stdout=None):
        self.name, self.argv, self.stdin, self.prepare = name, argv, stdin, prepare
        self.stdout = stdout  # a file to write to; None: /dev/null
        self.env = env or ENV
        self.wall, self.cpu, self.rss = [], [], []

    def run_once(self):
        if self.prepare:
            self.prepare()
        usage = os.path.join(DIR, "rusage.out")
        with open(self.stdin or os.devnull, "rb") as inp, open(self.stdout or os.devnull, "wb") as null, \
                tempfile.TemporaryFile() as err:
            t0 = time.perf_counter()
            rc = subprocess.call([RUSAGE, usage] + self.argv, stdin=inp, stdout=null, stderr=err, env=self.env)
            t1 = time.perf_counter()
            if rc != 0:
                err.seek(0)
                raise RuntimeError("%s: exit %d: %s" % (self.name, rc, err.read().decode(errors="replace")))
        with open(usage) as f:
            rss, user, system = f.read().split()
        self.wall.append(t1 - t0)
        self.cpu.append(float(user) + float(system))
        self.rss.append(int(rss))  # KiB

    @property
    def t(self):
        return statistics.median(self.wall)

    @property
    def c(self):
        return statistics.median(self.cpu)

    @property
    def m(self):
        return statistics.median(self.rss)


def race(cmds, runs=RUNS, warmup=True, rotate=True, n=None, slow=False):
    """Run the commands interleaved, rotating the order each round (unless told not to: then
    the last command always runs last); medians are in each Cmd. With n, the number of runs
    and the warm-up follow runs_for(n, slow)."""
    if n is not None:
        runs, warmup = runs_for(n, slow)
    if warmup:
        for c in cmds:
            c.run_once()
            c.wall.clear(), c.cpu.clear(), c.rss.clear()
    for r in range(runs):
        k = r % len(cmds) if rotate else 0
        for c in cmds[k:] + cmds[:k]:
            c.run_once()
    for c in cmds:
        RAW.setdefault("timings", {})[c.name] = {"wall": c.wall, "cpu": c.cpu, "rss_kib": c.rss}
    return cmds


def fmt_t(s):
    if s < 0.001:
        return "%.0f µs" % (s * 1e6)
    if s < 1:
        return "%.1f ms" % (s * 1e3)
    return "%.2f s" % s


def fmt_b(n):
    for unit in ["B", "KiB", "MiB", "GiB"]:
        if n < 1024 or unit == "GiB":
            return ("%.0f %s" if unit == "B" else "%.1f %s") % (n, unit)
        n /= 1024.0


def ratio(a, b):
    return a / b if b > 0 else float("inf")


def target(name, value, limit, better="lower", unit="×"):
    met = value <= limit if better == "lower" else value >= limit
    TARGETS.append((name, "%.2f%s (target %s %g%s)" % (value, unit, "≤" if better == "lower" else "≥", limit,
                                                    unit), met))
    return "met" if met else "**missed**"


def table(header, rows):
    md("| " + " | ".join(header) + " |")
    md("|" + "|".join("---" for _ in header) + "|")
    for r in rows:
        md("| " + " | ".join(str(x) for x in r) + " |")
    md()
    w = [max(len(str(r[i])) for r in [header] + rows) for i in range(len(header))]
    for r in [header] + rows:
        log("  " + "  ".join(str(x).ljust(w[i]) for i, x in enumerate(r)))
    log()


# ---- data ------------------------------------------------------------------------------


def digest(*paths):
    h = hashlib.sha256()
    for p in paths:
        with open(p, "rb") as f:
            h.update(f.read())
    return h.hexdigest()[:16]


def fresh(path, stamp):
    """True when path exists and was made with this stamp (generator, gopy binary, seed)."""
    try:
        with open(path + ".stamp") as f:
            return os.path.exists(path) and f.read() == stamp
    except OSError:
        return False


def stamp_it(path, stamp):
    with open(path + ".stamp", "w") as f:
        f.write(stamp)


def gen(*args):
    env = dict(ENV, BENCH_SEED=SEED)
    sh([sys.executable, GEN] + list(args), env=env)


def rm_db(path):
    for suffix in ("", "-wal", "-shm", "-journal"):
        try:
            os.unlink(path + suffix)
        except FileNotFoundError:
            pass


def copy_db(src, dst):
    rm_db(dst)
    shutil.copyfile(src, dst)


GEN_STAMP = None
BIN_STAMP = None


def data_files(n):
    csv = os.path.join(DIR, "comments-%d.csv" % n)
    dump = os.path.join(DIR, "dump-%d.txt" % n)
    if not fresh(csv, GEN_STAMP) or not os.path.exists(dump):
        t0 = time.perf_counter()
        gen("comments", csv, dump, str(n))
        dt = time.perf_counter() - t0
        log("  generated %d comments in %s (%s CSV)" % (n, fmt_t(dt), fmt_b(os.path.getsize(csv))))
        RAW.setdefault("generate_s", {})[n] = dt
        stamp_it(csv, GEN_STAMP)
    return csv, dump


def base_db():
    """init + the draft + the delegates: what every gopy database starts from."""
    path = os.path.join(DIR, "base.db")
    stamp = GEN_STAMP + BIN_STAMP
    if fresh(path, stamp):
        return path
    draft, dels = os.path.join(DIR, "draft.md"), os.path.join(DIR, "delegates.tsv")
    gen("draft", draft)
    gen("delegates", dels)
    rm_db(path)
    sh([GOPY, "init", path])
    sh([GOPY, "import", path, draft, "--code", DOC, "--title", "Luật Chính quyền địa phương (dự thảo)"])
    with open(dels, encoding="utf-8") as f:
        for line in f:
            code, name, unit, role = line.rstrip("\n").split("\t")
            sh([GOPY, "delegate", path, "add", code, name, "--unit", unit, "--role", role])
    stamp_it(path, stamp)
    return path


def gopy_db(n, base):
    """A database with n comments, imported once (cached); the import bench makes its own."""
    path = os.path.join(DIR, "gopy-%d.db" % n)
    stamp = GEN_STAMP + BIN_STAMP
    if fresh(path, stamp):
        return path
    if REUSE_DB and os.path.exists(path) and os.path.exists(path + ".stamp"):
        with open(path + ".stamp") as f:
            if f.read().startswith(GEN_STAMP):  # same data, another binary: migrate a copy
                mine = os.path.join(DIR, "gopy-%d-reused.db" % n)
                if not fresh(mine, stamp):
                    copy_db(path, mine)
                    sh([GOPY, "check", mine])
                    stamp_it(mine, stamp)
                return mine
    csv, _ = data_files(n)
    copy_db(base, path)
    sh([GOPY, "import-comments", path, csv])
    stamp_it(path, stamp)
    return path


FTS_SQL = ("CREATE VIRTUAL TABLE comments_fts USING fts5(body, content='comments', content_rowid='rowid', "
           "tokenize='unicode61 remove_diacritics 2');\n"
           "INSERT INTO comments_fts(comments_fts) VALUES('rebuild');\n")


def truth(n, dump):
    path = os.path.join(DIR, "truth-%d.tsv" % n)
    if not fresh(path, GEN_STAMP):
        with open(path, "w") as f:
            sh([sys.executable, GEN, "count", dump] + [q for q, _ in QUERIES], stdout=f)
        stamp_it(path, GEN_STAMP)
    with open(path, encoding="utf-8") as f:
        return {k: int(v) for k, v in (line.rstrip("\n").split("\t") for line in f)}


# ---- the measurements -------------------------------------------------------------------


def bench_import(n, base):
    """4. import-comments vs sqlite3 .import (+ FTS5 unicode61 index build); 7. sizes."""
    csv, dump = data_files(n)
    gdb = os.path.join(DIR, "gopy-%d.db" % n)
    pdb = os.path.join(DIR, "peer-%d.db" % n)
    sql_import = os.path.join(DIR, "import.sql")
    sql_both = os.path.join(DIR, "import-fts.sql")
    with open(sql_import, "w") as f:
        f.write(".mode csv\n.import '%s' comments\n" % csv.replace("'", "''"))
    with open(sql_both, "w") as f:
        f.write(".mode csv\n.import '%s' comments\n%s" % (csv.replace("'", "''"), FTS_SQL))
    runs, _ = runs_for(n, slow=True)
    g = Cmd("import gopy %d" % n, [GOPY, "import-comments", gdb, csv], prepare=lambda: copy_db(base, gdb))
    p1 = Cmd("import sqlite3 %d" % n, ["sqlite3", pdb], stdin=sql_import, prepare=lambda: rm_db(pdb))
    p2 = Cmd("import sqlite3+fts %d" % n, ["sqlite3", pdb], stdin=sql_both, prepare=lambda: rm_db(pdb))
    cache = os.path.join(DIR, "import-timing-%d.json" % n)
    stamp = GEN_STAMP + BIN_STAMP
    cached = None
    if REUSE_IMPORT and n > 100000 and fresh(gdb, stamp) and os.path.exists(cache):
        with open(cache) as f:
            cached = json.load(f)
        if cached.get("stamp") != stamp:
            cached = None
    if cached:
        # A gopy import of this file by this binary was timed before (it takes long); time the peers only.
        g.wall, g.cpu, g.rss = cached["wall"], cached["cpu"], cached["rss"]
        race([p1, p2], runs=runs, warmup=False, rotate=False)
        md("gopy import-comments figures reused from the run of %s (same binary and data; "
           "BENCH_IMPORT_REUSE=1 was set)." % cached["when"])
        md()
    else:
        race([g, p1, p2], runs=runs, warmup=False, rotate=False)  # p2 last: the peer file keeps its index
        with open(cache, "w") as f:
            json.dump({"stamp": stamp, "wall": g.wall, "cpu": g.cpu, "rss": g.rss,
                       "when": time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime())}, f)
    stamp_it(gdb, GEN_STAMP + BIN_STAMP)
    got = int(out_of(["sqlite3", gdb, "SELECT count(*) FROM comment"]).strip())
    if got != n:
        raise RuntimeError("gopy imported %d comments, expected %d" % (got, n))
    r = ratio(g.t, p2.t)
    verdict = target("import %s rows ÷ sqlite3 .import + FTS5 build" % f"{n:,}", r, 1.5) if n == max(SIZES) \
        else ("met" if r <= 1.5 else "**missed**")
    log("4. import-comments, %d rows (median of %d)" % (n, len(g.wall)))
    md("Median of %d run(s) for gopy, %d for the peers." % (len(g.wall), len(p1.wall)))
    md()
    table(["command", "wall", "CPU", "peak RSS", "gopy ÷ peer"],
          [["gopy import-comments", fmt_t(g.t), fmt_t(g.c), fmt_b(g.m * 1024), ""],
           ["sqlite3 .import (plain table)", fmt_t(p1.t), fmt_t(p1.c), fmt_b(p1.m * 1024),
            "%.2f×" % ratio(g.t, p1.t)],
           ["sqlite3 .import + FTS5 unicode61 build", fmt_t(p2.t), fmt_t(p2.c), fmt_b(p2.m * 1024),
            "%.2f× (target ≤ 1.5×: %s)" % (r, verdict)]])
    # 7. sizes
    csv_b, body_b = os.path.getsize(csv), os.path.getsize(dump)
    g_b, p_b = os.path.getsize(gdb), os.path.getsize(pdb)
    sh(["sqlite3", gdb, "PRAGMA wal_checkpoint(TRUNCATE)"], stdout=subprocess.DEVNULL)
    g_b = os.path.getsize(gdb)
    parts = out_of(["sqlite3", gdb, "SELECT name, sum(pgsize) FROM dbstat GROUP BY name ORDER BY 2 DESC LIMIT 8"])
    RAW.setdefault("dbstat", {})[n] = parts
    log("7. database size, %d comments" % n)
    table(["file", "size", "÷ CSV", "÷ comment text"],
          [["CSV (all columns)", fmt_b(csv_b), "1.00", "%.2f" % (csv_b / body_b)],
           ["comment bodies (text dump)", fmt_b(body_b), "%.2f" % (body_b / csv_b), "1.00"],
           ["gopy database", fmt_b(g_b), "%.2f" % (g_b / csv_b), "%.2f" % (g_b / body_b)],
           ["sqlite3 peer (table + FTS5)", fmt_b(p_b), "%.2f" % (p_b / csv_b), "%.2f" % (p_b / body_b)]])
    md("Largest parts of the gopy file (dbstat):")
    md()
    md("```")
    for line in parts.strip().splitlines():
        name, size = line.split("|")
        md("%-28s %s" % (name, fmt_b(int(size))))
    md("```")
    md()
    return gdb, pdb


def headless(script_text, name):
    path = os.path.join(DIR, name + ".keys")
    with open(path, "w") as f:
        f.write(script_text)
    return path


def tui(name, db, script, doc=True):
    env = dict(ENV, GOPY_HEADLESS_SCRIPT=script)
    argv = [GOPY] + (["--doc", DOC] if doc else []) + [db]
    return Cmd(name, argv, env=env)


FIRST_PAGE_SQL = ("SELECT s.full_label, s.heading, s.n_comments, s.n_pending FROM section s "
                  "JOIN document d ON d.id = s.document_id WHERE d.code = '%s' ORDER BY s.position LIMIT 22;" % DOC)
THREAD_PAGE_SQL = ("SELECT c.id, a.name, a.unit, c.created_at, c.disposition, c.body FROM comment c "
                   "LEFT JOIN delegate a ON a.id = c.author_id JOIN document d ON d.id = c.document_id "
                   "WHERE d.code = '%s' ORDER BY c.document_id, c.thread_key LIMIT 22;" % DOC)


def bench_open(n, gdb, small):
    """1. open to first screen at n vs at 100 comments vs the sqlite3 shell; 5. TUI peak RSS."""
    q = headless("q\n", "quit")
    qa = headless("A\nq\nq\n", "all-quit")
    cmds = [tui("tui list %d" % n, gdb, q, doc=False), tui("tui list 100", small, q, doc=False),
            tui("tui reader %d" % n, gdb, q), tui("tui reader 100", small, q),
            tui("tui thread %d" % n, gdb, qa), tui("tui thread 100", small, qa),
            Cmd("sqlite3 reader page %d" % n, ["sqlite3", gdb, FIRST_PAGE_SQL]),
            Cmd("sqlite3 thread page %d" % n, ["sqlite3", gdb, THREAD_PAGE_SQL])]
    race(cmds, n=n)
    md("Median of %d runs." % len(cmds[0].wall))
    md()
    ln, ls, rn, rs, tn, ts, sq, sqt = cmds
    log("1. open to first screen (headless, 80x24, open + draw + quit), %d vs 100 comments" % n)
    rows = []
    for label, big, sm, peer in [("document list (`gopy DB`)", ln, ls, sq),
                                 ("document reader (`gopy --doc CODE DB`)", rn, rs, sq),
                                 ("all comments as threads (reader, `A`)", tn, ts, sqt)]:
        r = ratio(big.t, sm.t)
        v = target("open→first screen, %s, %s vs 100" % (label.split(" (")[0], f"{n:,}"), r, 1.5) \
            if n == max(SIZES) else ("met" if r <= 1.5 else "**missed**")
        rows.append([label, fmt_t(big.t), fmt_t(sm.t), "%.2f× (%s)" % (r, v), fmt_t(peer.t),
                     "%.2f×" % ratio(big.t, peer.t)])
    table(["screen", "at %s" % f"{n:,}", "at 100", "÷ at 100 (≤ 1.5×)", "sqlite3 shell, same page", "gopy ÷ sqlite3"],
          rows)
    # Wall times of ~10 ms are at the mercy of the machine's load: count instructions as well.
    irows = []
    for label, doc in [("document list", False), ("document reader", True)]:
        big = callgrind_argv([GOPY] + (["--doc", DOC] if doc else []) + [gdb], q)
        sm = callgrind_argv([GOPY] + (["--doc", DOC] if doc else []) + [small], q)
        r = ratio(big, sm)
        v = target("open→first screen, %s, %s vs 100 (instructions)" % (label, f"{n:,}"), r, 1.5) \
            if n == max(SIZES) else ("met" if r <= 1.5 else "**missed**")
        irows.append([label, "{:,}".format(big), "{:,}".format(sm), "%.2f× (%s)" % (r, v)])
    md("The same, counted in instructions (callgrind; independent of the machine's load):")
    md()
    table(["screen", "at %s" % f"{n:,}", "at 100", "÷ at 100 (≤ 1.5×)"], irows)
    return ln, ls, rn, rs, tn, ts


def bench_limits(n, gdb):
    """Issue 9: the first screen of all comments under a limit (l) by author, unit, disposition,
    pending and section, beside the unlimited view; and with the count filled in (@idle)."""
    def one(sql):
        return out_of(["sqlite3", gdb, sql]).strip()
    doc = "(SELECT id FROM document WHERE code = '%s')" % DOC
    # an author and a unit of median size, the commonest handled disposition, a middle article
    author = one("SELECT a.code FROM comment c JOIN delegate a ON a.id = c.author_id WHERE c.document_id = %s "
                 "GROUP BY a.id ORDER BY count(*), a.code LIMIT 1 OFFSET (SELECT count(DISTINCT author_id) / 2 "
                 "FROM comment WHERE document_id = %s)" % (doc, doc))
    unit = one("SELECT unit FROM delegate WHERE code = '%s'" % author)
    section = one("SELECT full_label FROM section WHERE document_id = %s AND full_label LIKE 'Điều %%' "
                  "ORDER BY position LIMIT 1 OFFSET 120" % doc) or "Điều 120"
    limits = [("author", "~a %s" % author), ("unit", "~u \"%s\"" % unit), ("disposition", "~d accepted"),
              ("pending", "~p"), ("section", "~s \"%s\"" % section)]
    cmds = [tui("all comments %d" % n, gdb, headless("A\nq\nq\n", "limit-none"))]
    for name, pat in limits:
        cmds.append(tui("limit %s" % name, gdb, headless("A\nl%s<Enter>\nq\nq\n" % pat, "limit-" + name)))
    for name, pat in limits:
        cmds.append(tui("limit %s, counted" % name, gdb,
                        headless("A\nl%s<Enter>\n@idle\nq\nq\n" % pat, "limit-count-" + name)))
    race(cmds, n=n)
    base = cmds[0]
    log("limits (issue 9), %d comments: all comments %s" % (n, fmt_t(base.t)))
    rows = [["all comments, no limit (`A`)", fmt_t(base.t), "1.00×", "—"]]
    k = len(limits)
    for i, (name, pat) in enumerate(limits):
        first, counted = cmds[1 + i], cmds[1 + k + i]
        r = ratio(first.t, base.t)
        v = target("first screen under a limit by %s ÷ no limit, at %s" % (name, f"{n:,}"), r, 1.5)
        rows.append(["`l %s` (%s)" % (pat.replace("|", "\\|"), name), fmt_t(first.t), "%.2f× (%s)" % (r, v),
                     fmt_t(counted.t)])
    md("Median of %d runs: open the document, `A` (every comment as threads), then the limit; the "
       "first screen is drawn before the count (\"counting…\" in the title), which the next idle "
       "second fills in (`@idle` in the last column)." % len(base.wall))
    md()
    table(["view", "open → first screen", "÷ no limit (≤ 1.5×)", "with the count filled in"], rows)


def limits_only():
    """BENCH_ONLY=limits: the limit figures at the largest size, into their section of RESULTS.md."""
    base = base_db()
    n = max(SIZES)
    gdb = gopy_db(n, base)
    OUT.clear()
    bench_limits(n, gdb)
    lines = ["## Limits at %s comments (issue 9)" % f"{n:,}", "",
             "Written by `BENCH_ONLY=limits BENCH_N=%d make bench` on %s; %s." %
             (n, time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime()), " ".join(platform.uname()[2:3])), ""] + OUT[:]
    begin, end = "<!-- BEGIN LIMITS -->", "<!-- END LIMITS -->"
    with open(RESULTS, encoding="utf-8") as f:
        text = f.read()
    block = begin + "\n" + "\n".join(lines).rstrip() + "\n" + end
    if begin in text and end in text:
        text = text[:text.index(begin)] + block + text[text.index(end) + len(end):]
    else:  # beside the unlimited view: after the targets table
        at = text.find("\n## ", text.find("## Targets"))
        text = text[:at + 1] + block + "\n\n" + text[at + 1:] if at >= 0 else text + "\n" + block + "\n"
    with open(RESULTS, "w", encoding="utf-8") as f:
        f.write(text)
    for name, val, met in TARGETS:
        log("  %-8s %s: %s" % ("met" if met else "MISSED", name, val))
    log("wrote the limits section of %s" % RESULTS)


def bench_search(n, gdb, pdb, dump):
    """2. gopy search vs grep -ic over the text dump vs FTS5 unicode61 remove_diacritics 2."""
    tr = truth(n, dump)
    rows, hits = [], []
    for plain, marked in QUERIES:
        fts = "SELECT rowid, body FROM comments_fts WHERE comments_fts MATCH '\"%s\"';" % plain
        cmds = [Cmd("search gopy %s %d" % (plain, n), [GOPY, "search", gdb, plain, "--format", "tsv"]),
                Cmd("search gopy first page %s %d" % (plain, n),
                    [GOPY, "search", gdb, plain, "--format", "tsv", "--limit", "50"]),
                # Not /dev/null: GNU grep stops at the first match when its output is /dev/null.
                Cmd("grep -ic %s %d" % (marked, n), ["grep", "-ic", "--", marked, dump],
                    stdout=os.path.join(DIR, "grep.out")),
                Cmd("fts5 %s %d" % (plain, n), ["sqlite3", pdb, fts])]
        race(cmds, n=n)
        g, g50, gr, ft = cmds
        tsv = out_of([GOPY, "search", gdb, plain, "--format", "tsv"])
        n_g = sum(1 for line in tsv.splitlines()[1:] if line.startswith("comment\t"))
        n_gr = int(sh(["grep", "-ic", "--", marked, dump], stdout=subprocess.PIPE, check=False).stdout or 0)
        n_gr_plain = int(sh(["grep", "-ic", "--", plain, dump], stdout=subprocess.PIPE, check=False).stdout or 0)
        n_ft = int(out_of(["sqlite3", pdb, "SELECT count(*) FROM comments_fts WHERE comments_fts MATCH '\"%s\"';"
                           % plain]).strip())
        rg, rg50 = ratio(gr.t, g.t), ratio(gr.t, g50.t)
        if n == max(SIZES):
            target("search '%s' at %s: grep -ic ÷ gopy search (all hits)" % (plain, f"{n:,}"), rg, 20, "higher")
            target("search '%s' at %s: grep -ic ÷ gopy search --limit 50" % (plain, f"{n:,}"), rg50, 20, "higher")
            TARGETS.append(("search '%s' at %s finds every hit" % (plain, f"{n:,}"),
                            "%d of %d" % (n_g, tr[plain]), n_g == tr[plain]))
            if "đ" in marked:
                TARGETS.append(("search '%s' (đ) at %s finds more than FTS5 unicode61" % (plain, f"{n:,}"),
                                "%d vs %d" % (n_g, n_ft), n_g > n_ft))
        rows.append(["`%s`" % plain, fmt_t(g.t), fmt_t(g50.t), fmt_t(gr.t), fmt_t(ft.t),
                     "%.1f× / %.1f×" % (rg, rg50), "%.2f×" % ratio(g.t, ft.t)])
        hits.append(["`%s`" % plain, tr[plain], n_g, "%d (`%s`), %d (`%s`)" % (n_gr, marked, n_gr_plain, plain),
                     n_ft])
    log("2. search at %d comments: time (median of %d)" % (n, len(g.wall)))
    md("Median of %d runs. gopy prints every hit as TSV (to /dev/null); `--limit 50` is the first screenful. "
       "grep and FTS5 count or list the same comments (the dump has one comment per line)." % len(g.wall))
    md()
    table(["query", "gopy search (all hits, tsv)", "gopy --limit 50", "grep -ic over dump", "FTS5 unicode61 rd2",
           "grep ÷ gopy (all / first 50; ≥ 20×)", "gopy ÷ FTS5"], rows)
    log("2. search at %d comments: comments found" % n)
    table(["query", "should find (folded scan of the dump)", "gopy", "grep -ic (typed with marks / without)",
           "FTS5 unicode61 remove_diacritics 2"], hits)


EXPORT_SQL = (
    "SELECT c.id, d.code, coalesce(s.full_label, 'Chung'), a.code, a.name, a.unit, c.created_at, c.edited_at, "
    "c.body, c.quote, c.disposition, c.response, h.name, c.handled_at, c.root_id, c.parent_id, c.depth "
    "FROM comment c JOIN document d ON d.id = c.document_id LEFT JOIN delegate a ON a.id = c.author_id "
    "LEFT JOIN delegate h ON h.id = c.handled_by LEFT JOIN section s ON s.id = c.section_id "
    "WHERE d.code = '%s' AND c.deleted_at IS NULL %s;")


def bench_export(n, gdb, small):
    """3. export csv/txt vs sqlite3 -csv of the same columns; 5. export peak RSS."""
    o = os.path.join(DIR, "export-out")
    cmds = [Cmd("export csv %d" % n, [GOPY, "export", gdb, "--doc", DOC, "--format", "csv", "--date", "2024-12-01",
                                      "-o", o + ".csv"]),
            Cmd("export txt %d" % n, [GOPY, "export", gdb, "--doc", DOC, "--format", "txt", "--date", "2024-12-01",
                                      "-o", o + ".txt"]),
            Cmd("sqlite3 -csv sorted %d" % n, ["sqlite3", "-csv", gdb,
                                               EXPORT_SQL % (DOC, "ORDER BY s.position, c.thread_key")]),
            Cmd("sqlite3 -csv table order %d" % n, ["sqlite3", "-csv", gdb, EXPORT_SQL % (DOC, "")]),
            Cmd("export csv 100", [GOPY, "export", small, "--doc", DOC, "--format", "csv", "--date", "2024-12-01",
                                   "-o", o + "-100.csv"]),
            Cmd("export txt 100", [GOPY, "export", small, "--doc", DOC, "--format", "txt", "--date", "2024-12-01",
                                   "-o", o + "-100.txt"])]
    try:
        race(cmds, n=n, slow=True)
    except RuntimeError as e:
        log("3. export: not measured: %s" % e)
        md("3. Export: **pending** — `gopy export` failed: `%s`" % str(e).strip().replace("\n", " "))
        md()
        return None
    ec, et, ps, pt, ec1, et1 = cmds
    rows_out = sum(1 for _ in open(o + ".csv", encoding="utf-8-sig")) - 1
    log("3. export at %d comments, median of %d (gopy wrote %d CSV lines, %s CSV, %s txt)" %
        (n, len(ec.wall), rows_out, fmt_b(os.path.getsize(o + ".csv")), fmt_b(os.path.getsize(o + ".txt"))))
    rc, rt = ratio(ec.t, ps.t), ratio(et.t, ps.t)
    vc = target("export csv at %s ÷ sqlite3 -csv (same columns, same order)" % f"{n:,}", rc, 2) \
        if n == max(SIZES) else ("met" if rc <= 2 else "**missed**")
    vt = target("export txt at %s ÷ sqlite3 -csv (same columns, same order)" % f"{n:,}", rt, 2) \
        if n == max(SIZES) else ("met" if rt <= 2 else "**missed**")
    md("Median of %d run(s); gopy wrote %d CSV rows." % (len(ec.wall), rows_out))
    md()
    table(["command", "wall", "CPU", "peak RSS", "÷ sqlite3 sorted (≤ 2×)", "÷ sqlite3 table order"],
          [["gopy export --format csv", fmt_t(ec.t), fmt_t(ec.c), fmt_b(ec.m * 1024), "%.2f× (%s)" % (rc, vc),
            "%.2f×" % ratio(ec.t, pt.t)],
           ["gopy export --format txt", fmt_t(et.t), fmt_t(et.c), fmt_b(et.m * 1024), "%.2f× (%s)" % (rt, vt),
            "%.2f×" % ratio(et.t, pt.t)],
           ["sqlite3 -csv, same columns, section + thread order", fmt_t(ps.t), fmt_t(ps.c), fmt_b(ps.m * 1024), "", ""],
           ["sqlite3 -csv, same columns, table order", fmt_t(pt.t), fmt_t(pt.c), fmt_b(pt.m * 1024), "", ""]])
    return ec, et, ec1, et1


def bench_rss(n, opened, exported):
    """5. peak memory at n vs at 100 comments."""
    ln, ls, rn, rs, tn, ts = opened
    rows = []
    pairs = [("TUI: document list", ln, ls), ("TUI: reader", rn, rs), ("TUI: all comments", tn, ts)]
    if exported:
        ec, et, ec1, et1 = exported
        pairs += [("export csv", ec, ec1), ("export txt", et, et1)]
    for label, big, sm in pairs:
        r = ratio(big.m, sm.m)
        v = target("peak RSS %s at %s ÷ at 100" % (label, f"{n:,}"), r, 1.5) if n == max(SIZES) \
            else ("met" if r <= 1.5 else "**missed**")
        rows.append([label, fmt_b(big.m * 1024), fmt_b(sm.m * 1024), "%.2f× (%s)" % (r, v)])
    log("5. peak RSS at %d vs 100 comments" % n)
    table(["program", "at %s" % f"{n:,}", "at 100", "÷ (≤ 1.5×)"], rows)


def bench_office(n, gdb, ref):
    """8. docx and xlsx exports: time and peak memory at n, memory at n ÷ at 1,000 comments,
    beside LibreOffice converting the html export of the same comments to docx (what a user
    without gopy's docx writer would do)."""
    o = os.path.join(DIR, "office-out")

    def export(fmt, db, size):
        return Cmd("export %s %d" % (fmt, size), [GOPY, "export", db, "--doc", DOC, "--format", fmt, "--date",
                                                  "2024-12-01", "-o", "%s-%d.%s" % (o, size, fmt)])
    cmds = [export("docx", gdb, n), export("xlsx", gdb, n), export("docx", ref, OFFICE_REF),
            export("xlsx", ref, OFFICE_REF)]
    # LibreOffice converts the html export of the same comments, up to LO_MAX of them; above,
    # of the reference 1,000 (its html import grows faster than linearly).
    lo_n, lo_db = (n, gdb) if n <= LO_MAX else (OFFICE_REF, ref)
    html = "%s-%d.html" % (o, lo_n)
    lo = None
    if shutil.which("soffice"):
        sh([GOPY, "export", lo_db, "--doc", DOC, "--format", "html", "--date", "2024-12-01", "-o", html])
        lo = Cmd("soffice html to docx %d" % lo_n,
                 ["soffice", "-env:UserInstallation=file://" + os.path.join(DIR, "lo-profile"), "--headless",
                  "--infilter=HTML (StarWriter)", "--convert-to", "docx:MS Word 2007 XML", "--outdir",
                  os.path.join(DIR, "lo-out"), html])
        cmds.append(lo)
    try:
        race(cmds, n=n, slow=True)
    except RuntimeError as e:
        log("8. office exports: not measured: %s" % e)
        md("8. Office exports at %s: **pending** — `%s`" % (f"{n:,}", str(e).strip().replace("\n", " ")))
        md()
        return
    dn, xn, d1, x1 = cmds[:4]
    rd, rx = ratio(dn.m, d1.m), ratio(xn.m, x1.m)
    big = n == max(SIZES)
    vd = target("peak RSS export docx at %s ÷ at %s" % (f"{n:,}", f"{OFFICE_REF:,}"), rd, 1.5) if big \
        else ("met" if rd <= 1.5 else "**missed**")
    vx = target("peak RSS export xlsx at %s ÷ at %s" % (f"{n:,}", f"{OFFICE_REF:,}"), rx, 1.5) if big \
        else ("met" if rx <= 1.5 else "**missed**")
    log("8. office exports at %d comments, median of %d" % (n, len(dn.wall)))
    md("#### %s comments" % f"{n:,}")
    md()
    md("Median of %d run(s); docx %s, xlsx %s." % (len(dn.wall), fmt_b(os.path.getsize("%s-%d.docx" % (o, n))),
                                                  fmt_b(os.path.getsize("%s-%d.xlsx" % (o, n)))))
    md()
    same = dn if lo_n == n else d1  # gopy's docx of the comments LibreOffice converted
    rows = [["gopy export --format docx", fmt_t(dn.t), fmt_t(dn.c), fmt_b(dn.m * 1024),
             "%.2f× (%s)" % (rd, vd), ("%.3f× (both at %s)" % (ratio(same.t, lo.t), f"{lo_n:,}")) if lo else ""],
            ["gopy export --format xlsx", fmt_t(xn.t), fmt_t(xn.c), fmt_b(xn.m * 1024),
             "%.2f× (%s)" % (rx, vx), ""],
            ["gopy export docx / xlsx at %s" % f"{OFFICE_REF:,}", "%s / %s" % (fmt_t(d1.t), fmt_t(x1.t)), "",
             "%s / %s" % (fmt_b(d1.m * 1024), fmt_b(x1.m * 1024)), "", ""]]
    if lo:
        rows.append(["LibreOffice: the html export of %s comments (%s) to docx" % (f"{lo_n:,}",
                     fmt_b(os.path.getsize(html))), fmt_t(lo.t), fmt_t(lo.c), fmt_b(lo.m * 1024), "", ""])
    table(["command", "wall", "CPU", "peak RSS", "RSS ÷ at 1,000 (≤ 1.5×)", "time ÷ LibreOffice"], rows)


OFFICE_BEGIN, OFFICE_END = "<!-- office exports -->", "<!-- /office exports -->"


def office_section(lines):
    return [OFFICE_BEGIN, "## 8. Office exports (docx, xlsx)", "",
            "The Word and spreadsheet reports stream (document.xml to a temporary file, libxlsxwriter's "
            "constant_memory mode): peak memory should not grow with the number of comments. The peer is "
            "LibreOffice converting gopy's html export of the same comments to docx, which is what a user "
            "without the docx writer would do; it runs on the 1,000-comment export (BENCH_LO_MAX): its html "
            "import grows faster than linearly, and 10,000 comments did not finish in 20 minutes here.",
            ""] + lines + \
        [OFFICE_END, ""]


def callgrind_argv(argv, script):
    """Instructions executed by one headless run of argv (callgrind)."""
    env = dict(ENV, GOPY_HEADLESS_SCRIPT=script)
    p = sh(["valgrind", "--tool=callgrind", "--callgrind-out-file=/dev/null"] + argv, env=env)
    m = re.search(r"Collected : (\d+)", p.stderr.decode())
    if not m:
        raise RuntimeError("callgrind printed no total")
    return int(m.group(1))


def callgrind(db, script, name):
    out = os.path.join(DIR, "callgrind.%s.out" % name)
    env = dict(ENV, GOPY_HEADLESS_SCRIPT=script)
    p = sh(["valgrind", "--tool=callgrind", "--callgrind-out-file=" + out, GOPY, "--doc", DOC, db], env=env)
    m = re.search(r"Collected : (\d+)", p.stderr.decode())
    if not m:
        raise RuntimeError("callgrind printed no total")
    return int(m.group(1)), out


def bench_paging(base):
    """6. instructions per PgDn/PgUp at the start vs the end of a THREAD_N-comment thread."""
    path = os.path.join(DIR, "thread-%d.db" % THREAD_N)
    csv = os.path.join(DIR, "thread-%d.csv" % THREAD_N)
    if not fresh(csv, GEN_STAMP):
        gen("thread", csv, str(THREAD_N))
        stamp_it(csv, GEN_STAMP)
    if not fresh(path, GEN_STAMP + BIN_STAMP):
        copy_db(base, path)
        t0 = time.perf_counter()
        sh([GOPY, "import-comments", path, csv])
        log("  imported the %d-comment thread in %s" % (THREAD_N, fmt_t(time.perf_counter() - t0)))
        stamp_it(path, GEN_STAMP + BIN_STAMP)
    k = KEYS
    dn, up = "<PgDn>\n" * k, "<PgUp>\n" * k
    scripts = {
        "open": "A\nq\nq\n",
        "start": "A\n" + dn + "q\nq\n",
        "end0": "A\nG\nq\nq\n",
        "end1": "A\nG\n" + up + "q\nq\n",
        "end2": "A\nG\n" + up + dn + "q\nq\n",
        "start-up": "A\n" + dn + up + "q\nq\n",
    }
    ir = {}
    for name, text in scripts.items():
        ir[name], _ = callgrind(path, headless(text, "page-" + name), name)
    pd_start = (ir["start"] - ir["open"]) / k
    pu_start = (ir["start-up"] - ir["start"]) / k
    pu_end = (ir["end1"] - ir["end0"]) / k
    pd_end = (ir["end2"] - ir["end1"]) / k
    RAW["callgrind"] = ir
    log("6. paging a %d-comment thread: instructions per keystroke (callgrind, %d keys)" % (THREAD_N, k))
    r_dn, r_up = ratio(pd_end, pd_start), ratio(pu_end, pu_start)
    v1 = target("PgDn at the end ÷ at the start of a %s-comment thread" % f"{THREAD_N:,}", r_dn, 1.2)
    v2 = target("PgUp at the end ÷ at the start of a %s-comment thread" % f"{THREAD_N:,}", r_up, 1.2)
    table(["key", "first screens", "last screens", "last ÷ first (≤ 1.2×)"],
          [["PgDn", "{:,.0f}".format(pd_start), "{:,.0f}".format(pd_end), "%.2f× (%s)" % (r_dn, v1)],
           ["PgUp", "{:,.0f}".format(pu_start), "{:,.0f}".format(pu_end), "%.2f× (%s)" % (r_up, v2)]])
    md("Whole runs (instructions): open + `A` + quit {:,}; `G` (jump to the end) costs {:,}.".format(
        ir["open"], ir["end0"] - ir["open"]))
    md()


def machine():
    cpu = "?"
    try:
        with open("/proc/cpuinfo") as f:
            for line in f:
                if line.startswith("model name"):
                    cpu = line.split(":", 1)[1].strip()
                    break
        with open("/proc/meminfo") as f:
            mem = int(f.readline().split()[1]) * 1024
    except OSError:
        mem = 0
    ver = out_of([GOPY, "--version"]).strip()
    sq = out_of(["sqlite3", "--version"]).split()[0]
    gr = out_of(["grep", "--version"]).splitlines()[0]
    return [("CPU", cpu), ("cores (nproc)", str(os.cpu_count())), ("memory", fmt_b(mem)),
            ("system", "%s %s" % (platform.system(), platform.release())),
            ("gopy", "%s (binary sha256 %s…)" % (ver, digest(GOPY))),
            ("sqlite3 shell", sq), ("grep", gr), ("python", platform.python_version()),
            ("load average at start", " ".join("%.2f" % x for x in os.getloadavg()))]


def main():
    global GEN_STAMP, BIN_STAMP, RUSAGE
    if not os.access(GOPY, os.X_OK):
        sys.exit("bench: %s is not built (run make)" % GOPY)
    for tool in ("sqlite3", "valgrind", "grep"):
        if not shutil.which(tool):
            sys.exit("bench: %s is needed (sh scripts/deps.sh --bench)" % tool)
    os.makedirs(DIR, exist_ok=True)
    RUSAGE = os.path.join(DIR, "rusage")
    src = os.path.join(HERE, "rusage.c")
    if not os.path.exists(RUSAGE) or os.path.getmtime(RUSAGE) < os.path.getmtime(src):
        sh([os.environ.get("CC", "cc"), "-O2", "-Wall", "-o", RUSAGE, src])
    GEN_STAMP = digest(GEN) + SEED
    BIN_STAMP = digest(GOPY)
    started = time.time()
    info = machine()
    log("gopy benchmarks: sizes %s, median of %d runs, seed %s" % (" ".join(map(str, SIZES)), RUNS, SEED))
    for k, v in info:
        log("  %-22s %s" % (k, v))
    log()
    if ONLY == "limits":
        limits_only()
        return
    base = base_db()
    ref = gopy_db(OFFICE_REF, base)
    if ONLY == "office":
        office = []
        for n in SIZES:
            OUT.clear()
            log("== %s comments ==" % f"{n:,}")
            bench_office(n, gopy_db(n, base), ref)
            office += OUT[:]
        old = open(RESULTS, encoding="utf-8").read() if os.path.exists(RESULTS) else ""
        if OFFICE_BEGIN in old:
            old = old[:old.index(OFFICE_BEGIN)] + old[old.index(OFFICE_END) + len(OFFICE_END):].lstrip("\n")
        with open(RESULTS, "w", encoding="utf-8") as f:
            f.write(old.rstrip("\n") + "\n\n" + "\n".join(office_section(office)))
        for name, val, met in TARGETS:
            log("  %-8s %s: %s" % ("met" if met else "MISSED", name, val))
        log("wrote %s" % RESULTS)
        return
    _, small_dump = data_files(SMALL)
    small = gopy_db(SMALL, base)
    sections = {}
    office = []
    for n in SIZES:
        OUT.clear()
        csv, dump = data_files(n)
        log("== %s comments ==" % f"{n:,}")
        gdb, pdb = bench_import(n, base)
        size_md = OUT[:]
        OUT.clear()
        opened = bench_open(n, gdb, small)
        open_md = OUT[:]
        OUT.clear()
        bench_search(n, gdb, pdb, dump)
        search_md = OUT[:]
        OUT.clear()
        exported = bench_export(n, gdb, small)
        export_md = OUT[:]
        OUT.clear()
        bench_rss(n, opened, exported)
        rss_md = OUT[:]
        OUT.clear()
        bench_office(n, gdb, ref)
        office += OUT[:]
        OUT.clear()
        if n == max(SIZES):
            bench_limits(n, gdb)
            rss_md += [""] + ["#### Limits (issue 9)", ""] + OUT[:]
            OUT.clear()
        sections[n] = [("1. Open to first screen", open_md), ("2. Search", search_md), ("3. Export", export_md),
                       ("5. Peak memory", rss_md), ("4 and 7. Import and database size", size_md)]
    OUT.clear()
    bench_paging(base)
    paging_md = OUT[:]
    OUT.clear()
    write_results(info, sections, paging_md, office, time.time() - started)


def write_results(info, sections, paging_md, office, elapsed):
    L = []
    L.append("# gopy benchmark results")
    L.append("")
    L.append("Written by `make bench` (tests/bench/run.sh → bench.py) on %s in %.0f min. Each time is the median "
             "of %d runs; gopy and its peers ran interleaved in the same loop, so ratios hold on a busy "
             "machine. Data: tests/bench/gen.py, seed %s (draft law of %s, 310 delegates + 4,000 citizens, "
             "threads, ~5%% NFD)." % (time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime()), elapsed / 60, RUNS, SEED,
                                      "20 chương, 240 điều, 861 sections"))
    L.append("")
    src = os.environ.get("BENCH_GOPY_SOURCE", "")
    words = ["BENCH_N=\"%s\"" % " ".join(map(str, SIZES)), "BENCH_RUNS=%d" % RUNS]
    if src and os.path.abspath(src) != os.path.join(ROOT, "gopy"):
        words += ["GOPY=%s" % src, "bash tests/bench/run.sh"]
    else:
        words.append("make bench")
    L.append("Command: `%s`" % " ".join(words))
    L.append("")
    L.append("## Machine")
    L.append("")
    L.append("| | |")
    L.append("|---|---|")
    for k, v in info + [("load average at end", " ".join("%.2f" % x for x in os.getloadavg()))]:
        L.append("| %s | %s |" % (k, v))
    L.append("")
    L.append("## Targets (issue 6) at %s comments" % f"{max(SIZES):,}")
    L.append("")
    L.append("| target | measured | |")
    L.append("|---|---|---|")
    for name, val, met in TARGETS:
        L.append("| %s | %s | %s |" % (name, val, "met" if met else "**missed**"))
    L.append("")
    for n, parts in sections.items():
        L.append("## %s comments" % f"{n:,}")
        L.append("")
        for title, lines in parts:
            L.append("### " + title)
            L.append("")
            L.extend(lines)
    L.append("## 6. Paging a %s-comment thread (callgrind)" % f"{THREAD_N:,}")
    L.append("")
    L.extend(paging_md)
    L.extend(office_section(office))
    notes = os.path.join(HERE, "NOTES.md")
    if os.path.exists(notes):
        with open(notes, encoding="utf-8") as f:
            L.append(f.read().rstrip())
            L.append("")
    with open(RESULTS, "w", encoding="utf-8") as f:
        f.write("\n".join(L) + "\n")
    with open(os.path.join(DIR, "raw.json"), "w") as f:
        json.dump(RAW, f, indent=1, default=str)
    log("Targets at %s comments:" % f"{max(SIZES):,}")
    for name, val, met in TARGETS:
        log("  %-8s %s: %s" % ("met" if met else "MISSED", name, val))
    log("wrote %s" % RESULTS)


if __name__ == "__main__":
    try:
        main()
    except (RuntimeError, OSError) as e:
        sys.exit("bench: %s" % e)
