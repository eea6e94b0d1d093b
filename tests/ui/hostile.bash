# SPDX-License-Identifier: GPL-3.0-or-later
# hostile.bash — seed a fixture database with comments that try to drive the terminal
# (sourced by hostile.sh and tmux.sh; not a test itself).
#   make_hostile_db FILE
make_hostile_db() {
	local db=$1
	make_db "$db" || return 1
	python3 - "$T/hostile.csv" <<-'PY'
	import csv, sys
	bodies = [
	    "OSC title \x1b]0;PWNED-TITLE\x07 after",
	    "OSC 52 clipboard \x1b]52;c;ZXZpbA==\x07 after",
	    "clear screen \x1b[2J\x1b[H after",
	    "C1 OSC \u009d8;;http://evil.example\u009c link",
	    "Approved" + "\b" * 8 + "Rejected",
	    "carriage\rreturn overwrite",
	    "bidi \u202eesrever\u202c and zero\u200bwidth",
	    "DCS \x1bP1$qm\x1b\\ APC \x1b_evil\x1b\\ PM \x1b^x\x1b\\ done",
	    "bell \x07 and DEL \x7f and NUL-free tab\tend",
	]
	with open(sys.argv[1], "w", newline="") as f:
	    w = csv.writer(f)
	    w.writerow(["doc", "section", "author", "body", "created_at"])
	    for i, b in enumerate(bodies):
	        w.writerow(["DA-TEST", "Điều 3", "B02", b, "2026-05-03T1%d:00:00Z" % i])
	PY
	g import-comments "$db" "$T/hostile.csv" >/dev/null || return 1
	# Bytes that are not UTF-8 and escape sequences in other fields, written behind gopy's back
	# (a file can be given any bytes; PostgreSQL keeps text in UTF-8 and refuses the rest, so
	# on a server the body gets the escape sequences only).
	local chr=char bad="CAST(X'696e76616c6964fffec0af1b5d303b5807' AS TEXT)"
	on_server && chr=chr bad="'invalid' || chr(27) || ']0;X' || chr(7)"
	db_sql "$db" "UPDATE comment SET body = $bad
	               WHERE body LIKE 'bell%';
	               UPDATE comment SET response = 'resp ' || $chr(27) || '[31mRED' || $chr(27) || ']0;T' || $chr(7)
	               WHERE body LIKE 'clear%';
	               UPDATE document SET title = 'Title ' || $chr(27) || ']0;DOC-TITLE' || $chr(7) || ' end'
	               WHERE code = 'DA-TEST';
	               UPDATE delegate SET name = 'Trần ' || $chr(27) || '[2J' || 'Bình' WHERE code = 'B02';" || return 1
}
