#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# roundtrip.sh — the CLI round trip of issue 2: init → import a draft → delegates →
# comments and replies → import-comments from CSV → list (text/tsv/json) → search without
# diacritics → check, with the content checked at every step.
# engines: both
. "$(dirname "$0")/../lib.sh"
. "$ROOT/tests/cli/data/helpers.bash"
new_db DB review

# ---- init and import -------------------------------------------------------------------
rung init "$DB"
expect_eq "init exits 0" 0 "$rc"
expect_contains "init says created" "created" "$out"
if on_server; then
	expect_eq "init made the schema: its version and the application id" "1196380249|$SCHEMA" \
		"$(db_sql "$DB" "SELECT application_id || '|' || schema_version FROM meta")"
else
	[ -s "$DB" ] && ok "init made the file" || not_ok "init made the file"
fi

rung import "$DB" "$DATA/draft.md" --code DA-CDS --kind "Đề án"
expect_eq "import exits 0" 0 "$rc"
expect_eq "import reports sections and the title" "imported DA-CDS: 12 sections — ĐỀ ÁN CHUYỂN ĐỔI SỐ TỈNH" "$out"

# The outline: levels and labels in order (tsv: type position depth level label heading ...).
rung list "$DB" --doc DA-CDS --format tsv
expect_eq "outline levels and labels" \
"preamble|
chapter|Chương I
article|Điều 1
article|Điều 2
clause|Khoản 1
point|Điểm a
point|Điểm b
clause|Khoản 2
chapter|Chương II
article|Điều 3
clause|Khoản 1
clause|Khoản 2" "$(printf '%s\n' "$out" | awk -F'\t' 'NR > 1 { print $4 "|" $5 }')"
expect_eq "outline depths" "0 0 1 1 2 3 3 2 0 1 2 2" "$(printf '%s\n' "$out" | awk -F'\t' 'NR > 1 { printf "%s%s", sep, $3; sep = " " }')"

# Nothing of the draft is lost: every non-blank line of it is in the outline, in order.
rung list "$DB" --doc DA-CDS --format json
printf '%s' "$out" >"$T/outline.json"
missing=$(py '
import json, sys
d = json.load(open(sys.argv[1]))
parts = []
for s in d["sections"]:
    parts += [s["label"], s["heading"], s["body"]]
text = "\n".join(parts)
pos = 0
for line in open(sys.argv[2], encoding="utf-8"):
    line = line.strip()
    # a heading line "Điều 1. Phạm vi" is stored as label + heading; a clause "1. Hạ tầng" as label + body
    key = line.split(". ", 1)[-1] if line[:1].isdigit() or line.startswith("Điều") else line
    key = key.split(") ", 1)[-1] if len(key) > 2 and key[1] == ")" else key
    if not line:
        continue
    at = text.find(key, pos)
    if at < 0:
        print("lost or out of order:", line)
    else:
        pos = at
' "$T/outline.json" "$DATA/draft.md")
expect_eq "every line of the draft is kept, in order" "" "$missing"

# ---- delegates ------------------------------------------------------------------------
check "delegate add STTTT-01" g delegate "$DB" add STTTT-01 "Nguyễn Văn An" --unit "Sở Thông tin và Truyền thông"
check "delegate add UBND-MD" g delegate "$DB" add UBND-MD "Phạm Thị Hoa" --unit "UBND huyện Mỹ Đức"
check "delegate add TK-01 (secretary)" g delegate "$DB" add TK-01 "Trần Thị Bình" --unit "Văn phòng HĐND tỉnh" --role secretary
refused "duplicate delegate code is refused" 1 "STTTT-01 already exists" "$DB" \
	delegate "$DB" add STTTT-01 "Người Khác" --unit "Sở Y tế"
refused "unknown role is refused" 1 "unknown role" "$DB" delegate "$DB" add X-1 "Người Khác" --role boss
refused "a code with spaces is refused" 1 "one word" "$DB" delegate "$DB" add "A B" "Người Khác"
rung delegate "$DB" list --format tsv
expect_eq "delegate list tsv, Vietnamese order of names (by given name: An, Bình, Hoa)" \
"code	name	unit	role	login
STTTT-01	Nguyễn Văn An	Sở Thông tin và Truyền thông	delegate	
TK-01	Trần Thị Bình	Văn phòng HĐND tỉnh	secretary	
UBND-MD	Phạm Thị Hoa	UBND huyện Mỹ Đức	delegate	" "$out"

# ---- comments -------------------------------------------------------------------------
rung comment "$DB" --doc DA-CDS --as STTTT-01 "Góp ý chung: đề án cần lộ trình rõ ràng."
expect_eq "root comment exits 0" 0 "$rc"
ROOT_ID=$out
[[ "$ROOT_ID" =~ ^[1-9][0-9]*$ ]] && ok "comment prints its id" || not_ok "comment prints its id" "$out"
gv SEC_ID comment "$DB" --doc DA-CDS --section "Điều 2" --as UBND-MD "Mục tiêu chuyển đổi số năm 2025 quá cao so với hạ tầng"
gv CL_ID comment "$DB" --doc DA-CDS --section "Điều 2 khoản 1" --as STTTT-01 "Đảng ủy các xã cần chỉ đạo phủ sóng"
gv REP_ID comment "$DB" --reply-to "$SEC_ID" --as STTTT-01 "Đồng ý, nên giảm còn 90%"
gv REP2_ID comment "$DB" --reply-to "$REP_ID" --as UBND-MD "Cảm ơn đồng chí"
gv BY_ID comment "$DB" --doc DA-CDS --section "Điều 3" --as UBND-MD --by TK-01 "Thư ký ghi: cần nêu rõ trách nhiệm"
printf 'Nội dung từ stdin:\nđề án cần thêm phụ lục kinh phí\n' >"$T/stdin.txt"
rung comment "$DB" --doc DA-CDS --as TK-01 - <"$T/stdin.txt"
expect_eq "comment from stdin exits 0" 0 "$rc"
STDIN_ID=$out
bad_ids=
for v in SEC_ID CL_ID REP_ID REP2_ID BY_ID STDIN_ID; do
	[[ "${!v}" =~ ^[1-9][0-9]*$ ]] || bad_ids+="$v='${!v}' "
done
expect_eq "every comment printed an id" "" "$bad_ids"
ids=$(printf '%s\n' "$ROOT_ID" "$SEC_ID" "$CL_ID" "$REP_ID" "$REP2_ID" "$BY_ID" "$STDIN_ID" | sort -u | wc -l)
expect_eq "the seven comments have seven different ids" 7 "$ids"
refused "--by a non-secretary is refused" 1 "not a secretary" "$DB" \
	comment "$DB" --doc DA-CDS --as TK-01 --by UBND-MD "Không được ghi hộ"

run db_sql "$DB" "SELECT a.code, coalesce(e.code, '-') FROM comment c JOIN delegate a ON a.id = c.author_id
	LEFT JOIN delegate e ON e.id = c.entered_by WHERE c.id = $BY_ID"
expect_eq "--by records the author and who typed it" "UBND-MD|TK-01" "$out"
run db_sql "$DB" "SELECT body FROM comment WHERE id = $STDIN_ID"
expect_eq "the stdin comment keeps its line break" "Nội dung từ stdin:
đề án cần thêm phụ lục kinh phí" "$out"

# ---- import-comments -----------------------------------------------------------------
rung import-comments "$DB" "$DATA/comments.csv"
expect_eq "import-comments exits 0" "0|imported 4 comments" "$rc|$out"
rung delegate "$DB" list --format tsv
expect_contains "the unknown author was added with the unit" "	Lê Văn Cường	UBND huyện Ba Vì	delegate	" "$out"
expect_eq "one delegate added for two rows by the same name" 4 "$(printf '%s\n' "$out" | tail -n +2 | wc -l)"

# ---- list ------------------------------------------------------------------------------
rung list "$DB"
expect_eq "list exits 0" 0 "$rc"
expect_eq "list text shows counts" "DA-CDS                11      11  -           ĐỀ ÁN CHUYỂN ĐỔI SỐ TỈNH" \
	"$(printf '%s\n' "$out" | sed -n 2p)"
rung list "$DB" --format tsv
expect_eq "list tsv" "code	title	kind	status	sections	comments	pending	deadline
DA-CDS	ĐỀ ÁN CHUYỂN ĐỔI SỐ TỈNH	Đề án		12	11	11	" "$out"
rung list "$DB" --format json
printf '%s' "$out" >"$T/docs.json"
expect_eq "list json parses, with counts" "DA-CDS 12 11 11" \
	"$(py 'import json,sys; d=json.load(open(sys.argv[1])); print(len(d) == 1 and " ".join(str(d[0][k]) for k in ("code","sections","comments","pending")))' "$T/docs.json")"

# --comments, json: threads in order (parents before children, depth = parent depth + 1)
rung list "$DB" --doc DA-CDS --comments --format json
printf '%s' "$out" >"$T/full.json"
expect_eq "list --comments json exits 0" 0 "$rc"
py '
import json, sys
d = json.load(open(sys.argv[1]))
ids = sys.argv[2:]
general = [c["id"] for c in d["general"]["comments"]]
by_label = {s["citation"]: s for s in d["sections"]}
out = []
out.append("general " + " ".join(str(i) for i in general))
for label in ("Điều 2", "khoản 1 Điều 2", "Điều 3", "khoản 2 Điều 3"):
    s = by_label[label]
    cs = s["comments"]
    out.append("%s count=%d list=%d" % (label, s["comments_count"], len(cs)))
    seen = {}
    for c in cs:
        if c["parent"] is not None:
            assert c["parent"] in seen, "child before parent"
            assert c["depth"] == seen[c["parent"]] + 1, "depth"
        seen[c["id"]] = c["depth"]
    out.append(" ".join("%d:%s:%s" % (c["depth"], c["author"], c["body"][:12].strip()) for c in cs))
print("\n".join(out))
' "$T/full.json" >"$T/threads.txt" 2>&1
expect_eq "threads per section, in thread order" \
"general $ROOT_ID $STDIN_ID $(db_sql "$DB" "SELECT c.id FROM comment c JOIN delegate a ON a.id=c.author_id WHERE a.code='UBND-MD' AND c.section_id IS NULL")
Điều 2 count=5 list=5
0:UBND-MD:Mục tiêu chu 1:STTTT-01:Đồng ý, nên 2:UBND-MD:Cảm ơn đồng 0:STTTT-01:Mục tiêu năm 1:LVC:Trả lời: đồn
khoản 1 Điều 2 count=1 list=1
0:STTTT-01:Đảng ủy các
Điều 3 count=1 list=1
0:UBND-MD:Thư ký ghi:
khoản 2 Điều 3 count=1 list=1
0:LVC:Kinh phí xã" "$(cat "$T/threads.txt")"
expect_eq "CSV body with quotes, comma and newline kept exactly" \
	'Mục tiêu năm 2025 cần rõ, đo được; ghi "100%" là quá cao.
Đề nghị ghi "95%".' \
	"$(py 'import json,sys; d=json.load(open(sys.argv[1])); print([c["body"] for s in d["sections"] for c in s.get("comments", []) if c["author"]=="STTTT-01" and c["body"].startswith("Mục")][0])' "$T/full.json")"
expect_eq "CSV created_at kept" "2026-05-02T08:00:00Z" \
	"$(py 'import json,sys; d=json.load(open(sys.argv[1])); print([c["created_at"] for s in d["sections"] for c in s.get("comments", []) if c["body"].startswith("Kinh phí")][0])' "$T/full.json")"

# --comments, text: the thread is indented under its parent
rung list "$DB" --doc DA-CDS --comments
expect_eq "list --comments text exits 0" 0 "$rc"
expect_contains "text: general comments heading" "General comments:" "$out"
expect_contains "text: reply indented under its parent" \
"      [$SEC_ID] Phạm Thị Hoa (UBND huyện Mỹ Đức) 2026-05-04 08:30 — pending
        Mục tiêu chuyển đổi số năm 2025 quá cao so với hạ tầng
        [$REP_ID] Nguyễn Văn An (Sở Thông tin và Truyền thông) 2026-05-04 08:30 — pending
          Đồng ý, nên giảm còn 90%
          [$REP2_ID] Phạm Thị Hoa (UBND huyện Mỹ Đức)" "$out"
expect_contains "text: section counts" "Điều 2. Mục tiêu đến năm 2025  [5 comments, 5 pending]" "$out"

# --comments, tsv: one flat table of comments
rung list "$DB" --doc DA-CDS --comments --format tsv
expect_eq "tsv with --comments: one flat table, 11 comment rows of 11 columns" "11 11" \
	"$(printf '%s\n' "$out" | awk -F'\t' 'NR > 1 { n[NF]++ } END { for (k in n) print k, n[k] }' | sort)"

# ---- search ---------------------------------------------------------------------------
search_ids() { g search "$DB" "$@" --format tsv | awk -F'\t' 'NR > 1 { print $1 ":" $2 }' | sort; }
expect_eq "search 'chuyen doi so' without diacritics" \
	"$(printf '%s\n' "comment:$SEC_ID" "section:$(db_sql "$DB" "SELECT id FROM section WHERE label='Điều 1'")" \
		"section:$(db_sql "$DB" "SELECT id FROM section WHERE label=''")" | sort)" "$(search_ids "chuyen doi so")"
expect_eq "search 'dang uy' finds Đảng ủy (comment and section)" \
	"$(printf '%s\n' "comment:$CL_ID" "section:$(db_sql "$DB" "SELECT id FROM section WHERE label='Điều 3'")" | sort)" \
	"$(search_ids "dang uy")"
rung search "$DB" "de an" --format json
printf '%s' "$out" >"$T/s.json"
expect_eq "search 'de an' json: the comments with đề án" \
	"$(printf '%s\n' "$ROOT_ID" "$STDIN_ID" "$(db_sql "$DB" "SELECT c.id FROM comment c WHERE body LIKE 'Góp ý chung về%'")" | sort)" \
	"$(py 'import json,sys; print("\n".join(sorted(str(h["id"]) for h in json.load(open(sys.argv[1])) if h["type"] == "comment")))' "$T/s.json")"
rung search "$DB" "DANG UY"
expect_eq "search text, case-insensitive: 2 matches" "0|2 matches (ignoring diacritics and case)" "$rc|$err"
expect_contains "search text shows doc, section and author" "DA-CDS  khoản 1 Điều 2  [$CL_ID] Nguyễn Văn An (Sở Thông tin và Truyền thông)" "$out"
rung search "$DB" "đảng ủy"
expect_eq "search with diacritics is exact" "0|2 matches (diacritics must match)" "$rc|$err"
rung search "$DB" "đang ủy"
expect_eq "exact mode: other marks do not match" "0|0 matches (diacritics must match)|" "$rc|$err|$out"
rung search "$DB" "dang uy" --exact
expect_eq "--exact with a bare query finds only unmarked text" "0|0 matches (diacritics must match)" "$rc|$err"
rung search "$DB" "đảng ủy" --fold
expect_eq "--fold with marks ignores them" "0|2 matches (ignoring diacritics and case)" "$rc|$err"
rung search "$DB" "xa hoi hoa" --format tsv
expect_eq "search tsv columns" "type	id	doc	section	author	unit	created_at	text" "$(printf '%s\n' "$out" | head -1)"
expect_contains "search tsv row of a CSV comment" "	DA-CDS	khoản 2 Điều 3	Lê Văn Cường	UBND huyện Ba Vì	2026-05-02T08:00:00Z	Kinh phí xã hội hóa cần cơ chế riêng" "$out"

# ---- check ----------------------------------------------------------------------------
rung check "$DB"
expect_eq "check passes" "0|$DB: ok (schema $SCHEMA)" "$rc|$out"
expect_eq "the counters agree with the rows" "11|11" "$(db_sql "$DB" "SELECT n_comments || '|' || (SELECT count(*) FROM comment) FROM document")"

# ---- two runs drawing the same ids (same GOPY_SEED): the taken id is drawn again ------------
A=$(GOPY_SEED=7 "$GOPY" comment "$DB" --doc DA-CDS --as STTTT-01 "Lần một cùng hạt giống")
B=$(GOPY_SEED=7 "$GOPY" comment "$DB" --doc DA-CDS --as STTTT-01 "Lần hai cùng hạt giống")
[[ "$A" =~ ^[0-9]+$ && "$B" =~ ^[0-9]+$ && "$A" != "$B" ]] && ok "same seed twice: two comments, two ids" ||
	not_ok "same seed twice: two comments, two ids" "$A / $B"
DUP=$(GOPY_SEED=7 "$GOPY" delegate "$DB" add SEED-2 "Người Thứ Hai" 2>&1; GOPY_SEED=7 "$GOPY" delegate "$DB" add SEED-3 "Người Thứ Ba" 2>&1)
expect_eq "same seed twice: two delegates" "|2" "$DUP|$(db_sql "$DB" "SELECT count(*) FROM delegate WHERE code LIKE 'SEED-%'")"
rung check "$DB"
expect_eq "check passes at the end" "0|$DB: ok (schema $SCHEMA)" "$rc|$out"
