#!/usr/bin/python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""check_office.py — read gopy's docx and xlsx reports with python-docx and openpyxl.

    check_office.py docx FILE ROWS [fixture]   the Decree 30 layout, the table, STT 1..ROWS
    check_office.py xlsx FILE ROWS [fixture]   frozen header, filter, widths, wrap, text cells
    check_office.py same HTML MD_HTML DOCX XLSX  the four renderings of one report hold the same
                                                 table, cell for cell (one layout model)

With "fixture", the file is export.sh's report, whose comments hold check_export.py's
TEXTS: hostile text must stay inert (no field, hyperlink or formula comes from data).
Prints "ok - NAME" / "not ok - NAME" lines (pycheck.bash turns them into TAP).
"""
import re
import sys
import zipfile

sys.path.insert(0, __file__.rsplit("/", 1)[0])
import check_export  # noqa: E402  (its check() counts failures in check_export.failed)
from check_export import TEXTS, HOSTILE_SANITISED, check  # noqa: E402

LABELS = {"Chưa xử lý", "Tiếp thu", "Tiếp thu một phần", "Giải trình", "Ghi nhận", "Xin ý kiến lãnh đạo"}
HEADS = ["STT", "NHÓM VẤN ĐỀ / ĐIỀU, KHOẢN", "CHỦ THỂ GÓP Ý", "NỘI DUNG GÓP Ý", "NỘI DUNG TIẾP THU, GIẢI TRÌNH"]


def check_docx(path, rows, fixture):
    import docx
    from docx.enum.section import WD_ORIENT
    from docx.oxml.ns import qn
    d = docx.Document(path)
    sec = d.sections[0]
    mm = lambda v: v / 36000  # EMU to mm
    check("docx A4 landscape", abs(mm(sec.page_width) - 297) < 1 and abs(mm(sec.page_height) - 210) < 1
          and sec.orientation == WD_ORIENT.LANDSCAPE, (mm(sec.page_width), mm(sec.page_height)))
    check("docx margins: top/bottom 20-25 mm, left 30-35 mm, right 15-20 mm",
          19.9 <= mm(sec.top_margin) <= 25.1 and 19.9 <= mm(sec.bottom_margin) <= 25.1
          and 29.9 <= mm(sec.left_margin) <= 35.1 and 14.9 <= mm(sec.right_margin) <= 20.1,
          [mm(sec.top_margin), mm(sec.bottom_margin), mm(sec.left_margin), mm(sec.right_margin)])
    rpr = d.styles.element.find(qn("w:docDefaults")).find(qn("w:rPrDefault")).find(qn("w:rPr"))
    fonts = rpr.find(qn("w:rFonts"))
    size = int(rpr.find(qn("w:sz")).get(qn("w:val"))) / 2
    check("docx Times New Roman 13-14 pt", fonts.get(qn("w:ascii")) == "Times New Roman"
          and fonts.get(qn("w:hAnsi")) == "Times New Roman" and 13 <= size <= 14, (fonts.attrib, size))
    sizes = {int(e.get(qn("w:val"))) / 2 for e in d.element.body.iter(qn("w:sz"))}
    check("docx no text below 13 pt or above 14 pt", all(13 <= s <= 14 for s in sizes), sizes)
    head = d.tables[0]
    left, right = head.cell(0, 0), head.cell(0, 1)
    check("docx title block in two columns", len(head.columns) == 2)
    lp = [p for p in left.paragraphs if p.text]
    rule = left.paragraphs[1]._p.find(qn("w:pPr")).find(qn("w:pBdr"))
    check("docx left: issuer in bold capitals over a short rule, then Số: …/BC",
          lp[0].runs[0].bold and lp[0].text == lp[0].text.upper() and rule is not None
          and re.fullmatch(r"Số:\s+/BC", lp[1].text) is not None, [p.text for p in left.paragraphs])
    rp = [p for p in right.paragraphs if p.text]
    check("docx right: the national motto, bold, the second line underlined",
          [p.text for p in rp[:2]] == ["CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc"]
          and rp[0].runs[0].bold and rp[1].runs[0].bold and rp[1].runs[0].underline, [p.text for p in rp])
    check("docx right: place and date in italics", re.search(r", ngày \d\d tháng \d+ năm \d{4}$", rp[2].text)
          and rp[2].runs[0].italic, rp[2].text)
    title = [p for p in d.paragraphs if p.text.startswith("BẢN TỔNG HỢP")]
    check("docx title in bold capitals, centred", len(title) == 1 and title[0].runs[0].bold
          and title[0].text == title[0].text.upper() and title[0].alignment == 1)
    t = d.tables[1]
    hdr = t.rows[0]
    check("docx table heading row", [c.text for c in hdr.cells] == HEADS, [c.text for c in hdr.cells])
    check("docx heading row repeats on every page", hdr._tr.trPr is not None
          and hdr._tr.trPr.find(qn("w:tblHeader")) is not None)
    body = [r for r in t.rows[1:] if r._tr.find(qn("w:tc")).find(qn("w:tcPr")).find(qn("w:gridSpan")) is None]
    stt = [r.cells[0].text for r in body]
    check(f"docx STT 1..{rows}, one per comment row", stt == [str(i) for i in range(1, rows + 1)], stt)
    check("docx every comment row has 5 cells", all(len(r._tr.findall(qn("w:tc"))) == 5 for r in body))
    disp = [r.cells[4].paragraphs[0].text.split(":")[0] for r in body]
    check("docx dispositions written as the form writes them", all(x in LABELS for x in disp), disp)
    hdr_xml = "".join(p._p.xml for p in sec.header.paragraphs)
    check("docx page numbers in the header (from page 2: titlePg)", 'w:instr=" PAGE "' in hdr_xml
          and sec.different_first_page_header_footer)
    # Word refuses ("unreadable content") property elements out of the schema's sequence.
    order = {
        "rPr": ["rStyle", "rFonts", "b", "bCs", "i", "iCs", "caps", "color", "spacing", "sz", "szCs", "u", "lang"],
        "pPr": ["pStyle", "keepNext", "keepLines", "pBdr", "shd", "spacing", "ind", "jc"],
        "tblPr": ["tblStyle", "tblW", "jc", "tblInd", "tblBorders", "shd", "tblLayout", "tblCellMar", "tblLook"],
        "tcPr": ["tcW", "gridSpan", "vMerge", "tcBorders", "shd", "vAlign"],
        "sectPr": ["headerReference", "footerReference", "pgSz", "pgMar", "cols", "titlePg"],
    }
    bad = []
    for parent, seq in order.items():
        for e in d.element.body.iter(qn("w:" + parent)):
            names = [c.tag.split("}")[1] for c in e]
            idx = [seq.index(n) if n in seq else -1 for n in names]
            if -1 in idx or idx != sorted(idx):
                bad.append((parent, names))
    check("docx property elements in the schema's order", not bad, bad[:3])
    z = zipfile.ZipFile(path)
    xml = z.read("word/document.xml").decode("utf-8")
    check("docx body has no field, hyperlink or external part",
          not re.search(r"fldSimple|instrText|fldChar|hyperlink|r:embed|TargetMode", xml))
    rels = "".join(z.read(n).decode() for n in z.namelist() if n.endswith(".rels"))
    check("docx no external relationship", "External" not in rels)
    text = "\n".join(c.text for r in t.rows for c in r.cells)
    if fixture:
        check("docx formula text kept as text", TEXTS["formula"] in text)
        check("docx hostile text sanitised, markup as text", HOSTILE_SANITISED.split("\n")[0] in text, text[:300])
        check("docx deleted comment absent", "BỊ XÓA" not in text)
    check("docx signature block", any("ĐẠI DIỆN CƠ QUAN CHỦ TRÌ" in c.text for tb in d.tables for r in tb.rows
                                      for c in r.cells))


def check_xlsx(path, rows, fixture):
    import openpyxl
    wb = openpyxl.load_workbook(path)
    ws = wb.worksheets[0]
    check("xlsx one sheet", len(wb.worksheets) == 1)
    head = [c.value for c in ws[1]]
    check("xlsx heading row", head[:5] == HEADS and head[5:] == ["KẾT QUẢ XỬ LÝ", "MÃ Ý KIẾN"], head)
    check("xlsx heading frozen", ws.freeze_panes == "A2", ws.freeze_panes)
    check("xlsx filter over the table", ws.auto_filter.ref == f"A1:G{rows + 1}", ws.auto_filter.ref)
    widths = [ws.column_dimensions[c].width for c in "ABCDEFG"]
    check("xlsx widths set (comment column widest)", max(widths) == widths[3] and widths[3] >= 50, widths)
    data = list(ws.iter_rows(min_row=2))
    check(f"xlsx has {rows} rows", len(data) == rows, len(data))
    check("xlsx STT 1..n as numbers", [r[0].value for r in data] == list(range(1, rows + 1)))
    check("xlsx cells wrapped and top-aligned", all(c.alignment.wrap_text and c.alignment.vertical == "top"
                                                    for r in data for c in r[1:]))
    check("xlsx no formula cell", all(c.data_type != "f" for r in ws.iter_rows() for c in r))
    check("xlsx data cells are text", all(c.data_type == "s" for r in data for c in r[1:] if c.value is not None))
    check("xlsx dispositions as text", all(r[5].value in LABELS for r in data), [r[5].value for r in data])
    check("xlsx ids as text", all(re.fullmatch(r"\d+(\n\d+)*", r[6].value or "") for r in data))
    check("xlsx Times New Roman", all(c.font.name == "Times New Roman" for c in ws[1]))
    if fixture:
        bodies = [r[3].value for r in data]
        check("xlsx formula injection stays a string", TEXTS["formula"] in bodies)
        check("xlsx hostile text sanitised", HOSTILE_SANITISED in bodies)


class Cells(__import__("html.parser").parser.HTMLParser):
    """The comment rows of an html table: lists of cell texts, <br> as LF."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.rows, self.cell, self.in_body = [], None, False

    def handle_starttag(self, tag, attrs):
        if tag == "tbody":
            self.in_body = True
        elif tag == "tr" and self.in_body:
            self.rows.append([])
        elif tag in ("td", "th") and self.in_body:
            self.cell = []
        elif tag == "br" and self.cell is not None:
            self.cell.append("\n")

    def handle_endtag(self, tag):
        if tag in ("td", "th") and self.cell is not None:
            self.rows[-1].append("".join(self.cell))
            self.cell = None
        elif tag == "tbody":
            self.in_body = False

    def handle_data(self, data):
        if self.cell is not None:
            self.cell.append(data)


def html_rows(path):
    p = Cells()
    p.feed(open(path, encoding="utf-8").read())
    return [r for r in p.rows if len(r) == 5]


def check_same(html, md_html, docx_path, xlsx_path):
    import docx
    import openpyxl
    h = html_rows(html)
    m = html_rows(md_html)
    t = docx.Document(docx_path).tables[1]
    d = [[c.text for c in r.cells] for r in t.rows[1:] if len({id(c._tc) for c in r.cells}) == 5]
    ws = openpyxl.load_workbook(xlsx_path).worksheets[0]
    x = [[str(c.value) if c.value is not None else "" for c in r[:5]] for r in ws.iter_rows(min_row=2)]
    check("same: html has rows", len(h) > 0, len(h))
    check("same: docx table = html table, cell for cell", d == h, [(a, b) for a, b in zip(d, h) if a != b][:2])
    check("same: xlsx table = html table, cell for cell", x == h, [(a, b) for a, b in zip(x, h) if a != b][:2])
    flat = [[c.replace("\n", " / ") for c in r] for r in h]
    check("same: md table = html table (line breaks as \" / \")", m == flat,
          [(a, b) for a, b in zip(m, flat) if a != b][:2])


def main():
    if sys.argv[1] == "same":
        check_same(*sys.argv[2:6])
        return 1 if check_export.failed else 0
    kind, path, rows = sys.argv[1], sys.argv[2], int(sys.argv[3])
    fixture = sys.argv[4:] == ["fixture"]
    {"docx": check_docx, "xlsx": check_xlsx}[kind](path, rows, fixture)
    return 1 if check_export.failed else 0


if __name__ == "__main__":
    sys.exit(main())
