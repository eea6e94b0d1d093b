#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# install.sh — packaging: the build honours CPPFLAGS (Debian's -D_FORTIFY_SOURCE=2) without a
# warning; make install puts the binary, both man pages, the catalogue and the bash completion
# in their places, the installed gopy finds its catalogue and the system configuration under the
# chosen PREFIX and SYSCONFDIR; make uninstall leaves no file behind (also with DESTDIR).
. "$(dirname "$0")/../lib.sh"
B=$T/build
mk() { make -C "$ROOT" --no-print-directory BUILD="$B" BIN="$B/gopy" CFLAGS="-O1" "$@"; }

# ---- build: CPPFLAGS reach the compiler, no warning ----
out=$(mk V=1 CPPFLAGS="-D_FORTIFY_SOURCE=2" PREFIX="$T/prefix" SYSCONFDIR="$T/etc" 2>&1)
expect_eq "the build succeeds" 0 "$?"
expect_contains "CPPFLAGS reach the compiler" "-D_FORTIFY_SOURCE=2" "$(printf '%s\n' "$out" | grep ' -c ' | head -n 1)"
expect_eq "no compiler warning" "" "$(printf '%s\n' "$out" | grep -i 'warning' | head -n 5)"

# ---- install under a PREFIX: the paths follow it ----
mk install PREFIX="$T/prefix" SYSCONFDIR="$T/etc" >"$T/log" 2>&1 || not_ok "make install" "$(tail -n 5 "$T/log")"
P=$T/prefix
for f in bin/gopy share/man/man1/gopy.1 share/man/vi/man1/gopy.1 share/locale/vi/LC_MESSAGES/gopy.mo \
	share/bash-completion/completions/gopy share/gopy/sample-data/documents.tsv; do
	check "installed: $f" test -s "$P/$f"
done
check "the binary is executable" test -x "$P/bin/gopy"
run env -u LC_ALL LANG=C.UTF-8 LANGUAGE=vi "$P/bin/gopy" --help
expect_contains "the installed gopy finds its catalogue under PREFIX/share/locale" "Cách dùng: gopy" "$out"
mkdir -p "$T/etc/gopy"
printf '%s\n' "language vi" "place Hà Giang" >"$T/etc/gopy/config"
run "$P/bin/gopy" --print-config
expect_contains "the system file SYSCONFDIR/gopy/config is read" "# $T/etc/gopy/config:2
place Hà Giang" "$out"
expect_contains "  ... its language applies" "các thiết lập đang dùng" "$out"
mkdir -p "$XDG_CONFIG_HOME/gopy"
echo "language en" >"$XDG_CONFIG_HOME/gopy/config"
run "$P/bin/gopy" --print-config
expect_contains "the user's file is read after the system's and wins" "the settings in effect" "$out"
expect_contains "  ... the system's other settings stay" "place Hà Giang" "$out"
rm -f "$XDG_CONFIG_HOME/gopy/config"
# the restricted mode from the system file: a user's file cannot switch it off, nor GOPY_RESTRICTED=0
mkdir -p "$T/exports"
"$GOPY" init "$T/r.db" >/dev/null && "$GOPY" import "$T/r.db" "$ROOT/tests/cli/data/draft.md" --code DA >/dev/null &&
	"$GOPY" delegate "$T/r.db" add A01 "Nguyễn Văn An" >/dev/null || not_ok "a review for the restricted mode"
printf '%s\n' "restricted yes" "export_dir $T/exports" >>"$T/etc/gopy/config"
echo "restricted no" >"$XDG_CONFIG_HOME/gopy/config"
run env GOPY_RESTRICTED=0 "$P/bin/gopy" comment "$T/r.db" --doc DA --as A01 "Ý kiến"
expect_eq "restricted yes in the system file: --as refused (GOPY_RESTRICTED=0 and a user's file notwithstanding)" 1 "$rc"
expect_contains "  ... says so (in the language of the system file)" "chế độ hạn chế không cho dùng --as" "$err"
expect_contains "  ... and the user's file is told it may not set it" "restricted chỉ được đặt trong tệp cấu hình của hệ thống" "$err"
run "$P/bin/gopy" export "$T/r.db" --doc DA -o report.txt
expect_eq "export_dir of the system file: a plain name goes there" "0|yes" "$rc|$([ -s "$T/exports/report.txt" ] && echo yes)"
run "$P/bin/gopy" export "$T/r.db" --doc DA -o "$T/report.txt"
expect_contains "  ... a path is refused" "hãy cho một tên tệp đơn giản" "$err"
rm -f "$XDG_CONFIG_HOME/gopy/config"
sed -i '/^restricted yes$/d; /^export_dir /d' "$T/etc/gopy/config"
expect_contains "the installed man page has the version" "gopy 0.1.0" "$(head -n 5 "$P/share/man/vi/man1/gopy.1")"
case "$(cat "$P/share/man/man1/gopy.1" "$P/share/man/vi/man1/gopy.1")" in
*@VERSION@*) not_ok "no @VERSION@ left in the installed pages" ;;
*) ok "no @VERSION@ left in the installed pages" ;;
esac

mk uninstall PREFIX="$T/prefix" SYSCONFDIR="$T/etc" >"$T/log" 2>&1 || not_ok "make uninstall" "$(tail -n 5 "$T/log")"
expect_eq "make uninstall leaves no file behind" "" "$(find "$P" ! -type d)"

# ---- Debian's way: DESTDIR and PREFIX=/usr ----
mk install DESTDIR="$T/dest" PREFIX=/usr >"$T/log" 2>&1 || not_ok "make install DESTDIR" "$(tail -n 5 "$T/log")"
D=$T/dest
for f in usr/bin/gopy usr/share/man/man1/gopy.1 usr/share/man/vi/man1/gopy.1 \
	usr/share/locale/vi/LC_MESSAGES/gopy.mo usr/share/bash-completion/completions/gopy; do
	check "DESTDIR: $f" test -s "$D/$f"
done
check "DESTDIR: the binary looks for its catalogue under /usr/share/locale" grep -q /usr/share/locale "$D/usr/bin/gopy"
check "DESTDIR: and for the system file under /etc/gopy" grep -q /etc "$D/usr/bin/gopy"
mk uninstall DESTDIR="$T/dest" PREFIX=/usr >"$T/log" 2>&1 || not_ok "make uninstall DESTDIR" "$(tail -n 5 "$T/log")"
expect_eq "make uninstall DESTDIR=... PREFIX=/usr leaves no file behind" "" "$(find "$D" ! -type d)"

# ---- the bash completion: commands, options, document and delegate codes from the database ----
"$GOPY" init "$T/c.db" >/dev/null
printf '# A\n\n## Điều 1. X\n\nY.\n' >"$T/a.md"
"$GOPY" import "$T/c.db" "$T/a.md" --code DA-CDS >/dev/null
"$GOPY" import "$T/c.db" "$T/a.md" --code NQ-01 >/dev/null
"$GOPY" delegate "$T/c.db" add STTTT-01 "Nguyễn Văn An" >/dev/null
complete_words() { # words...: what the completion offers for the last word
	GOPY_BIN=$GOPY bash -c '
		source "$1"; shift
		COMP_WORDS=("$@"); COMP_CWORD=$(($# - 1))
		COMP_WORDS[0]=$GOPY_BIN
		_gopy
		printf "%s\n" "${COMPREPLY[@]}" | sort' _ "$ROOT/completion/gopy.bash" "$@"
}
got=$(complete_words gopy e)
expect_eq "completion: commands" "export" "$got"
got=$(complete_words gopy import-)
expect_eq "completion: every command" "import-comments
import-dispositions" "$got"
got=$(complete_words gopy export "$T/c.db" --doc "")
expect_eq "completion: --doc offers the document codes of the database" "DA-CDS
NQ-01" "$got"
got=$(complete_words gopy comment "$T/c.db" --doc DA-CDS --as "")
expect_eq "completion: --as offers the delegate codes" "STTTT-01" "$got"
got=$(complete_words gopy export "$T/c.db" --gr)
expect_eq "completion: options of a command" "--group-same" "$got"
got=$(complete_words gopy export "$T/c.db" --format "")
expect_eq "completion: export formats" "csv
docx
html
json
md
txt
xlsx" "$got"
