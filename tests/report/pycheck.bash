# SPDX-License-Identifier: GPL-3.0-or-later
# pycheck.bash — run tests/report/check_export.py and turn its "ok - " / "not ok - " lines
# into this test's TAP lines (sourced by export.sh and sample.sh; needs lib.sh first).
PY=/usr/bin/python3
CHECK=$(dirname "${BASH_SOURCE[0]}")/check_export.py

pycheck() {
	local line
	while IFS= read -r line; do
		case "$line" in
		"ok - "*) ok "${line#ok - }" ;;
		"not ok - "*) not_ok "${line#not ok - }" ;;
		"#"*) echo "$line" ;;
		esac
	done < <("$PY" "$CHECK" "$@" 2>&1 || true)
}
