#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# rough.sh — the rough edges a new user hit (issue 9), headless: each check here failed before
# its fix. The too-small notice fits whole at any size; ... (see each section).
. "$(dirname "$0")/../lib.sh"
. "$(dirname "$0")/fixture.bash"

make_db "$T/r.db" || { not_ok "build the fixture database"; exit 1; }

# ---- 10: below the minimum size the notice fits whole, down to 1x1 -----------------------------
# The screen's words, joined by one space, are exactly one of the notices (never a cut one).
for size in 1x1 2x1 5x1 3x2 12x4 20x3 30x8 39x10 39x2; do
	printf '@dump %s\n' "$T/small-$size" >"$T/ks"
	tui "$size" "$T/ks" "$T/r.db"
	got=$(tr -s ' \n' '  ' <"$T/small-$size" | sed 's/^ //; s/ $//')
	c=${size%x*} r=${size#*x}
	case "$got" in
	"Terminal too small (${c}x$r): gopy needs at least 40x10."|\
	"Terminal too small (${c}x$r): gopy needs at least 40x10. q: quit"|\
	"Too small: needs 40x10"|"Too small: needs 40x10 q: quit"|"Too small"|"small"|"!")
		ok "too small at $size: a whole notice ($got)" ;;
	*) not_ok "too small at $size: a whole notice" "$got" ;;
	esac
done

# ---- 2: a key labelled cancel never saves; the safe answer keeps writing ------------------------
count() { sqlite3 "$T/r.db" "SELECT count(*) FROM comment WHERE body LIKE '$1%'"; }
cat >"$T/k2" <<KEYS
<Enter>:section Điều 3<Enter>
Sb02<Enter>
c
Thư ký bấm Esc rồi y<Esc>y
@dump $T/e2a
c
Thư ký bấm Ctrl-C rồi y<C-c>y
c
Giữ lại khi trả lời khác<Esc>n
@dump $T/e2b
<C-c><Enter>
@dump $T/e2c
<C-s>
KEYS
tui 80x24 "$T/k2" --as S05 "$T/r.db"
expect_eq "cancel: Esc then y stores nothing" "0" "$(count 'Thư ký bấm Esc')"
expect_eq "cancel: Ctrl-C then y stores nothing" "0" "$(count 'Thư ký bấm Ctrl-C')"
expect_eq "cancel: Esc y says discarded" "discarded" "$(tail -n 1 "$T/e2a")"
expect_contains "cancel: n keeps writing" "Giữ lại khi trả lời khác" "$(sed -n 3p "$T/e2b")"
expect_contains "cancel: Enter (any other key) keeps writing" "Giữ lại khi trả lời khác" "$(sed -n 3p "$T/e2c")"
expect_eq "cancel: only the save key saved it" "1" "$(count 'Giữ lại khi trả lời khác')"

# ---- 7: a collapsed comment counts its whole hidden subtree --------------------------------------
# c1 on Điều 1 has two replies, one of which has a reply of its own: three hidden.
printf '<Enter>:section Điều 1<Enter>\n<Space>\n@dump %s\n' "$T/d7" >"$T/k7"
tui 80x24 "$T/k7" "$T/r.db"
expect_contains "collapsed: every hidden reply is counted" "Nguyễn Văn An · 2026-05-01 08:00 [pending] [+3 replies hidden]" "$(sed -n 2p "$T/d7")"

# ---- 9: a draft offered back after a crash shows its first words ---------------------------------
printf '<Enter>:section Điều 2<Enter>\nc\nBản nháp chưa lưu:<Enter>đề nghị bổ sung kinh phí cho xã\n' >"$T/k9a"
tui 80x24 "$T/k9a" --as B02 "$T/r.db"   # the script ends mid-sentence: the draft stays on disk
printf '@dump %s\nn\n' "$T/d9" >"$T/k9b"
tui 80x24 "$T/k9b" --as B02 "$T/r.db"
expect_contains "draft offer: the first words are shown" "“Bản nháp chưa lưu: đề nghị bổ sung kinh phí cho xã”" "$(cat "$T/d9")"
expect_contains "draft offer: what it is for" "for DA-TEST, Điều 2" "$(cat "$T/d9")"
expect_contains "draft offer: the question" "restore? [y/n/d(iscard)]" "$(tail -n 1 "$T/d9")"

# ---- 1: C and A show exactly their scope from every view, the first item selected ---------------
# The general comments of DA-TEST: only c7 (E04); every comment: c1 (A01, Điều 1) first.
scope_check() { # NAME KEYS: open with KEYS, then C (and, separately, A)
	local name=$1 keys=$2
	printf '%sC\n@dumpattr %s\n' "$keys" "$T/c-$name" >"$T/kc"
	tui 80x24 "$T/kc" "$T/r.db"
	expect_contains "C from $name: the general comments" "DA-TEST — general comments (1, 1 pending)" "$(head -n 1 "$T/c-$name")"
	expect_eq "C from $name: exactly them (one thread, selected)" "1|#" \
		"$(grep -c '^[▸▾•] ' "$T/c-$name")|$(sed -n 3p "$T/c-$name" | cut -c1)"
	expect_contains "C from $name: the general comment first" "Lê Thị Biên" "$(sed -n 2p "$T/c-$name")"
	printf '%sA\n@dumpattr %s\n' "$keys" "$T/a-$name" >"$T/ka"
	tui 80x24 "$T/ka" "$T/r.db"
	expect_contains "A from $name: every comment" "DA-TEST — all comments (" "$(head -n 1 "$T/a-$name")"
	expect_eq "A from $name: the first comment selected" "#" "$(sed -n 3p "$T/a-$name" | cut -c1)"
}
scope_check "the document list" ""
scope_check "the reader" "<Enter>jjjj"
scope_check "a section's comments, inside a reply chain" "<Enter>:section Điều 1<Enter>jj"
scope_check "the general comments" "<Enter>C"
scope_check "all comments, further down" "<Enter>Ajjjj"

# ---- 6: after a disposition under a limit the title's counts agree with the rows -----------------
cp "$T/r.db" "$T/r6.db"
cat >"$T/k6" <<KEYS
<Enter>:section Điều 1<Enter>
l~p<Enter>
jd1
@dumpattr $T/d6
d2
@dumpattr $T/d6b
KEYS
tui 80x24 "$T/k6" --as E04 "$T/r6.db"
rows_and_title() { # "N rows: (N, M pending)" of a thread dump
	printf '%s rows: %s' "$(grep -c '^[▸▾•] ' "$1")" "$(head -n 1 "$1" | grep -o '([0-9]*, [0-9]* pending)')"
}
expect_eq "limit ~p: one handled, the rows agree with the title" "4 rows: (4, 4 pending)" "$(rows_and_title "$T/d6")"
expect_eq "limit ~p: the next pending one is selected" "#" "$(sed -n 5p "$T/d6" | cut -c1)"
expect_contains "limit ~p: it is the one after the handled" "Nguyễn Văn An · 2026-05-01 10:00" "$(sed -n 4p "$T/d6")"
expect_eq "limit ~p: two handled, still in agreement" "3 rows: (3, 3 pending)" "$(rows_and_title "$T/d6b")"

# ---- 4: the speaker: named in the pane, asked for when not chosen, kept for the next start ---------
cp "$T/r.db" "$T/r4.db"
author_of() { sqlite3 "$T/r4.db" "SELECT a.code || '|' || coalesce(e.code, '') FROM comment c JOIN delegate a ON a.id = c.author_id
	LEFT JOIN delegate e ON e.id = c.entered_by WHERE c.body = '$1'"; }
export XDG_STATE_HOME=$T/state4
cat >"$T/k4" <<KEYS
<Enter>:section Điều 3<Enter>
c
Ý kiến đại biểu Bình về Điều 3.
@dump $T/s4a
<C-s>
@dump $T/s4b
tran thi binh<Enter>
@dump $T/s4c
KEYS
tui 80x24 "$T/k4" --as S05 "$T/r4.db"
expect_contains "speaker: the pane says none is chosen yet" "Speaker: not chosen yet — saving asks who is speaking" "$(sed -n 2p "$T/s4a")"
expect_contains "speaker: saving without one opens the picker" "Speaker" "$(grep -F 'Find:' -B1 "$T/s4b" | head -n 1)"
expect_contains "speaker: not saved before the choice" "Ý kiến đại biểu Bình về Điều 3." "$(sed -n 3p "$T/s4b")"
expect_eq "speaker: the comment is the speaker's, entered by the secretary" "B02|S05" "$(author_of 'Ý kiến đại biểu Bình về Điều 3.')"
expect_eq "speaker: saved after the choice" "comment saved" "$(tail -n 1 "$T/s4c")"
# The next start on this database: the speaker is back, named in the pane, no question.
cat >"$T/k4b" <<KEYS
<Enter>:section Điều 3<Enter>
c
Ý kiến thứ hai của đại biểu Bình.
@dump $T/s4d
<C-s>
@dump $T/s4e
KEYS
tui 80x24 "$T/k4b" --as S05 "$T/r4.db"
expect_contains "speaker: remembered after a restart, named in the pane" "Speaker: Trần Thị Bình — entered by you" "$(sed -n 2p "$T/s4d")"
expect_eq "speaker: remembered: saved for the speaker at once" "B02|S05" "$(author_of 'Ý kiến thứ hai của đại biểu Bình.')"
expect_contains "speaker: the status line names the speaker" "speaker: Trần Thị Bình" "$(sed -n 23p "$T/s4e")"
# Another database keeps its own choice: none.
cp "$T/r.db" "$T/other.db"
printf '<Enter>:section Điều 3<Enter>\nc\n@dump %s\n' "$T/s4f" >"$T/k4c"
tui 80x24 "$T/k4c" --as S05 "$T/other.db"
expect_contains "speaker: another database has no speaker chosen" "Speaker: not chosen yet" "$(sed -n 2p "$T/s4f")"
