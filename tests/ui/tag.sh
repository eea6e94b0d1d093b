#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# tag.sh — tagging in the thread view (issue 4): t tags one comment (marker "* "), T tags
# every comment of the current limit, `;` applies d (disposition menu) or R (one response
# template for all: {author} {unit} {section}) to every tagged comment in one transaction,
# or t untags all; "N comments updated". Checked through `gopy list --format json`, also on
# 3000 comments (the tags are a set of ids, the rows are never held).
# engines: both
. "$(dirname "$0")/../lib.sh"
. "$(dirname "$0")/fixture.bash"

new_db R r; make_db "$R" || { not_ok "build the fixture database"; exit 1; }
status() { tail -n 2 "$1" | head -n 1; }
msg() { tail -n 1 "$1"; }
json() { # python expression over rows (every comment, with "section") from the CLI's JSON
	"$GOPY" list "$1" --doc DA-TEST --comments --format json | python3 -c '
import json, sys
doc = json.load(sys.stdin)
rows = []
def walk(cs, label):
    for c in cs:
        c["section"] = label
        rows.append(c)
        walk(c.get("replies", []), label)
walk(doc["general"]["comments"], "")
for s in doc["sections"]:
    walk(s.get("comments", []), s["label"])
print(eval(sys.argv[1]))' "$2"
}

cat >"$T/keys" <<KEYS
<Enter>A
;
@dump $T/none
t
@dump $T/one
;t
@dump $T/untag
l~a B02<Enter>T
@dump $T/tlimit
l<C-u><Enter>
@dump $T/tall
;d
@dump $T/menu
1
@dump $T/disposed
;R
Tiếp thu ý kiến của {author} ({unit}).<Enter>
@dump $T/responded
;R<Enter>
@dump $T/again
KEYS
tui 160x40 "$T/keys" --as E04 "$R"
expect_eq "editor session exits 0" "0" "$rc"
expect_eq "nothing on stderr" "" "$err"
expect_contains "; without tags says how to tag" "no tagged comments (t tags one, T every comment shown)" "$(msg "$T/none")"
expect_eq "t marks one comment" 1 "$(grep -c '^\* ' "$T/one")"
expect_contains "the status line counts the tags" "1 tagged" "$(status "$T/one")"
expect_contains ";t untags all" "1 comment untagged" "$(msg "$T/untag")"
expect_eq "no marker after ;t" 0 "$(grep -c '^ *\* ' "$T/untag")"
expect_contains "T tags the limit" "2 comments tagged (2 in all)" "$(msg "$T/tlimit")"
expect_eq "without the limit, exactly B02's comments carry the marker" \
	"$(json "$R" '"\n".join(sorted(c["created_at"][:10] + " " + c["created_at"][11:16] for c in rows if c["author"] == "B02"))')" \
	"$(grep -E '^ *\* ' "$T/tall" | grep -o '20[0-9-]* [0-9:]*' | sort)"
golden "tag-marked" "$T/tall"
golden "tag-menu" "$T/menu"
expect_contains "; d: 2 comments updated" "2 comments updated" "$(msg "$T/disposed")"
expect_contains "; R: 2 comments updated" "2 comments updated" "$(msg "$T/responded")"
expect_eq "stored: B02's comments accepted, with the template filled in" \
	"accepted Tiếp thu ý kiến của Trần Thị Bình (UBND huyện Tam Đảo).
accepted Tiếp thu ý kiến của Trần Thị Bình (UBND huyện Tam Đảo)." \
	"$(json "$R" '"\n".join(c["disposition"] + " " + str(c["response"]) for c in rows if c["author"] == "B02")')"
expect_eq "stored: the others untouched" "5 pending, 0 responses" \
	"$(json "$R" '"%d pending, %d responses" % (sum(c["disposition"] == "pending" for c in rows if c["author"] != "B02"), sum(bool(c["response"]) for c in rows if c["author"] != "B02"))')"
expect_contains "R again, Enter at once: the last template is offered and kept" "2 comments updated" "$(msg "$T/again")"
expect_eq "stored: the responses are unchanged" 2 \
	"$(json "$R" 'sum(c["response"] == "Tiếp thu ý kiến của Trần Thị Bình (UBND huyện Tam Đảo)." for c in rows)')"

# A delegate may tag but not handle.
printf '<Enter>At;d\n@dump %s\n' "$T/deleg" >"$T/keys2"
tui 80x24 "$T/keys2" --as A01 "$R"
expect_contains "; d by a delegate is refused" "only the drafting team (role editor) handles comments" "$(msg "$T/deleg")"

# 3000 comments on Điều 3: T tags them all, t untags the first, ;d handles the rest at once.
python3 - "$T/many.csv" <<'PY'
import sys
with open(sys.argv[1], "w") as f:
    f.write("doc,section,author,body,created_at\n")
    for i in range(3000):
        f.write("DA-TEST,Điều 3,B02,Ý kiến số %d về tổ chức thực hiện,2026-05-03T%02d:%02d:%02dZ\n" % (i, 9 + i // 3600, i // 60 % 60, i % 60))
PY
g import-comments "$R" "$T/many.csv" >/dev/null || not_ok "import 3000 comments"
cat >"$T/keys3" <<KEYS
<Enter>A
l~s "dieu 3"<Enter>T
@dump $T/big-tagged
t
@dump $T/big-untag1
;d2
@dump $T/big-done
KEYS
tui 160x40 "$T/keys3" --as E04 "$R"
expect_contains "T tags 3000 comments" "3000 comments tagged (3000 in all)" "$(msg "$T/big-tagged")"
expect_contains "t untags one" "2999 tagged" "$(status "$T/big-untag1")"
expect_contains "; d: 2999 comments updated" "2999 comments updated" "$(msg "$T/big-done")"
expect_eq "stored: 2999 partly accepted on Điều 3, the first one still pending" "2999 first-pending" \
	"$(json "$R" '"%d %s" % (sum(c["disposition"] == "partly" for c in rows if c["section"] == "Điều 3"), "first-pending" if [c for c in rows if c["section"] == "Điều 3"][0]["disposition"] == "pending" else "other")')"
