#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# drafts.sh — drafts, headless: the text being composed is on disk (0700 folder, 0600 file,
# named from the database's absolute path) when gopy stops in the middle — the end of the
# input, or a SIGKILL after an idle tick or after enough keys — and the next start offers it
# back: y restores it into the compose pane, n keeps it, d discards it; a save deletes it;
# other delegates' and other databases' drafts are not offered; $XDG_STATE_HOME is honoured.
# (Signals in a real terminal and the locked database: drafts_tmux.sh.)
# engines: both
. "$(dirname "$0")/../lib.sh"
. "$(dirname "$0")/fixture.bash"

new_db R r; make_db "$R" || { not_ok "build the fixture database"; exit 1; }
DRAFTS=$XDG_STATE_HOME/gopy/drafts
drafts() { find "$DRAFTS" -name '*.draft' 2>/dev/null | sort; }
ndrafts() { drafts | wc -l; }
# The text of the only draft (after the header's empty line).
draft_text() { sed '1,/^$/d' "$(drafts | head -n 1)"; }
bodies() {
	g list "$R" --doc DA-TEST --comments --format json |
		python3 -c 'import json,sys; d=json.load(sys.stdin); print("\n".join(c["body"] for s in d["sections"] for c in s["comments"]))'
}

# ---- stopped in the middle (end of input stands for the signal path) ----------------------------
printf '<Enter>:section Điều 3<Enter>\nc\nMột nửa câu góp ý<Enter>về Điều 3\n' >"$T/k1"
tui 80x24 "$T/k1" --as A01 "$R"
expect_eq "draft: written when gopy stops mid-sentence" "1" "$(ndrafts)"
expect_eq "draft: it holds the text" "Một nửa câu góp ý|về Điều 3" "$(draft_text | paste -sd'|')"
expect_eq "draft: the folder is private (0700)" "700" "$(stat -c %a "$DRAFTS")"
expect_eq "draft: the file is private (0600)" "600" "$(stat -c %a "$(drafts | head -n 1)")"
h=$(python3 -c '
import os, sys
h = 1469598103934665603
db = sys.argv[1]   # a file by its absolute path, a server database by its URL
for b in (db if "://" in db else os.path.realpath(db)).encode():
    h = ((h ^ b) * 1099511628211) % 2**64
print("%016x" % h)' "$R")
case "$(basename "$(drafts | head -n 1)")" in
"$h"-*.draft) ok "draft: named from the database's absolute path (a server's: its URL)" ;;
*) not_ok "draft: named from the database's absolute path (a server's: its URL)" "$(drafts)" ;;
esac
expect_contains "draft: it says what it is for" "context DA-TEST, Điều 3" "$(cat "$(drafts | head -n 1)")"

# Other delegates are not offered my draft; another database does not see it.
printf '@dump %s\n' "$T/o1" >"$T/k0"
tui 80x24 "$T/k0" --as B02 "$R"
expect_eq "draft: not offered to another delegate" "1 unsaved draft belongs to another delegate" "$(tail -n 1 "$T/o1")"
db_copy "$R" COPY copy
tui 80x24 "$T/k0" --as A01 "$COPY"
expect_contains "draft: not offered for another database" "Enter: open" "$(tail -n 1 "$T/o1")"
tui 80x24 "$T/k0" "$R"
expect_contains "draft: read-only start says how to get it back" "start gopy with --as CODE to get it back" "$(tail -n 1 "$T/o1")"

# n keeps it (and c on the same section starts from it), d discards it.
cat >"$T/k2" <<KEYS
@dump $T/p1
n
@dump $T/p2
<Enter>:section Điều 3<Enter>
c
@dump $T/p3
KEYS
tui 80x24 "$T/k2" --as A01 "$R"
expect_eq "draft: offered at the next start" "A draft from 2026-05-04 08:30 for DA-TEST, Điều 3 — restore? [y/n/d(iscard)]" \
	"$(tail -n 1 "$T/p1")"
expect_eq "draft: n keeps it" "draft kept: it is offered again at the next start" "$(tail -n 1 "$T/p2")"
expect_eq "draft: c on the same section starts from it" "Một nửa câu góp ý|về Điều 3" "$(sed -n '2p;3p' "$T/p3" | paste -sd'|')"
expect_eq "draft: and says so" "draft from 2026-05-04 08:30 restored" "$(tail -n 1 "$T/p3")"
printf 'd\n@dump %s\n' "$T/p4" >"$T/k3"
orig=$(drafts | head -n 1)
cp "$orig" "$T/saved.draft"
tui 80x24 "$T/k3" --as A01 "$R"
expect_eq "draft: d discards it" "draft discarded|0" "$(tail -n 1 "$T/p4")|$(ndrafts)"

# y restores it into the compose pane; saving deletes it.
cp "$T/saved.draft" "$orig"
cat >"$T/k4" <<KEYS
y
@dump $T/y1
 và Điều 4.<C-s>
@dump $T/y2
KEYS
tui 80x24 "$T/k4" --as A01 "$R"
expect_eq "restore: the pane opens with the text" "New comment on Điều 3 — DA-TEST|Một nửa câu góp ý|về Điều 3" \
	"$(sed -n '1p;2p;3p' "$T/y1" | paste -sd'|')"
expect_eq "restore: saved" "comment saved" "$(tail -n 1 "$T/y2")"
expect_contains "restore: the comment is in the database" "về Điều 3 và Điều 4." "$(bodies)"
expect_eq "restore: the draft is gone after the save" "0" "$(ndrafts)"

# ---- SIGKILL: what the continuous saving had written survives ------------------------------------
cat >"$T/k5" <<KEYS
<Enter>:section Điều 1<Enter>
r
Trả lời bị cắt ngang
@idle
@sh kill -9 \$PPID
KEYS
tui 80x24 "$T/k5" --as B02 "$R"
expect_eq "kill -9 after an idle tick: the draft survives" "Trả lời bị cắt ngang" "$(draft_text)"
printf 'y\n@dump %s\n<C-s>\n' "$T/y3" >"$T/k6"
tui 80x24 "$T/k6" --as B02 "$R"
expect_contains "kill -9: restored and saved" "Trả lời bị cắt ngang" "$(bodies)"
expect_contains "kill -9: as a reply" "Reply to Nguyễn Văn An" "$(head -n 1 "$T/y3")"
expect_eq "kill -9: then no draft is left" "0" "$(ndrafts)"

long="Một câu rất dài được gõ liên tục không nghỉ để kiểm tra việc lưu bản nháp sau mỗi vài phím"
printf '<Enter>:section Điều 2<Enter>\nc\n%s\n@sh kill -9 $PPID\n' "$long" >"$T/k7"
tui 80x24 "$T/k7" --as B02 "$R"
got=$(draft_text)
case "$long" in
"$got"*) if [ "${#got}" -ge 20 ]; then ok "kill -9 while typing: the draft has all but the last few keys (${#got} of ${#long})"
	else not_ok "kill -9 while typing: the draft is recent" "$got"; fi ;;
*) not_ok "kill -9 while typing: the draft is a prefix of the text" "$got" ;;
esac
printf 'd\n' >"$T/k8"
tui 80x24 "$T/k8" --as B02 "$R"

# ---- a damaged draft file is skipped, not fatal ------------------------------------------------------
printf 'gopy-draft 1\ndoc x\n' >"$DRAFTS/${h}-1-2-3-4-5.draft"
head -c 3000 /dev/urandom >"$DRAFTS/${h}-9-9-9-9-9.draft"
printf '@dump %s\n' "$T/bad1" >"$T/kb"
tui 80x24 "$T/kb" --as A01 "$R"
expect_eq "damaged drafts: gopy starts and offers nothing" "0|Enter: open   ?: help   /: search   :: command   q: back/quit" \
	"$rc|$(tail -n 1 "$T/bad1")"
rm -f "$DRAFTS"/*.draft

# ---- where drafts live ------------------------------------------------------------------------------
printf '<Enter>:section Điều 1<Enter>\nc\nở chỗ khác\n' >"$T/k9"
XDG_STATE_HOME=$T/xdg tui 80x24 "$T/k9" --as A01 "$R"
expect_eq "XDG_STATE_HOME is honoured" "1" "$(find "$T/xdg/gopy/drafts" -name '*.draft' | wc -l)"
rm -rf "$HOME/.local"
(unset XDG_STATE_HOME; tui 80x24 "$T/k9" --as A01 "$R")
expect_eq "default: ~/.local/state/gopy/drafts" "1" "$(find "$HOME/.local/state/gopy/drafts" -name '*.draft' | wc -l)"
check "gopy check passes" g check "$R"
