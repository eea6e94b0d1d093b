#!/usr/bin/python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""check_pdf.py — the rendered report holds the Vietnamese text intact and in order.

    check_pdf.py PDF_TEXT REPORT_JSON NAME

PDF_TEXT is `pdftotext` output of a rendered report, REPORT_JSON gopy's json export of the
same report. Checks: no U+FFFD but those the data itself holds (sanitised C1 controls), no
control character, no stray combining mark (a diacritic
that lost its letter); the title block, then every table row's comment in STT order (the
first words of each body, compared without white space, since cells wrap and rows split
across pages); every Vietnamese word of the bodies present with its marks.
Prints "ok - " / "not ok - " lines.
"""
import json
import re
import sys
import unicodedata

sys.path.insert(0, __file__.rsplit("/", 2)[0] + "/report")
import check_export  # noqa: E402  (its check() counts failures in check_export.failed)
from check_export import check  # noqa: E402


def squash(s):
    """Without white space, and without control pictures (U+2400..U+243F: a font may lack
    them, and they are the sanitised form of hostile control characters, not text)."""
    return re.sub(r"[\s\u2400-\u243f]+", "", unicodedata.normalize("NFC", s))


def latin(w):
    """A word of the Latin script (Vietnamese), with or without marks."""
    return all(c.isascii() or "LATIN" in unicodedata.name(c, "") for c in w)


def main():
    text_path, json_path, name = sys.argv[1:4]
    text = unicodedata.normalize("NFC", open(text_path, encoding="utf-8").read())
    data = json.load(open(json_path, encoding="utf-8"))
    texts = [m["body"] for g in data["groups"] for r in g["rows"] for m in r["members"] + r["replies"]]
    texts += [m["response"] or "" for g in data["groups"] for r in g["rows"] for m in r["members"]]
    in_data = sum(t.count("\ufffd") for t in texts)
    check(f"{name}: no replacement character the data does not hold ({in_data} in the data)",
          text.count("\ufffd") <= in_data, text.count("\ufffd"))
    bad = [hex(ord(c)) for c in text if ord(c) < 0x20 and c not in "\n\f\t"]
    check(f"{name}: no control character", not bad, bad[:10])
    stray = [m.start() for m in re.finditer(r"(^|\s)[\u0300-\u036f]", text)]
    check(f"{name}: no diacritic without its letter", not stray, [text[max(0, i - 20):i + 20] for i in stray[:5]])
    flat = squash(text)
    head = data["header"]
    want = [head["issuer"], head["motto"][0], head["motto"][1], head["date_line"], head["title"][0]]
    pos, missing = 0, []
    for w in want:
        i = flat.find(squash(w), pos)
        if i < 0:
            missing.append(w)
        else:
            pos = i
    check(f"{name}: title block intact and in order", not missing, missing)
    rows = [r for g in data["groups"] for r in g["rows"]]
    pos, missing = 0, []
    for r in rows:
        body = squash(r["members"][0]["body"])[:14]
        i = flat.find(body, pos)
        if i < 0:
            missing.append((r["number"], body))
        else:
            pos = i
    check(f"{name}: all {len(rows)} comments present, in STT order", not missing, missing[:10])
    words = {w for r in rows for m in r["members"] for w in re.findall(r"\w+", m["body"])
             if any(ord(c) > 0x7F for c in w) and latin(w)}
    lost = sorted(w for w in words if w not in text)
    check(f"{name}: every Vietnamese word with its marks ({len(words)} words)", not lost, lost[:20])
    return 1 if check_export.failed else 0


if __name__ == "__main__":
    sys.exit(main())
