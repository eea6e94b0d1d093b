#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# drafts.sh — drafts from Word and LibreOffice: draft.fodt itself (a flat OpenDocument text),
# a .docx and an .odt made by LibreOffice from
# draft.fodt (automatic lists, outline numbering, a table, a footnote, tracked changes, a
# comment) and a .docx written by python-docx (Word numbering with start overrides, a
# Heading style, a table, tracked changes) import into the same outline as draft.txt, the
# same draft typed as plain text; a đề án (Phần / I. / 1. / a) / -) written by python-docx
# with a multilevel list and bullets gives the same tree as de-an.txt, its text; hostile or
# broken files are refused with one line and leave the database as it was.
# engines: both
. "$(dirname "$0")/../lib.sh"
. "$ROOT/tests/cli/data/helpers.bash"
D=$ROOT/tests/office/data
new_db DB review
g init "$DB" >/dev/null || not_ok "init"

outline() { # CODE: depth, level, label, heading and body of every section
	g list "$DB" --doc "$1" --format tsv | cut -f3-6,9
}
g import "$DB" "$D/draft.txt" --code TXT >/dev/null || not_ok "import the text version"
want=$(outline TXT)
expect_contains "the text version has its structure" $'3\tpoint\tĐiểm c\tvề công nghệ.' "$want"

/usr/bin/python3 "$ROOT/tests/office/make_docx.py" "$D/draft.txt" "$T/python-docx.docx" ||
	not_ok "python-docx writes the draft"
for f in draft-lo.docx:LODOCX draft-lo.odt:LOODT draft.fodt:FODT "$T/python-docx.docx":PYDOCX; do
	file=${f%%:*} code=${f##*:}
	case "$file" in /*) ;; *) file=$D/$file ;; esac
	rung import "$DB" "$file" --code "$code"
	expect_eq "$code: imported" "0" "$rc"
	expect_eq "$code: the same outline as the text version" "$want" "$(outline "$code")"
	expect_contains "$code: tracked changes noticed" "tracked changes taken as accepted (1 insertions kept, 1 deletions dropped)" "$err"
	expect_contains "$code: the comment noticed" "1 comment in the file ignored" "$err"
	body=$(g list "$DB" --doc "$code" --format json)
	case "$body" in *"thuộc tỉnh"*|*"Ý kiến trong tệp"*) not_ok "$code: deleted text and comments left out" "$body" ;;
	*) ok "$code: deleted text and comments left out" ;; esac
done

# A đề án in the administrative form (Phần / I. / 1. / a) / -) whose items are Word's
# automatic multilevel list and bullets: the same tree as the same draft typed as text.
g import "$DB" "$D/de-an.txt" --code DATXT >/dev/null || not_ok "import the đề án as text"
dean=$(outline DATXT)
expect_contains "the typed đề án has its dash items" $'3\tdash\tGạch đầu dòng 2\tnguồn xã hội hóa.' "$dean"
/usr/bin/python3 "$ROOT/tests/office/make_docx_dean.py" "$D/de-an.txt" "$T/de-an.docx" ||
	not_ok "python-docx writes the đề án"
rung import "$DB" "$T/de-an.docx" --code DADOCX
expect_eq "the đề án .docx: imported" "0" "$rc"
expect_eq "the đề án .docx with list numbering: the same tree as its text" "$dean" "$(outline DADOCX)"
expect_contains "the đề án .docx: mục II Phần thứ hai cited" "mục II Phần thứ hai" \
	"$(g list "$DB" --doc DADOCX --format tsv)"
lo=$(g list "$DB" --doc LOODT --format json)
expect_contains "the footnote kept after its paragraph" '[1] Theo Luật Doanh nghiệp năm 2020.' "$lo"
expect_contains "a table row kept as a text row" '| 1 | Cáp quang đến hộ gia đình | 90% |' "$lo"

# Bad files: one line, exit 1, nothing imported.
docs() { db_sql "$DB" "SELECT count(*) || ' ' || (SELECT count(*) FROM section) FROM document"; }
before=$(docs)
bad() { # NAME NEEDLE FILE
	refused "$1" 1 "$2" "$DB" import "$DB" "$3" --code BAD
	expect_eq "$1: nothing imported" "$before" "$(docs)"
}
printf 'Điều 1. Không phải Word\n' >"$T/text.docx"
bad "a text file named .docx" "not an office document (not a zip archive)" "$T/text.docx"
bad "a legacy .doc (made by LibreOffice)" "legacy binary Office file (.doc/.xls): save it as .docx" "$D/legacy.doc"
cp "$D/legacy.doc" "$T/legacy-renamed.docx"
bad "a .doc renamed .docx" "save it as .docx" "$T/legacy-renamed.docx"
head -c 3000 "$D/draft-lo.docx" >"$T/cut.docx"
bad "a truncated docx" "damaged zip archive" "$T/cut.docx"

/usr/bin/python3 - "$T" <<'PY' || not_ok "hostile files written"
import sys, zipfile
t = sys.argv[1]
ct = '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>'
W = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'
def z(name, parts, method=zipfile.ZIP_DEFLATED):
    with zipfile.ZipFile(f"{t}/{name}", "w", method) as f:
        f.writestr("[Content_Types].xml", ct)
        for k, v in parts.items():
            f.writestr(k, v)
z("bomb.docx", {"word/document.xml": b"<w:document " + W.encode() + b"><w:body>" + b" " * (8 << 20) + b"</w:body></w:document>"})
laughs = '<?xml version="1.0"?><!DOCTYPE d [<!ENTITY a "ha"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">' \
         '<!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;"><!ENTITY e "&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;">]>' \
         f'<w:document {W}><w:body><w:p><w:r><w:t>&e;</w:t></w:r></w:p></w:body></w:document>'
z("laughs.docx", {"word/document.xml": laughs})
xxe = f'<?xml version="1.0"?><!DOCTYPE d [<!ENTITY x SYSTEM "file:///etc/passwd">]><w:document {W}><w:body>' \
      '<w:p><w:r><w:t>&x;</w:t></w:r></w:p></w:body></w:document>'
z("xxe.docx", {"word/document.xml": xxe})
z("numbering-dtd.docx", {"word/document.xml": f"<w:document {W}><w:body/></w:document>",
                         "word/numbering.xml": '<!DOCTYPE n SYSTEM "http://example.com/n.dtd"><w:numbering ' + W + '/>'})
z("broken.docx", {"word/document.xml": f"<w:document {W}><w:body><w:p></w:body></w:document>"})
z("deep.docx", {"word/document.xml": f"<w:document {W}>" + "<w:sdt>" * 5000 + "</w:sdt>" * 5000 + "</w:document>"})
z("empty.docx", {"docProps/app.xml": "<x/>"})
z("sheet.docx", {"xl/workbook.xml": "<workbook/>"})
# a password-protected Office file is an OLE compound file with an "EncryptedPackage" stream
ole = bytearray(b"\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1" + bytes(504))
ole += bytes(512) + "EncryptedPackage".encode("utf-16-le") + bytes(512)
open(f"{t}/locked.docx", "wb").write(bytes(ole))
PY
bad "a zip bomb (a part that expands a thousandfold)" "expands" "$T/bomb.docx"
bad "entities declared (billion laughs)" "declares a DTD or entities (refused)" "$T/laughs.docx"
bad "an external entity (XXE)" "declares a DTD or entities (refused)" "$T/xxe.docx"
bad "a DTD in numbering.xml" "part word/numbering.xml declares a DTD" "$T/numbering-dtd.docx"
bad "XML that is not well-formed" "part word/document.xml is not well-formed XML" "$T/broken.docx"
bad "elements nested thousands deep" "nests elements more than" "$T/deep.docx"
bad "a zip with no document part" "not a Word or OpenDocument text" "$T/empty.docx"
bad "a spreadsheet given as a draft" "this is a spreadsheet, not a draft" "$T/sheet.docx"
bad "a password-protected file" "password-protected" "$T/locked.docx"

# What Word files hold besides plain paragraphs: a field (its code left out, its result
# kept), a hyperlink, a text box written twice (mc:Choice and mc:Fallback: kept once, after
# its paragraph), a line break (a new line), an endnote, numbering that comes from a style
# (through basedOn) and a level tied to a style, a startOverride restarting a list.
/usr/bin/python3 - "$T" <<'PY' || not_ok "feature docx written"
import sys, zipfile
t = sys.argv[1]
W = ('xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" '
     'xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006" '
     'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"')
numbering = f'''<w:numbering {W}>
<w:abstractNum w:abstractNumId="5"><w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="decimal"/><w:lvlText w:val="Điều %1."/></w:lvl>
<w:lvl w:ilvl="1"><w:start w:val="1"/><w:numFmt w:val="decimal"/><w:pStyle w:val="Khoan"/><w:lvlText w:val="%2."/></w:lvl></w:abstractNum>
<w:num w:numId="3"><w:abstractNumId w:val="5"/></w:num>
<w:num w:numId="4"><w:abstractNumId w:val="5"/><w:lvlOverride w:ilvl="0"><w:startOverride w:val="10"/></w:lvlOverride></w:num>
</w:numbering>'''
styles = f'''<w:styles {W}>
<w:style w:type="paragraph" w:styleId="DieuBase"><w:name w:val="Điều cơ sở"/><w:pPr><w:numPr><w:numId w:val="3"/></w:numPr></w:pPr></w:style>
<w:style w:type="paragraph" w:styleId="Dieu"><w:name w:val="Điều"/><w:basedOn w:val="DieuBase"/><w:pPr><w:numPr><w:ilvl w:val="0"/></w:numPr></w:pPr></w:style>
<w:style w:type="paragraph" w:styleId="Khoan"><w:name w:val="Khoản"/><w:pPr><w:numPr><w:numId w:val="3"/></w:numPr></w:pPr></w:style>
<w:style w:type="paragraph" w:styleId="Loop1"><w:name w:val="loop"/><w:basedOn w:val="Loop2"/></w:style>
<w:style w:type="paragraph" w:styleId="Loop2"><w:name w:val="loop2"/><w:basedOn w:val="Loop1"/></w:style>
</w:styles>'''
def p(text, style=None, extra=""):
    st = f'<w:pPr><w:pStyle w:val="{style}"/></w:pPr>' if style else ""
    return f'<w:p>{st}<w:r><w:t xml:space="preserve">{text}</w:t></w:r>{extra}</w:p>'
body = "".join([
    p("Phạm vi", "Dieu"),
    p("Khoản có trường ", "Khoan",
      '<w:r><w:fldChar w:fldCharType="begin"/></w:r><w:r><w:instrText> HYPERLINK "http://evil.example" </w:instrText></w:r>'
      '<w:r><w:fldChar w:fldCharType="separate"/></w:r><w:r><w:t>kết quả trường</w:t></w:r><w:r><w:fldChar w:fldCharType="end"/></w:r>'
      '<w:hyperlink r:id="rId9"><w:r><w:t xml:space="preserve"> và liên kết</w:t></w:r></w:hyperlink>'),
    p("Khoản có hộp", "Khoan",
      '<w:r><mc:AlternateContent><mc:Choice Requires="wps"><w:drawing><w:txbxContent><w:p><w:r><w:t>chữ trong hộp</w:t></w:r></w:p>'
      '</w:txbxContent></w:drawing></mc:Choice><mc:Fallback><w:pict><w:txbxContent><w:p><w:r><w:t>chữ trong hộp</w:t></w:r></w:p>'
      '</w:txbxContent></w:pict></mc:Fallback></mc:AlternateContent></w:r>'),
    p("Đối tượng", "Dieu"),
    p("Dòng một", "Khoan", '<w:r><w:br/><w:t>dòng hai sau ngắt dòng</w:t><w:endnoteReference w:id="2"/></w:r>'),
    '<w:p><w:pPr><w:pStyle w:val="Dieu"/><w:numPr><w:ilvl w:val="0"/><w:numId w:val="4"/></w:numPr></w:pPr><w:r><w:t>Điều khởi lại</w:t></w:r></w:p>',
    p("Đoạn kiểu vòng", "Loop1"),
])
endnotes = f'<w:endnotes {W}><w:endnote w:type="separator" w:id="0"><w:p/></w:endnote><w:endnote w:id="2"><w:p><w:r><w:endnoteRef/></w:r><w:r><w:t xml:space="preserve"> Chú thích cuối.</w:t></w:r></w:p></w:endnote></w:endnotes>'
with zipfile.ZipFile(f"{t}/features.docx", "w", zipfile.ZIP_DEFLATED) as z:
    z.writestr("[Content_Types].xml", '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>')
    z.writestr("word/document.xml", f"<w:document {W}><w:body>{body}</w:body></w:document>")
    z.writestr("word/numbering.xml", numbering)
    z.writestr("word/styles.xml", styles)
    z.writestr("word/endnotes.xml", endnotes)
PY
rung import "$DB" "$T/features.docx" --code FEAT
expect_eq "a Word file with fields, text boxes, notes and styled numbering imports" 0 "$rc"
expect_eq "its outline" "0	article	Điều 1	Phạm vi	
1	clause	Khoản 1	Khoản có trường kết quả trường và liên kết	
1	clause	Khoản 2	Khoản có hộp	chữ trong hộp
0	article	Điều 2	Đối tượng	
1	clause	Khoản 1	Dòng một	dòng hai sau ngắt dòng[1] [1] Chú thích cuối.
0	article	Điều 10	Điều khởi lại	Đoạn kiểu vòng" "$(outline FEAT | tail -n +2)"
