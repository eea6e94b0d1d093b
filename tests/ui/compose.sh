#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# compose.sh — the compose pane, headless: a new comment, a reply, editing my own comment and
# refusing others', cancelling (with its question), grapheme-cluster Backspace/Delete/Left on
# NFD and emoji text, Vietnamese input methods that send Backspace then the accented letter,
# word moves and kills, a bracketed paste of 100 KB, wrapping at 40 columns (golden), the
# $VISUAL/$EDITOR round trip, and a secretary writing for a speaker. What was saved is read
# back with `gopy list --comments --format json` (parsed by python3) or sqlite3.
# engines: both
. "$(dirname "$0")/../lib.sh"
. "$(dirname "$0")/fixture.bash"

new_db R r; make_db "$R" || { not_ok "build the fixture database"; exit 1; }
DRAFTS=$XDG_STATE_HOME/gopy/drafts

# Every comment of DA-TEST as one JSON line: section, author, depth, parent body, edited, body.
comments() {
	g list "$R" --doc DA-TEST --comments --format json | python3 -c '
import json, sys
d = json.load(sys.stdin)
rows = [("", c) for c in d["general"]["comments"]]
for s in d["sections"]:
    rows += [(s["label"], c) for c in s["comments"]]
byid = {c["id"]: c for _, c in rows}
for label, c in rows:
    p = byid.get(c["parent"])
    print(json.dumps([label, c["author"], c["depth"], p["body"] if p else None, c["edited_at"], c["body"]],
                     ensure_ascii=False))
'
}
# The body of the one comment whose body starts with $1 (JSON string), or "" when none.
body_of() {
	comments | python3 -c '
import json, sys
hits = [json.loads(l) for l in sys.stdin if json.loads(l)[5].startswith(sys.argv[1])]
print(json.dumps(hits[0][5], ensure_ascii=False) if len(hits) == 1 else "%d matches" % len(hits))
' "$1"
}
row_of() {
	comments | python3 -c '
import json, sys
hits = [l.strip() for l in sys.stdin if json.loads(l)[5].startswith(sys.argv[1])]
print(hits[0] if len(hits) == 1 else "%d matches" % len(hits))
' "$1"
}
drafts_left() { find "$DRAFTS" -name '*.draft' 2>/dev/null | wc -l; }

# ---- a new comment ---------------------------------------------------------------------------
cat >"$T/k1" <<KEYS
<Enter>:section Điều 3<Enter>
c
Góp ý mới về Điều 3<Enter>dòng thứ hai
@dump $T/c1
<C-s>
@dump $T/c2
KEYS
tui 80x24 "$T/k1" --as A01 "$R"
expect_eq "compose: exit status 0" "0" "$rc"
expect_eq "compose: the pane title names the section" "New comment on Điều 3 — DA-TEST" "$(head -n 1 "$T/c1")"
expect_eq "compose: the text is shown as typed" "Góp ý mới về Điều 3|dòng thứ hai" "$(sed -n '2p;3p' "$T/c1" | paste -sd'|')"
expect_contains "compose: the save and cancel keys are shown" "^S save │ ^C/Esc cancel │ ^X^E editor" "$(sed -n 23p "$T/c1")"
expect_eq "compose: saved with its line break" '["Điều 3", "A01", 0, null, null, "Góp ý mới về Điều 3\ndòng thứ hai"]' \
	"$(row_of 'Góp ý mới về Điều 3')"
expect_eq "compose: says it was saved" "comment saved" "$(tail -n 1 "$T/c2")"
expect_contains "compose: the thread shows the new comment" "Góp ý mới về Điều 3" "$(cat "$T/c2")"
expect_eq "compose: a saved comment leaves no draft" "0" "$(drafts_left)"

# From the reader, on the whole draft (the title line selected): a general comment.
printf '<Enter>c\nGóp ý chung từ trình đọc<C-s>\n@dump %s\n' "$T/g1" >"$T/k1b"
tui 80x24 "$T/k1b" --as B02 "$R"
expect_eq "compose: c in the reader on the title writes a general comment" \
	'["", "B02", 0, null, null, "Góp ý chung từ trình đọc"]' "$(row_of 'Góp ý chung từ trình đọc')"

# ---- reply ------------------------------------------------------------------------------------
cat >"$T/k2" <<KEYS
<Enter>:section Điều 1<Enter>
r
@dump $T/r1
Nhất trí với ý kiến này.<C-s>
KEYS
tui 80x24 "$T/k2" --as B02 "$R"
expect_contains "reply: the title names whom I answer" "Reply to Nguyễn Văn An — DA-TEST, Điều 1" "$(head -n 1 "$T/r1")"
expect_contains "reply: the parent is quoted" "↳ Nguyễn Văn An: Đề nghị bổ sung" "$(sed -n 2p "$T/r1")"
expect_eq "reply: saved under the selected comment" \
	'["Điều 1", "B02", 1, "Đề nghị bổ sung nội dung về an ninh mạng cho cấp xã.", null, "Nhất trí với ý kiến này."]' \
	"$(row_of 'Nhất trí với ý kiến này.')"

# ---- edit my own, refuse others' ---------------------------------------------------------------
cat >"$T/k3" <<KEYS
<Enter>:section Điều 1<Enter>
e
@dump $T/e1
 (đã sửa)<C-s>
@dump $T/e2
KEYS
tui 80x24 "$T/k3" --as A01 "$R"
expect_contains "edit: the pane says it edits" "Edit comment — DA-TEST, Điều 1" "$(head -n 1 "$T/e1")"
expect_eq "edit: the pane starts with the comment's text" "Đề nghị bổ sung nội dung về an ninh mạng cho cấp xã." "$(sed -n 2p "$T/e1")"
expect_eq "edit: saved, with the edit time" \
	'["Điều 1", "A01", 0, null, "2026-05-04T08:30:00Z", "Đề nghị bổ sung nội dung về an ninh mạng cho cấp xã. (đã sửa)"]' \
	"$(row_of 'Đề nghị bổ sung nội dung')"
expect_contains "edit: the thread marks it edited" "(edited)" "$(sed -n 2p "$T/e2")"

printf '<Enter>:section Điều 1<Enter>\ne\n@dump %s\nXYZ<C-s>\n' "$T/e3" >"$T/k4"
tui 80x24 "$T/k4" --as B02 "$R"
expect_eq "edit: someone else's comment is refused" "you can edit only your own comments" "$(tail -n 1 "$T/e3")"
expect_eq "edit: someone else's comment is unchanged" '"Đề nghị bổ sung nội dung về an ninh mạng cho cấp xã. (đã sửa)"' \
	"$(body_of 'Đề nghị bổ sung nội dung')"
printf '<Enter>:section Điều 1<Enter>\nc\n@dump %s\n' "$T/ro" >"$T/k4b"
tui 80x24 "$T/k4b" "$R"
expect_contains "compose: read-only users cannot write" "read-only: start gopy with --as CODE" "$(tail -n 1 "$T/ro")"

# ---- cancel -----------------------------------------------------------------------------------
cat >"$T/k5" <<KEYS
<Enter>:section Điều 3<Enter>
c
<C-c>
@dump $T/x0
c
bỏ đi thôi<C-c>
@dump $T/x1
n
@dump $T/x2
<C-c>y
@dump $T/x3
c
giữ lại<Esc>
@dump $T/x4
<Esc>
@dump $T/x5
<Esc>y
@dump $T/x6
c
lưu bằng Esc<Esc><C-s>
@dump $T/x7
KEYS
tui 80x24 "$T/k5" --as A01 "$R"
expect_contains "cancel: an empty pane closes without a question" "comments on Điều 3" "$(head -n 1 "$T/x0")"
expect_eq "cancel: Ctrl-C on a text asks first" "Discard this text? y: discard · Ctrl-S: save · other keys: keep writing" "$(tail -n 1 "$T/x1")"
expect_contains "cancel: n keeps writing" "New comment on Điều 3" "$(head -n 1 "$T/x2")"
expect_eq "cancel: the text is still there after n" "bỏ đi thôi" "$(sed -n 2p "$T/x2")"
expect_eq "cancel: y discards" "discarded" "$(tail -n 1 "$T/x3")"
expect_contains "cancel: back in the thread" "comments on Điều 3" "$(head -n 1 "$T/x3")"
expect_eq "cancel: Esc asks the same" "Discard this text? y: discard · Ctrl-S: save · other keys: keep writing" "$(tail -n 1 "$T/x4")"
expect_contains "cancel: Esc again keeps writing" "New comment on Điều 3" "$(head -n 1 "$T/x5")"
expect_contains "cancel: Esc y discards" "comments on Điều 3" "$(head -n 1 "$T/x6")"
expect_eq "cancel: Esc then the save key named in the question saves" "comment saved" "$(tail -n 1 "$T/x7")"
expect_eq "cancel: nothing discarded was saved" "0 matches|0 matches|1 matches" \
	"$(for b in 'bỏ đi' 'giữ lại' 'lưu bằng Esc'; do comments | grep -c "\"$b" | sed 's/$/ matches/'; done | paste -sd'|')"
expect_eq "cancel: discarding deletes the draft" "0" "$(drafts_left)"

# ---- grapheme clusters, input methods, editing keys ---------------------------------------------
nfd_e=$(printf 'e\xcc\xa3\xcc\x82')   # e + dot below + circumflex = ệ in NFD
cat >"$T/k6" <<KEYS
<Enter>:section Điều 2<Enter>
c
x👍🏽<BS>y x🇻🇳<BS>y x👨‍👩‍👧<BS>y Vi${nfd_e}t<BS><BS>ệt ab👍🏽c<Left><Left><Del><End> Vi${nfd_e}t<Left><Left>X<C-s>
c
Vie<BS>ê<BS>ệt Viee<BS><BS>êj<BS><BS>ệt Vie$(printf '\xcc\x82\xcc\xa3')t Vie$(printf '\xcc\xa3\xcc\x82')t<C-s>
c
một hai ba<Esc>b<Esc>b<BS><Esc>f<Esc>fX<Home>Y<End>Z<Esc><lt>0<Esc>>9
@dump $T/keys1
<Enter>bốn năm<C-w>sáu<C-a><C-k>bảy<Up><C-e><C-u>tám<C-s>
KEYS
tui 80x24 "$T/k6" --as A01 "$R"
expect_eq "clusters: Backspace removes a whole emoji, flag, ZWJ family, NFD letter; Left/Del too" \
	'"xy xy xy Việt abc ViXệt"' "$(body_of 'xy xy')"
expect_eq "input method: Backspace then the accented letter stores Việt in NFC (and NFD input too)" \
	'"Việt Việt Việt Việt"' "$(body_of 'Việt Việt')"
expect_eq "editing keys: M-b, M-f, BS, Home, End, M-<, M->" "0Ymộthai baXZ9" "$(sed -n 2p "$T/keys1")"
expect_eq "editing keys: Ctrl-W, Ctrl-A, Ctrl-K, Up, Ctrl-E, Ctrl-U" \
	'"tám\nbảy"' "$(body_of 'tám')"

# ---- a bracketed paste of 100 KB ------------------------------------------------------------------
python3 - "$T/paste.keys" "$T/paste.expect" <<'PY'
import sys, unicodedata
line = "Điều {n}: đề nghị bổ sung <quy định> về an ninh mạng, 数字 ✓ — cấp xã và cấp huyện.\t"
text, n = "", 0
while len(text.encode()) < 100 * 1024:
    n += 1
    text += line.format(n=n) + ("\n" if n % 7 == 0 else " ")
text = text.rstrip()
keys = text.replace("<", "<lt>").replace("\n", "<Enter>")
with open(sys.argv[1], "w") as f:
    f.write("<Enter>:section Điều 3<Enter>\nc\n")
    # a Ctrl-S and an Esc inside the paste are text, not commands: they are dropped
    f.write("<PasteBegin>" + keys + "\x13<Esc><PasteEnd><C-s>\n")
with open(sys.argv[2], "w") as f:
    f.write(unicodedata.normalize("NFC", text.replace("\t", " ")).rstrip())
PY
start=$(date +%s%N)
tui 80x24 "$T/paste.keys" --as A01 "$R"
ms=$(( ($(date +%s%N) - start) / 1000000 ))
expect_eq "paste: 100 KB saved whole, controls dropped" "$(python3 -c 'import json,sys; print(json.dumps(open(sys.argv[1]).read(), ensure_ascii=False))' "$T/paste.expect")" \
	"$(body_of 'Điều 1: đề nghị bổ sung <quy định>')"
if [ "$ms" -lt 10000 ]; then ok "paste: fast ($ms ms)"; else not_ok "paste: fast" "$ms ms"; fi

# ---- wrapping at 40 columns (golden) --------------------------------------------------------------
cat >"$T/k7" <<KEYS
<Enter>:section Điều 1<Enter>
r
Đề nghị làm rõ trách nhiệm của Sở Thông tin và Truyền thông 数字化转型 trong việc bảo đảm an toàn thông tin.<Enter><Enter>Ngắn.<Enter>Mộtchuỗirấtdàikhôngcókhoảngtrắngđểkiểmtrangắtdòng
@dump $T/w40
<Esc><lt>
@dump $T/w40top
<C-c>y
KEYS
tui 40x10 "$T/k7" --as B02 "$R"
golden compose-wrap-40x10 "$T/w40"
golden compose-wrap-40x10-top "$T/w40top"
python3 - "$T/w40" >"$T/w40.width" <<'PY'
import sys, unicodedata
def w(s):
    return sum(0 if unicodedata.combining(c) else 2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in s)
print(max(w(l.rstrip("\n")) for l in open(sys.argv[1])))
PY
expect_eq "wrap: no row wider than 40 columns" "40" "$(cat "$T/w40.width")"
cat >"$T/k7b" <<KEYS
<Enter>:section Điều 3<Enter>
c
Một góp ý ngắn có hai dòng,<Enter>dòng thứ hai 👍.
@dump $T/p80
<C-c>y
KEYS
tui 80x24 "$T/k7b" --as A01 "$R"
golden compose-80x24 "$T/p80"

# ---- $VISUAL / $EDITOR ---------------------------------------------------------------------------
cat >"$T/ed.sh" <<'SH'
#!/bin/sh
cp "$1" "$(dirname "$0")/seen"
printf 'thêm từ trình soạn thảo\n' >>"$1"
SH
chmod +x "$T/ed.sh"
cat >"$T/k8" <<KEYS
<Enter>:section Điều 3<Enter>
c
viết trong gopy<C-x><C-e>
@dump $T/ed1
<C-s>
KEYS
EDITOR=$T/ed.sh tui 80x24 "$T/k8" --as A01 "$R"
expect_eq "editor: it saw the text" "viết trong gopy" "$(cat "$T/seen")"
expect_eq "editor: its text comes back into the pane" "text taken back from the editor: Ctrl-S saves it" "$(tail -n 1 "$T/ed1")"
expect_eq "editor: the pane shows the edited text" "viết trong gopy|thêm từ trình soạn thảo" "$(sed -n '2p;3p' "$T/ed1" | paste -sd'|')"
expect_eq "editor: saved after the round trip" '"viết trong gopy\nthêm từ trình soạn thảo"' "$(body_of 'viết trong gopy')"
# E edits my comment in the editor; $VISUAL wins over $EDITOR; the form from the issue.
printf '<Enter>:section Điều 3<Enter>\n/viết trong<Enter>E<C-s>\n' >"$T/k9"
VISUAL='sh -c "printf X >> \$1" sh' EDITOR=false tui 80x24 "$T/k9" --as A01 "$R"
expect_eq "editor: E on my comment, \$VISUAL first" '"viết trong gopy\nthêm từ trình soạn thảo\nX"' "$(body_of 'viết trong gopy')"
printf '<Enter>:section Điều 3<Enter>\nc\ngiữ nguyên<C-x><C-e>\n@dump %s\n<C-s>\n' "$T/ed2" >"$T/k10"
EDITOR=false tui 80x24 "$T/k10" --as A01 "$R"
expect_contains "editor: a failing editor leaves the text" "the editor (false) failed: the text is unchanged" "$(tail -n 1 "$T/ed2")"
expect_eq "editor: and the text is saved unchanged" '"giữ nguyên"' "$(body_of 'giữ nguyên')"

# ---- secretary for a speaker --------------------------------------------------------------------
cat >"$T/k11" <<KEYS
<Enter>:section Điều 3<Enter>
S
tran thi binh<Enter>
c
@dump $T/s1
Ý kiến của đại biểu do thư ký ghi.<C-s>
KEYS
tui 80x24 "$T/k11" --as S05 "$R"
expect_contains "secretary: the pane says for whom" "New comment on Điều 3 — DA-TEST for Trần Thị Bình" "$(head -n 1 "$T/s1")"
expect_eq "secretary: the speaker is the author, the secretary entered it" "B02|S05" \
	"$(db_sql "$R" "SELECT a.code || '|' || e.code FROM comment c JOIN delegate a ON a.id = c.author_id
	    JOIN delegate e ON e.id = c.entered_by WHERE c.body = 'Ý kiến của đại biểu do thư ký ghi.'")"
check "gopy check passes after all this" g check "$R"
