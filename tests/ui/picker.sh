#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# picker.sh — the secretary's speaker picker (S, issue 4): letters of a code, name or unit
# typed without diacritics filter the delegates live (best first), arrows and then j/k move,
# Enter picks, Esc cancels; the speaker shows in the status line and stays until changed
# (picking myself clears it); delegates who may not record for others, and read-only
# sessions, get a message instead.
# engines: both
. "$(dirname "$0")/../lib.sh"
. "$(dirname "$0")/fixture.bash"

new_db R r; make_db "$R" || { not_ok "build the fixture database"; exit 1; }
status() { tail -n 2 "$1" | head -n 1; }   # the status line of a dump
msg() { tail -n 1 "$1"; }                   # the message line
sel() { grep -o '│> [^│]*' "$1" | sed 's/^│> //; s/ *$//'; } # the selected row of the popup

cat >"$T/keys" <<KEYS
<Enter>
S
@dump $T/all
so tt
@dump $T/sott
<Enter>
@dump $T/picked
]<Enter>
@dump $T/thread
S<Down>j
@dump $T/moved
<Enter>
@dump $T/picked2
Snguyen van a<Enter>
@dump $T/picked3
Sxyzzy
@dump $T/none
<Esc>
@dump $T/cancel
S<Down>tran<Enter>
@dump $T/typed
Spham thu<Enter>
@dump $T/self
KEYS
tui 80x24 "$T/keys" --as S05 "$R"
expect_eq "secretary session exits 0" "0" "$rc"
expect_eq "nothing on stderr" "" "$err"
golden "picker-all" "$T/all"
golden "picker-sott" "$T/sott"
expect_eq "an empty query lists every delegate" 5 "$(grep -c '│[> ] .* ([A-Z][0-9][0-9])' "$T/all")"
expect_eq "'so tt' finds Sở Thông tin và Truyền thông first" "Nguyễn Văn An (A01) · Sở Thông tin và Truyền thông" "$(sel "$T/sott")"
expect_contains "the speaker shows in the status line" "speaker: Nguyễn Văn An" "$(status "$T/picked")"
expect_contains "the message says who writes" "speaker: Nguyễn Văn An — new comments are theirs, entered by you" "$(msg "$T/picked")"
expect_contains "the speaker stays in the thread view" "speaker: Nguyễn Văn An" "$(status "$T/thread")"
expect_eq "<Down> then j moves two rows" "Trần Thị Bình (B02) · UBND huyện Tam Đảo" "$(sel "$T/moved")"
expect_contains "S works in the thread view" "speaker: Trần Thị Bình" "$(status "$T/picked2")"
expect_contains "'nguyen van a' picks Nguyễn Văn An" "speaker: Nguyễn Văn An" "$(status "$T/picked3")"
expect_contains "no match says so" "no delegate matches" "$(cat "$T/none")"
expect_contains "Esc keeps the speaker" "speaker: Nguyễn Văn An" "$(status "$T/cancel")"
expect_contains "Esc says so" "speaker unchanged" "$(msg "$T/cancel")"
expect_contains "typing after an arrow filters again" "speaker: Trần Thị Bình" "$(status "$T/typed")"
case "$(status "$T/self")" in
*speaker:*) not_ok "picking myself clears the speaker" "$(status "$T/self")" ;;
*) ok "picking myself clears the speaker" ;;
esac
expect_contains "and says comments are mine" "no speaker: new comments are your own" "$(msg "$T/self")"

# Every popup row fits the screen at 40x10 too, and the pick still works there.
printf '<Enter>\nSbinh\n@dump %s\n<Enter>\n@dump %s\n' "$T/small" "$T/small2" >"$T/keys2"
tui 40x10 "$T/keys2" --as S05 "$R"
expect_contains "40x10: the popup shows the match" "> Trần Thị Bình" "$(cat "$T/small")"
expect_contains "40x10: picked" "speaker: Trần" "$(msg "$T/small2")"

# A delegate (no secretary role) and a read-only session are refused with a clear message.
printf '<Enter>S\n@dump %s\n' "$T/deleg" >"$T/keys3"
tui 80x24 "$T/keys3" --as A01 "$R"
expect_contains "a delegate cannot pick a speaker" "only a secretary or the chair records comments for others (your role: delegate)" "$(msg "$T/deleg")"
tui 80x24 "$T/keys3" "$R"
expect_contains "read-only cannot pick a speaker" "read-only: start gopy with --as CODE" "$(msg "$T/deleg")"
