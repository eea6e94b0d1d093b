#!/usr/bin/python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""check_export.py — check gopy's report exports with real parsers (stdlib only).

    check_export.py text NAME          print one of the special texts below (raw bytes)
    check_export.py csv FILE RECORDS [fixture]   Python's csv reads RECORDS comments back exactly
    check_export.py json FILE ROWS [fixture]     json.loads accepts it; structure and counts
    check_export.py md HTML ROWS [fixture]       cmark-gfm's rendering of the md: tables, cells,
                                                 no raw HTML
    check_export.py html FILE ROWS [fixture]     html.parser: no script, no on* attribute, CSP,
                                                 print CSS
    check_export.py txt FILE WIDTH               no control bytes but LF; table lines all WIDTH
                                                 columns wide

ROWS is the number of table rows expected (thread roots, or merged rows with --group-same).
With "fixture", the export is of export.sh's database, which holds the TEXTS below (and a
deleted comment "BỊ XÓA ..."): they are checked too.
Every check prints an "ok - NAME" or "not ok - NAME" line (the test runner counts them) and
the script exits 1 when any failed.
"""
import csv
import html.parser
import json
import re
import sys
import unicodedata

# Texts the shell test feeds to gopy, and what the report must show for them.
TEXTS = {
    # quotes, commas, a newline, a leading space, semicolons: must read back exactly from CSV
    "quoted": 'Nói "rõ", ngắn gọn; xuống dòng\n  và "dấu phẩy", hết.',
    # formula injection: CSV must neutralise with a leading apostrophe
    "formula": '=HYPERLINK("http://evil.example/x","bấm")',
    # terminal and markup attacks
    "hostile": ("\x1b]0;owned\x07 \x1b[2J \u009d52;c;eA==\u009c OK\b\b\b\b\u202eevil "
                "<script>alert(1)</script> <img src=x onerror=alert(2)> | pipes | "
                "[x](javascript:alert(3)) ![i](http://t.example/x.png) &amp; *em* `c` # h back\\slash\\|pipe\n"
                "dòng hai\tcó tab"),
}
# The sanitised form of "hostile" (text_sanitize_lines): C0 controls become control
# pictures, C1 controls U+FFFD, TAB a space, U+202E dropped, LF kept.
HOSTILE_SANITISED = ("\u241b]0;owned\u2407 \u241b[2J \ufffd52;c;eA==\ufffd OK\u2408\u2408\u2408\u2408evil "
                     "<script>alert(1)</script> <img src=x onerror=alert(2)> | pipes | "
                     "[x](javascript:alert(3)) ![i](http://t.example/x.png) &amp; *em* `c` # h back\\slash\\|pipe\n"
                     "dòng hai có tab")

failed = 0
fixture = False


def check(name, cond, detail=""):
    global failed
    if cond:
        print(f"ok - {name}")
    else:
        failed += 1
        print(f"not ok - {name}")
        if detail:
            for line in str(detail).splitlines()[:20]:
                print(f"#   {line}")


def no_controls(name, text):
    bad = [c for c in text if (ord(c) < 0x20 and c != "\n") or 0x7F <= ord(c) <= 0x9F
           or c in "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"]
    check(name, not bad, f"control characters: {[hex(ord(c)) for c in bad[:10]]}")


def check_csv(path, records):
    raw = open(path, "rb").read()
    check("csv starts with a UTF-8 BOM", raw.startswith(b"\xef\xbb\xbf"))
    check("csv records end with CRLF", raw.endswith(b"\r\n"))
    with open(path, newline="", encoding="utf-8-sig") as f:
        rows = list(csv.reader(f, strict=True))
    header, rows = rows[0], rows[1:]
    want = ["row", "id", "doc", "section", "author_code", "author", "unit", "created_at", "edited_at", "body",
            "quote", "disposition", "disposition_label", "response", "handler", "handled_at", "root_id",
            "parent_id", "depth", "entered_by", "stamp"]
    check("csv header", header == want, header)
    check(f"csv has {records} records", len(rows) == records, len(rows))
    check("csv every record has every field", all(len(r) == len(want) for r in rows))
    col = {k: i for i, k in enumerate(want)}
    bodies = [r[col["body"]] for r in rows]
    if fixture:
        check("csv reads back quotes, commas and newlines exactly", TEXTS["quoted"] in bodies, bodies)
        check("csv neutralises a leading =", "'" + TEXTS["formula"] in bodies and TEXTS["formula"] not in bodies)
        check("csv hostile text sanitised, rest kept", HOSTILE_SANITISED in bodies,
              [b for b in bodies if "owned" in b])
    id_cols = {col["id"], col["root_id"], col["parent_id"]}
    for r in rows:
        for i, cell in enumerate(r):
            if i in id_cols and cell:
                # ids are ="digits" (spreadsheets keep them as text) and nothing else
                if not re.fullmatch(r'="[1-9][0-9]{0,18}"', cell):
                    check(f"csv id cell is =\"digits\": {want[i]}", False, cell)
            elif cell[:1] in ("=", "+", "-", "@", "\t", "\r"):
                check(f"csv cell not neutralised: {want[i]}", False, cell)
    check("csv stamps are v and 16 hex digits", all(re.fullmatch(r"v[0-9a-f]{16}", r[col["stamp"]]) for r in rows))
    no_controls("csv has no control characters but LF", "".join(c for r in rows for c in "".join(r)))
    ids = {r[col["id"]] for r in rows}
    check("csv ids unique", len(ids) == len(rows))
    replies = [r for r in rows if r[col["parent_id"]]]
    check("csv replies point at comments of the export", all(r[col["parent_id"]] in ids for r in replies))
    if fixture:
        check("csv deleted comment absent", not any("BỊ XÓA" in b for b in bodies))


def check_json(path, rows_expected):
    data = json.load(open(path, encoding="utf-8"))
    check("json parses", isinstance(data, dict))
    check("json format tag", data.get("format") == "gopy-report" and data.get("version") == 1)
    for key in ("document", "header", "filters", "figures", "groups", "counts", "signature"):
        check(f"json has {key}", key in data)
    rows = [r for g in data["groups"] for r in g["rows"]]
    check(f"json has {rows_expected} rows", len(rows) == rows_expected, len(rows))
    check("json row numbers 1..n", [r["number"] for r in rows] == list(range(1, len(rows) + 1)))
    members = [m for r in rows for m in r["members"]]
    replies = [x for r in rows for x in r["replies"]]
    counts = data["counts"]
    check("json counts match the rows", counts["rows"] == len(rows) and counts["comments"] == len(members)
          and counts["replies"] == len(replies), counts)
    by_disp = {}
    for m in members:
        by_disp[m["disposition"]] = by_disp.get(m["disposition"], 0) + 1
    check("json counts by disposition match the members",
          all(counts[k] == by_disp.get(k, 0) for k in
              ("pending", "accepted", "partly", "explained", "noted", "escalated")), (counts, by_disp))
    check("json members are thread roots", all(m["parent_id"] is None and m["depth"] == 0
                                                 and m["id"] == m["root_id"] for m in members))
    check("json ids are strings", all(isinstance(m["id"], str) and m["id"].isdigit() for m in members + replies))
    for r in rows:
        root_ids = {m["root_id"] for m in r["members"]}
        if not all(x["root_id"] in root_ids and x["depth"] >= 1 for x in r["replies"]):
            check("json replies belong to their row's threads", False, r)
            break
    else:
        check("json replies belong to their row's threads", True)
    labels = [g["label"] for g in data["groups"]]
    if "Chung" in labels:
        check("json general group first", labels[0] == "Chung", labels)
    check("json groups distinct", len(labels) == len(set(labels)), labels)
    texts = [m["body"] for m in members + replies]
    if fixture:
        check("json hostile text sanitised", HOSTILE_SANITISED in texts)
        check("json quoted text exact", TEXTS["quoted"] in texts)
        check("json deleted comment absent", not any("BỊ XÓA" in t for t in texts))


class Tags(html.parser.HTMLParser):
    """Collects tags, attributes and text of an HTML document."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.tags, self.attrs, self.text = [], [], []
        self.stack, self.rows = [], []

    def handle_starttag(self, tag, attrs):
        self.tags.append(tag)
        self.attrs.extend((tag, k, v) for k, v in attrs)
        if tag == "tr":
            self.rows.append({"section": "tbody" if "tbody" in self.stack else "thead" if "thead" in self.stack
                              else "?", "cells": 0, "attrs": dict(attrs)})
        if tag in ("td", "th") and self.rows:
            self.rows[-1]["cells"] += 1
        if tag not in ("br", "meta", "col", "img", "hr", "link", "input"):
            self.stack.append(tag)

    def handle_endtag(self, tag):
        if tag in self.stack:
            while self.stack and self.stack.pop() != tag:
                pass

    def handle_data(self, data):
        self.text.append(data)


def check_md(html_path, rows_expected):
    """The md was rendered by `cmark-gfm -e table` into html_path."""
    p = Tags()
    p.feed(open(html_path, encoding="utf-8").read())
    allowed = {"p", "strong", "em", "br", "h1", "h2", "h3", "ol", "ul", "li", "table", "thead", "tbody", "tr",
               "th", "td"}
    extra = sorted(set(p.tags) - allowed)
    check("md renders no tag from data (no raw HTML, link, image, code)", not extra, extra)
    check("md renders no attribute", not [a for a in p.attrs if a[1] != "align"], p.attrs[:5])
    body = [r for r in p.rows if r["section"] == "tbody"]
    check(f"md tables have {rows_expected} body rows", len(body) == rows_expected, len(body))
    check("md every row has 5 cells", all(r["cells"] == 5 for r in p.rows), [r["cells"] for r in p.rows])
    stt = [r for r in p.rows if r["section"] == "tbody"]
    check("md rows numbered", len(stt) == rows_expected)
    text = "".join(p.text)
    if fixture:
        check("md shows hostile markup as text", "<script>alert(1)</script>" in text and "| pipes |" in text
              and "![i](http://t.example/x.png)" in text and "&amp;" in text and "back\\slash\\|pipe" in text,
              text[:300])
    no_controls("md has no control characters but LF", text)


def check_html(path, rows_expected):
    src = open(path, encoding="utf-8").read()
    p = Tags()
    p.feed(src)
    check("html has no script element", "script" not in p.tags)
    bad_attrs = [a for a in p.attrs if a[1].lower().startswith("on") or (a[2] or "").lower().startswith("javascript")]
    check("html has no event-handler attribute", not bad_attrs, bad_attrs)
    allowed = {"html", "head", "meta", "title", "style", "body", "table", "colgroup", "col", "thead", "tbody", "tr",
               "th", "td", "h1", "h2", "h3", "p", "ol", "ul", "li", "span", "div", "bdi", "br",
               "figure", "figcaption", "svg", "rect", "text"}  # the charts: inline SVG
    extra = sorted(set(p.tags) - allowed)
    check("html has only the report's own elements", not extra, extra)
    check("html charset utf-8", re.search(r'<meta charset="utf-8">', src) is not None)
    csp = re.search(r'<meta http-equiv="Content-Security-Policy" content="([^"]*)">', src)
    check("html CSP allows nothing but inline style",
          csp is not None and csp.group(1) == "default-src 'none'; style-src 'unsafe-inline'")
    check("html print CSS: landscape A4, Times New Roman 13pt",
          "@page { size: A4 landscape;" in src and '"Times New Roman"' in src and "13pt" in src)
    body = [r for r in p.rows if r["section"] == "tbody" and r["attrs"].get("class") != "group"
            and r["cells"] == 5]
    check(f"html table has {rows_expected} comment rows", len(body) == rows_expected, len(body))
    text = "".join(p.text)
    if fixture:
        check("html shows hostile markup as text", "<script>alert(1)</script>" in text
              and "<img src=x onerror=alert(2)>" in text)
    no_controls("html has no control characters but LF", src)
    check("html dir isolation for user text", "<bdi>" in src and 'dir="auto"' in src)


def width(s):
    w = 0
    for c in s:
        if unicodedata.combining(c) or unicodedata.category(c) in ("Mn", "Me", "Cf"):
            continue
        w += 2 if unicodedata.east_asian_width(c) in ("W", "F") else 1
    return w


def check_txt(path, table_width):
    raw = open(path, "rb").read()
    bad = [b for b in raw if (b < 0x20 and b != 0x0A) or b == 0x7F]
    check("txt has no control bytes but LF", not bad, bad[:10])
    text = raw.decode("utf-8")
    no_controls("txt has no C1 or bidi controls", text)
    lines = [l for l in text.split("\n") if l[:1] in ("|", "+")]
    widths = {width(l) for l in lines}
    check(f"txt table lines all {table_width} columns wide", widths == {table_width},
          [l for l in lines if width(l) != table_width][:5])
    check("txt has a table", len(lines) > 5)


def main():
    args = sys.argv[1:]
    if args[0] == "text":
        sys.stdout.buffer.write(TEXTS[args[1]].encode("utf-8"))
        return 0
    global fixture
    kind, path, n = args[0], args[1], int(args[2])
    fixture = args[3:] == ["fixture"]
    {"csv": check_csv, "json": check_json, "md": check_md, "html": check_html, "txt": check_txt}[kind](path, n)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
