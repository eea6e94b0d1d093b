# SPDX-License-Identifier: GPL-3.0-or-later
# pycheck.bash — run tests/report/check_export.py (pycheck) or check_office.py (officecheck)
# and turn their "ok - " / "not ok - " lines into this test's TAP lines (sourced by export.sh,
# sample.sh and office.sh; needs lib.sh first).
PY=/usr/bin/python3
CHECK=$(dirname "${BASH_SOURCE[0]}")/check_export.py
OFFICE=$(dirname "${BASH_SOURCE[0]}")/check_office.py

pyrun() {
	local line
	while IFS= read -r line; do
		case "$line" in
		"ok - "*) ok "${line#ok - }" ;;
		"not ok - "*) not_ok "${line#not ok - }" ;;
		"#"*) echo "$line" ;;
		*) echo "# $line" ;;
		esac
	done < <("$PY" "$@" 2>&1 || true)
}

pycheck() { pyrun "$CHECK" "$@"; }
officecheck() { pyrun "$OFFICE" "$@"; }
