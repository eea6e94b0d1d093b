#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# targets.sh — export -o to things that are not plain files: a device (/dev/null) is
# written in place, never replaced by a regular file; a symbolic link keeps pointing where it
# did and its target gets the report; a directory is refused.
# engines: both
. "$(dirname "$0")/../lib.sh"

new_db S s
GOPY_SAMPLE_DATA=$ROOT/sample-data "$GOPY" demo "$S" --build-only 2>/dev/null ||
	{ not_ok "build the sample database"; exit 1; }
doc=DA-CDS-2021

check "export to /dev/null succeeds" "$GOPY" export "$S" --doc $doc --format csv -o /dev/null
if [ -c /dev/null ]; then ok "/dev/null is still a character device"; else not_ok "/dev/null is still a character device"; fi

mkfifo "$T/fifo"
(cat "$T/fifo" >"$T/from-fifo") &
reader=$!
check "export to a fifo succeeds" "$GOPY" export "$S" --doc $doc --format md -o "$T/fifo"
wait "$reader"
if [ -p "$T/fifo" ]; then ok "the fifo is still a fifo"; else not_ok "the fifo is still a fifo"; fi
expect_contains "the report came through the fifo" "BẢN TỔNG HỢP" "$(cat "$T/from-fifo")"

mkdir "$T/real"
echo old >"$T/real/report.txt"
ln -s real/report.txt "$T/link.txt"
check "export through a symbolic link" "$GOPY" export "$S" --doc $doc -o "$T/link.txt"
if [ -L "$T/link.txt" ]; then ok "the link is still a link"; else not_ok "the link is still a link"; fi
expect_contains "the link's target holds the report" "BẢN TỔNG HỢP" "$(cat "$T/real/report.txt")"

run "$GOPY" export "$S" --doc $doc -o "$T/real"
expect_eq "a directory is refused with status 1" 1 "$rc"
expect_contains "and a message naming it" "is a directory" "$err"
