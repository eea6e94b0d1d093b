#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# catalogue.sh — the Vietnamese catalogue is complete and current, message ids are English, and
# the language follows the locale (also where vi_VN.UTF-8 was never generated).
. "$(dirname "$0")/../lib.sh"
PO=$ROOT/po/vi.po
BUILD_DIR=${BUILD:-build}

# Complete: no untranslated or fuzzy message (msgfmt names them in its statistics).
stats=$(msgfmt --check --statistics -o /dev/null "$PO" 2>&1)
case "$stats" in
*untranslated* | *fuzzy*) not_ok "po/vi.po: every message translated, none fuzzy (make po, then translate)" "$stats" ;;
*" translated message"*) ok "po/vi.po: every message translated, none fuzzy ($stats)" ;;
*) not_ok "msgfmt --check accepts po/vi.po" "$stats" ;;
esac

# Current: every string of today's sources has a translation (a string added without `make po`
# and a translation fails here).
(cd "$ROOT" && xgettext --from-code=UTF-8 --language=C -k_ -kN_ -kngettext:1,2 -o "$T/now.pot" src/*/*.c) 2>/dev/null
if cmp=$(msgcmp "$PO" "$T/now.pot" 2>&1); then
	ok "every message of the sources is translated in po/vi.po"
else
	not_ok "every message of the sources is translated in po/vi.po (make po, then translate)" "$cmp"
fi

# Message ids are English: none has a Vietnamese letter (the report's official wording is not
# a message: it stays Vietnamese in every locale).
vi_ids=$(grep -E '^msgid' "$T/now.pot" | grep -E '[ăâđêôơưĂÂĐÊÔƠƯàáảãạèéẻẽẹìíỉĩịòóỏõọùúủũụỳýỷỹỵ]' |
	grep -v "Điều 3 khoản 1\|chuyển đổi số\|bản tổng hợp" || true)
expect_eq "message ids are English" "" "$vi_ids"

# The catalogue built from the tree is the one a gopy run from the tree reads.
check "make built $BUILD_DIR/locale/vi/LC_MESSAGES/gopy.mo" test -s "$ROOT/$BUILD_DIR/locale/vi/LC_MESSAGES/gopy.mo"

help_en=$(LANG=C.UTF-8 LC_ALL= LANGUAGE= "$GOPY" --help)
expect_contains "LANG=C.UTF-8: English" "Usage: gopy" "$help_en"
help_vi=$(env -u LC_ALL LANG=C.UTF-8 LANGUAGE=vi "$GOPY" --help)
expect_contains "LANGUAGE=vi under C.UTF-8: Vietnamese" "Cách dùng: gopy" "$help_vi"
# Not generated on a stock server: the locale falls back to C.UTF-8, the language stays.
if locale -a 2>/dev/null | grep -qi '^vi_VN\.utf-\?8$'; then
	not_ok "this test expects vi_VN.UTF-8 not to be generated system-wide"
fi
run env -u LC_ALL -u LANGUAGE LANG=vi_VN.UTF-8 "$GOPY" --help
expect_contains "LANG=vi_VN.UTF-8, never generated: Vietnamese" "Cách dùng: gopy" "$out"
run env -u LANGUAGE LC_ALL=vi_VN.UTF-8 "$GOPY" frobnicate
expect_contains "LC_ALL=vi_VN.UTF-8, never generated: errors in Vietnamese too" "lệnh không hợp lệ" "$err"
run env -u LC_ALL -u LANGUAGE LANG=C.UTF-8 LC_MESSAGES=vi_VN.UTF-8 "$GOPY" --help
expect_contains "LC_MESSAGES=vi_VN.UTF-8: Vietnamese" "Cách dùng: gopy" "$out"

# Generated (with LOCPATH, as a server with the locale would have it): Vietnamese as well.
if command -v localedef >/dev/null && [ -f /usr/share/i18n/locales/vi_VN ]; then
	mkdir -p "$T/loc"
	localedef -i vi_VN -f UTF-8 "$T/loc/vi_VN.UTF-8" >/dev/null 2>&1
	run env -u LC_ALL -u LANGUAGE LOCPATH="$T/loc" LANG=vi_VN.UTF-8 "$GOPY" --help
	expect_contains "LANG=vi_VN.UTF-8, generated: Vietnamese" "Cách dùng: gopy" "$out"
else
	not_ok "localedef and the vi_VN locale source are installed (sh scripts/deps.sh --test)"
fi

# Counts use ngettext: one form in English for 1, another for many; Vietnamese has one form.
"$GOPY" init "$T/db" >/dev/null
printf '# Luật Thử\n\n## Điều 1. Phạm vi\n\nNội dung.\n' >"$T/d.md"
run env LANGUAGE= "$GOPY" import "$T/db" "$T/d.md" --code T1
expect_contains "English plural: 2 sections" "imported T1: 2 sections —" "$out"
run env LANGUAGE=vi "$GOPY" import "$T/db" "$T/d.md" --code T2
expect_contains "Vietnamese: one form" "đã nhập T2: 2 điều khoản —" "$out"
run env LANGUAGE=vi "$GOPY" list "$T/db"
expect_contains "Vietnamese list header" "TÊN DỰ THẢO" "$out"
