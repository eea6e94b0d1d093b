#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# man-block.sh PAGE NAME COMMAND...: replace the lines between '.\" BEGIN NAME' and
# '.\" END NAME' of the man page PAGE with the output of COMMAND (make man-keys).
set -eu
page=$1 name=$2
shift 2
"$@" >"$page.block.tmp"
awk -v name="$name" '
	FNR == NR { block = block $0 "\n"; next }
	$0 == ".\\\" BEGIN " name { print; printf "%s", block; skip = 1; next }
	$0 == ".\\\" END " name { skip = 0 }
	!skip' "$page.block.tmp" "$page" >"$page.tmp"
mv "$page.tmp" "$page"
rm -f "$page.block.tmp"
