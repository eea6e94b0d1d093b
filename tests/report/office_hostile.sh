#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# office_hostile.sh — text that would be live in an office file stays text in the docx and
# xlsx reports: Word field codes and hyperlinks written as XML or as field syntax, spreadsheet
# formulas (= + - @ and DDE), in a comment, a response, a name and a unit. Read back with
# python-docx and openpyxl: the text is there verbatim, and neither file holds a field, a
# hyperlink, a relationship to the outside or a formula.
# engines: both
. "$(dirname "$0")/../lib.sh"
PY=/usr/bin/python3
new_db DB h
printf 'Điều 1. Phạm vi\nNội dung.\n' >"$T/draft.txt"
FIELD='<w:fldSimple w:instr=" HYPERLINK &quot;http://evil.example&quot; "><w:r><w:t>bấm</w:t></w:r></w:fldSimple>'
BRACES='{ HYPERLINK "http://evil.example/x" } { INCLUDETEXT "C:\\secret.txt" } ]]><w:hyperlink r:id="rId9">'
DDE="=cmd|' /C calc'!A0"
check "init" "$GOPY" init "$DB"
check "import" "$GOPY" import "$DB" "$T/draft.txt" --code NQ --title "Nghị quyết"
check "delegate with a formula for a unit" "$GOPY" delegate "$DB" add A "@SUM(1+1)*cmd|' /C calc'!A0" --unit "=1+2"
check "secretary" "$GOPY" delegate "$DB" add TK "Thư ký" --role secretary
id=$("$GOPY" comment "$DB" --doc NQ --section "Điều 1" --as A "$FIELD $BRACES") || not_ok "comment"
check "formula comment" "$GOPY" comment "$DB" --doc NQ --as A "$DDE"
# The response by plain SQL, as another tool would write it.
RESP="+HYPERLINK(\"http://evil.example\") $FIELD"
db_sql "$DB" "UPDATE comment SET disposition = 1, response = '${RESP//\'/\'\'}' WHERE id = $id"
[ $? -eq 0 ] && ok "a response with a field" || not_ok "a response with a field"
check "export docx" "$GOPY" export "$DB" --doc NQ --format docx -o "$T/h.docx"
check "export xlsx" "$GOPY" export "$DB" --doc NQ --format xlsx -o "$T/h.xlsx"
while IFS= read -r line; do
	case "$line" in "ok "*) ok "${line#ok }" ;; "not ok "*) not_ok "${line#not ok }" ;; *) echo "# $line" ;; esac
done < <(FIELD=$FIELD BRACES=$BRACES DDE=$DDE "$PY" - "$T/h.docx" "$T/h.xlsx" <<'PYEOF' 2>&1
import os, re, sys, zipfile
import docx, openpyxl
field, braces, dde = os.environ["FIELD"], os.environ["BRACES"], os.environ["DDE"]
def check(name, cond, detail=""):
    print(("ok " if cond else "not ok ") + name + ("" if cond else "  # " + str(detail)[:300]))
z = zipfile.ZipFile(sys.argv[1])
xml = "".join(z.read(n).decode() for n in z.namelist() if n.startswith("word/") and n != "word/header1.xml")
check("docx: no field, hyperlink or instruction in the document", not re.search(
    r"<w:fldSimple|<w:instrText|<w:fldChar|<w:hyperlink", xml), re.findall(r"<w:(?:fld|hyper|instr)[^>]*>", xml)[:3])
rels = "".join(z.read(n).decode() for n in z.namelist() if n.endswith(".rels"))
check("docx: no relationship to the outside", "External" not in rels and "evil" not in rels)
text = "\n".join(c.text for t in docx.Document(sys.argv[1]).tables for r in t.rows for c in r.cells)
check("docx: the field XML is there as text", field in text)
check("docx: field braces are there as text", braces in text)
check("docx: the response's formula and field are text", "+HYPERLINK(\"http://evil.example\") " + field in text)
check("docx: the formula name is text", "@SUM(1+1)*cmd|' /C calc'!A0 (=1+2)" in text)
ws = openpyxl.load_workbook(sys.argv[2]).worksheets[0]
cells = [c for r in ws.iter_rows(min_row=2) for c in r if c.value is not None]
check("xlsx: no formula cell", all(c.data_type != "f" for r in ws.iter_rows() for c in r))
values = [c.value for c in cells]
check("xlsx: the DDE formula is a string", dde in values, values)
check("xlsx: the name and unit are a string", "@SUM(1+1)*cmd|' /C calc'!A0 (=1+2)" in values)
check("xlsx: the field XML is a string", any(isinstance(v, str) and field in v for v in values))
check("xlsx: every data cell but the STT is text", all(c.data_type == "s" for c in cells if c.column > 1))
raw = "".join(zipfile.ZipFile(sys.argv[2]).read(n).decode() for n in zipfile.ZipFile(sys.argv[2]).namelist()
              if n.endswith(".xml") or n.endswith(".rels"))
check("xlsx: no <f> element, no external link", "<f>" not in raw and "externalLink" not in raw and "evil" not in
      "".join(zipfile.ZipFile(sys.argv[2]).read(n).decode() for n in zipfile.ZipFile(sys.argv[2]).namelist() if n.endswith(".rels")))
PYEOF
)
