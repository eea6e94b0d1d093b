#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# overview.sh — the overview screen on the sample review, headless at 80x24 and 40x10: O from
# the document list, the reader, a thread and help; the most commented articles, who has not
# answered with the deadline, the dispositions; Enter opens the article in the reader; rows
# never wider than the screen.
# engines: both
. "$(dirname "$0")/../lib.sh"
. "$(dirname "$0")/fixture.bash"
export GOPY_SAMPLE_DATA=$ROOT/sample-data GOPY_NOW=2021-05-05T08:00:00Z
new_db D d
"$GOPY" demo "$D" </dev/null >/dev/null 2>&1

for size in 80x24 40x10; do
	cat >"$T/keys-$size" <<-KEYS
	O
	@dump $T/$size-overview
	<Enter>
	@dump $T/$size-enter
	q<PgDn>
	@dump $T/$size-overview-2
	qg
	<Enter>O
	@dump $T/$size-from-reader
	q?O
	@dump $T/$size-from-help
	q
	KEYS
	tui $size "$T/keys-$size" "$D"
	expect_eq "$size: exit status 0" "0" "$rc"
	expect_eq "$size: nothing on stderr" "" "$err"
	golden "$size-overview" "$T/$size-overview"
	golden "$size-overview-2" "$T/$size-overview-2"
	expect_contains "$size: O from the reader opens the overview" "Overview of DA-CDS-2021" "$(head -n 1 "$T/$size-from-reader")"
	expect_contains "$size: O from help opens it too" "Overview of DA-CDS-2021" "$(head -n 1 "$T/$size-from-help")"
	w=${size%x*}
	bad=$(cat "$T/$size"-* | python3 -c '
import sys, unicodedata
w = int(sys.argv[1])
for l in sys.stdin.read().splitlines():
    n = sum(0 if unicodedata.combining(c) else 2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in l)
    if n > w: print(repr(l))' "$w")
	expect_eq "$size: no row wider than the screen" "" "$bad"
done
# another process adds a comment: the open overview follows without a key press
cat >"$T/keys-live" <<KEYS
O
@dump $T/live-before
@sh "$GOPY" comment "$D" --doc DA-CDS-2021 --section "mục V Phần thứ hai" --as HU-LT-01 "Thêm một ý kiến" >/dev/null
@idle
@dump $T/live
q
q
KEYS
tui 80x24 "$T/keys-live" "$D"
figure() { # FILE: "comments handled pending" from the header line
	sed -n 's/^Comments: \([0-9]*\) · handled \([0-9]*\) · pending \([0-9]*\)$/\1 \2 \3/p' "$1"
}
read -r n0 h0 p0 < <(figure "$T/live-before")
expect_eq "the overview follows another process's comment" "$((n0 + 1)) $h0 $((p0 + 1))" "$(figure "$T/live")"
bar() { grep -m1 '^  mục V Phần thứ hai' "$1" | awk '{ print $NF }'; }
expect_eq "and its section's bar" "$(($(bar "$T/live-before") + 1))" "$(bar "$T/live")"

o=$(cat "$T/80x24-overview")
expect_contains "80x24: the most commented mục first, by its citation" "mục V Phần thứ hai BẢO ĐẢM" "$(sed -n 7p "$T/80x24-overview")"
expect_contains "80x24: pending in the header" "pending 105" "$o"
expect_contains "80x24: who has not answered, with the deadline" "Ban Nội chính Tỉnh ủy" "$o"
expect_contains "80x24: and how late" "2021-04-30, 5 days overdue" "$o"
expect_contains "80x24: the dispositions one page down" "pending" "$(cat "$T/80x24-overview-2")"
expect_contains "Enter opens the mục in the reader" "▶ Mục V. BẢO ĐẢM AN TOÀN THÔNG TIN VÀ AN NINH MẠNG" "$(cat "$T/80x24-enter")"
expect_contains "the help lists the overview key" "overview: comments by disposition" \
	"$("$GOPY" --keys-man)"
