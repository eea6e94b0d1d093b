#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# deps.sh — make sure the packages gopy needs are installed.
#   sh scripts/deps.sh          build dependencies
#   sh scripts/deps.sh --test   also what `make check` uses
#   sh scripts/deps.sh --bench  also what `make bench` uses
#   sh scripts/deps.sh --render also what `make check-render` uses (LibreOffice, Chromium, poppler)
# Installs with apt-get when running as root or with sudo on Debian/Ubuntu; otherwise prints
# the exact command to run and fails.
set -u
pkgs="pkg-config libncurses-dev libsqlite3-dev libutf8proc-dev libzip-dev libexpat1-dev libxlsxwriter-dev libpq-dev nettle-dev gettext"
case "${1:-}" in
--test)  pkgs="$pkgs postgresql pgbouncer libcmocka-dev tmux sqlite3 python3 cmark-gfm mandoc python3-docx python3-openpyxl locales man-db bsdextrautils" ;;
--render) pkgs="$pkgs libcmocka-dev sqlite3 python3 python3-docx python3-openpyxl libreoffice-writer-nogui libreoffice-calc-nogui poppler-utils chromium fonts-liberation" ;;
--bench) pkgs="$pkgs postgresql pgbouncer sqlite3 valgrind python3 libreoffice-writer-nogui" ;;
esac

missing=""
for p in $pkgs; do
	if command -v dpkg-query >/dev/null 2>&1; then
		st=$(dpkg-query -W -f='${Status}' "$p" 2>/dev/null)
		case "$st" in *"ok installed"*) continue ;; esac
		missing="$missing $p"
	fi
done
if ! command -v dpkg-query >/dev/null 2>&1; then
	# Not Debian: check what pkg-config can see and say what is needed.
	for m in ncursesw sqlite3 libutf8proc libzip expat xlsxwriter libpq nettle; do
		pkg-config --exists "$m" 2>/dev/null || {
			echo "gopy needs the development files of: ncursesw, sqlite3, utf8proc, libzip, expat, libxlsxwriter, libpq, nettle (and pkg-config)." >&2
			exit 1; }
	done
	exit 0
fi
[ -z "$missing" ] && exit 0

echo "Installing missing packages:$missing"
if [ "$(id -u)" = 0 ]; then
	apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $missing && exit 0
elif command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then
	sudo apt-get update -qq && sudo DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $missing && exit 0
fi
echo "Please run:  sudo apt-get install -y$missing" >&2
exit 1
