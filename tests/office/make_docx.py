#!/usr/bin/python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""make_docx.py TEXT OUT.docx — write the draft TEXT (draft.txt's form) as a Word file with
python-docx, the way a Word user would have it: "Điều N." from an automatic list (one
abstract definition, numbered on across chapters), clauses "1." and points "a)" from a second
definition restarted in every article by a new list with a start override, dashes from a
bullet list with a Symbol-font bullet, chapters in the Heading 1 style, tables as tables, a
tracked insertion and deletion and a comment mark in the first clause."""
import re
import sys

import docx
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls

W = nsdecls("w")
NUMBERING = """
<w:abstractNum %(W)s w:abstractNumId="90"><w:multiLevelType w:val="singleLevel"/>
 <w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="decimal"/><w:lvlText w:val="Điều %%1."/><w:suff w:val="space"/></w:lvl>
</w:abstractNum>
<w:abstractNum %(W)s w:abstractNumId="91"><w:multiLevelType w:val="multilevel"/>
 <w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="decimal"/><w:lvlText w:val="%%1."/></w:lvl>
 <w:lvl w:ilvl="1"><w:start w:val="1"/><w:numFmt w:val="lowerLetter"/><w:lvlText w:val="%%2)"/></w:lvl>
</w:abstractNum>
<w:abstractNum %(W)s w:abstractNumId="92"><w:multiLevelType w:val="singleLevel"/>
 <w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="bullet"/><w:lvlText w:val="\uf02d"/></w:lvl>
</w:abstractNum>
""" % {"W": W}


class NumberedDocument:
    """A python-docx document with the abstract numbering definitions ABSTRACTS (w:abstractNum
    XML) in its numbering part; new_num makes a list of one of them, numbered adds a paragraph
    to a list at a level. Shared with make_docx_dean.py."""

    def __init__(self, abstracts, first_id):
        self.doc = docx.Document()
        self.numbering = self.doc.part.numbering_part.element
        # abstract definitions go before every w:num
        first_num = self.numbering.find("{http://schemas.openxmlformats.org/wordprocessingml/2006/main}num")
        for el in parse_xml("<x %s>%s</x>" % (W, abstracts.replace(W, ""))):
            if first_num is not None:
                first_num.addprevious(el)
            else:
                self.numbering.append(el)
        self.next_id = first_id

    def new_num(self, abstract, restart=False):
        self.next_id += 1
        over = ('<w:lvlOverride w:ilvl="0"><w:startOverride w:val="1"/></w:lvlOverride>' if restart else "")
        self.numbering.append(parse_xml('<w:num %s w:numId="%d"><w:abstractNumId w:val="%d"/>%s</w:num>'
                                        % (W, self.next_id, abstract, over)))
        return self.next_id

    def numbered(self, text, num, ilvl):
        p = self.doc.add_paragraph(text)
        p._p.get_or_add_pPr().append(parse_xml(
            '<w:numPr %s><w:ilvl w:val="%d"/><w:numId w:val="%d"/></w:numPr>' % (W, ilvl, num)))
        return p


def main(src, out):
    nd = NumberedDocument(NUMBERING, 900)
    d, new_num, numbered = nd.doc, nd.new_num, nd.numbered
    articles = new_num(90)
    clauses = None
    bullets = new_num(92)

    lines = open(src, encoding="utf-8").read().splitlines()
    table = None
    first_clause = True
    for line in lines:
        if not line.startswith("| "):
            table = None
        m = re.match(r"# (.*)", line)
        if m:
            d.add_paragraph(m.group(1), style="Heading 1")
            continue
        m = re.match(r"Điều \d+\. (.*)", line)
        if m:
            numbered(m.group(1), articles, 0)
            clauses = new_num(91, restart=True)
            continue
        m = re.match(r"\d+\. (.*)", line)
        if m and clauses:
            p = numbered("", clauses, 0)
            if first_clause:
                first_clause = False
                # "... nhà nước [thuộc tỉnh ]trên địa bàn tỉnh." with "thuộc tỉnh " deleted
                # and "trên địa bàn tỉnh" inserted, and a comment on the clause
                head, tail = m.group(1).split("trên địa bàn tỉnh")
                p.add_run(head)
                p._p.append(parse_xml('<w:del %s w:id="1" w:author="A" w:date="2026-05-01T08:00:00Z">'
                                      '<w:r><w:delText xml:space="preserve">thuộc tỉnh </w:delText></w:r></w:del>' % W))
                p._p.append(parse_xml('<w:ins %s w:id="2" w:author="A" w:date="2026-05-01T08:00:00Z">'
                                      '<w:r><w:t>trên địa bàn tỉnh</w:t></w:r></w:ins>' % W))
                p._p.append(parse_xml('<w:commentRangeStart %s w:id="0"/>' % W))
                p.add_run(tail)
                p._p.append(parse_xml('<w:r %s><w:commentReference w:id="0"/></w:r>' % W))
            else:
                p.add_run(m.group(1))
            continue
        m = re.match(r"[a-z]\) (.*)", line)
        if m and clauses:
            numbered(m.group(1), clauses, 1)
            continue
        m = re.match(r"- (.*)", line)
        if m:
            numbered(m.group(1), bullets, 0)
            continue
        if line.startswith("| "):
            cells = [c.strip() for c in line.strip("|").split("|")]
            if table is None:
                table = d.add_table(rows=0, cols=len(cells))
            row = table.add_row()
            for c, t in zip(row.cells, cells):
                c.text = t
            continue
        d.add_paragraph(line)
    d.save(out)


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
