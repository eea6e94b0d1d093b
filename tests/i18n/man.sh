#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# man.sh — both man pages, English (man/gopy.1) and Vietnamese (man/vi/gopy.1): lint-clean, key
# list (with the action names of `bind`) generated from the key tables in their language (make man-keys), the
# version the one of the program, shown as such by `man -l` from the tree.
. "$(dirname "$0")/../lib.sh"
version=$("$GOPY" --version | awk 'NR == 1 { print $2 }')
block() { awk -v b=".\\\\\" BEGIN $2" -v e=".\\\\\" END $2" '$0 == e { on = 0 } on; $0 == b { on = 1 }' "$1"; }
for lang in en vi; do
	page=$ROOT/man/gopy.1
	[ "$lang" = vi ] && page=$ROOT/man/vi/gopy.1
	if [ ! -f "$page" ]; then
		not_ok "$lang: $page exists"
		continue
	fi
	lint=$(mandoc -Tlint -W warning "$page" 2>&1)
	expect_eq "$lang: mandoc -Tlint finds nothing" "" "$lint"
	expect_eq "$lang: the key list is generated from the key tables (make man-keys)" \
		"$(LANGUAGE=$lang "$GOPY" --keys-man)" "$(block "$page" KEYS)"
	expect_contains "$lang: the page names the version of the program" "\"gopy $version\"" "$(grep '^\.TH' "$page")"
	shown=$(MANWIDTH=80 man -l "$page" 2>/dev/null | col -b 2>/dev/null | tail -n 3)
	expect_contains "$lang: man -l from the tree shows the version" "gopy $version" "$shown"
done
vi_page=$(MANWIDTH=80 man -l "$ROOT/man/vi/gopy.1" 2>/dev/null | col -b)
expect_contains "vi: the page is in Vietnamese" "Thư ký chọn đại biểu phát biểu" "$vi_page"
expect_contains "vi: the keys are described in Vietnamese" "trả lời ý kiến đang chọn" "$vi_page"
# every command and option of --help is documented in the Vietnamese page too
missing=""
for word in $("$GOPY" --help | grep -oE '(^|[ [])--?[a-z][a-z-]*' | tr -d ' [' | sort -u); do
	grep -q -- "$(printf '%s' "$word" | sed 's/-/\\\\-/g')" "$ROOT/man/vi/gopy.1" || missing+="$word "
done
expect_eq "vi: every option of --help is in the page" "" "$missing"
