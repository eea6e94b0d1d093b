#!/usr/bin/python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""make_docx_dean.py TEXT OUT.docx — write a đề án in the administrative form (Phần / I. / 1. /
a) / -) as a Word user has it, with python-docx: the parts typed as Heading 1 paragraphs, the
roman items, clauses and points as the three levels of one automatic multilevel list (upperRoman
"I.", decimal "1.", lowerLetter "a)"; each lower level restarts under the one above, the roman
level restarts in every part through a new list with a start override) and the dashes as a
bullet list whose bullet is "-". The paragraph text then carries no number."""
import re
import sys

from docx.oxml.ns import nsdecls

from make_docx import NumberedDocument

W = nsdecls("w")
NUMBERING = """
<w:abstractNum %(W)s w:abstractNumId="80"><w:multiLevelType w:val="multilevel"/>
 <w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="upperRoman"/><w:lvlText w:val="%%1."/></w:lvl>
 <w:lvl w:ilvl="1"><w:start w:val="1"/><w:numFmt w:val="decimal"/><w:lvlText w:val="%%2."/></w:lvl>
 <w:lvl w:ilvl="2"><w:start w:val="1"/><w:numFmt w:val="lowerLetter"/><w:lvlText w:val="%%3)"/></w:lvl>
</w:abstractNum>
<w:abstractNum %(W)s w:abstractNumId="81"><w:multiLevelType w:val="singleLevel"/>
 <w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="bullet"/><w:lvlText w:val="-"/></w:lvl>
</w:abstractNum>
""" % {"W": W}
LEVELS = [(re.compile(r"^[IVX]+\. "), 0), (re.compile(r"^\d+\. "), 1), (re.compile(r"^[a-z]\) "), 2)]


def main(src, out):
    nd = NumberedDocument(NUMBERING, 800)
    d, new_num, numbered = nd.doc, nd.new_num, nd.numbered
    items, bullets = None, new_num(81, False)
    for line in open(src, encoding="utf-8").read().splitlines():
        if line.startswith("Phần "):
            d.add_paragraph(line, style="Heading 1")
            items = new_num(80, True)
            continue
        if line.startswith("- "):
            numbered(line[2:], bullets, 0)
            continue
        for rx, ilvl in LEVELS:
            m = rx.match(line)
            if m and items:
                numbered(line[m.end():], items, ilvl)
                break
        else:
            d.add_paragraph(line)
    d.save(out)


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
