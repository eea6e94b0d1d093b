# review_fixture.bash — a review with something in every table, and every way of showing it
# (sourced by tests that copy a review whole: tests/cli/copy.sh, tests/pg/copy.sh).
#   make_full_review FILE   the demo review (documents, delegates, threads, consultation
#                           lists) plus a draft in two versions aligned (one link set by hand),
#                           edits, deletions, a restore, dispositions with responses, a "no
#                           comments" answer, and hostile text in every text field
#   show_review DB          everything gopy shows of DB, in one text: every document exported
#                           in each format (with the audit log), lists, versions, alignments,
#                           consultation lists, stats, the audit log, searches, delegates
# Needs $GOPY, $T, $ROOT (lib.sh).

HOSTILE=$'\'); DROP TABLE comment; -- \\ "quotes" %s %n $(id) `id` <b>&amp;</b> \u202Eevil\u202C 😀 a\tb'

make_full_review() {
	local db=$1 v=$ROOT/tests/cli/data/versions
	GOPY_SAMPLE_DATA=$ROOT/sample-data "$GOPY" demo "$db" </dev/null >/dev/null 2>&1
	[ -s "$db" ] || { echo "make_full_review: the demo did not build" >&2; return 1; }
	"$GOPY" import "$db" "$v/lan1.txt" --code NQ-CDS --title "$HOSTILE" >/dev/null &&
		"$GOPY" delegate "$db" add "H-01" "$HOSTILE" --unit "$HOSTILE" --login "h\"'x" >/dev/null &&
		"$GOPY" comment "$db" --doc NQ-CDS --section "Điều 2" --as H-01 --quote "$HOSTILE" "$HOSTILE" >/dev/null &&
		"$GOPY" comment "$db" --doc NQ-CDS --section "Điều 4" --as H-01 "lần 1: Điều 4" >/dev/null &&
		"$GOPY" import "$db" "$v/lan2.txt" --code NQ-CDS --revision --label "Dự thảo lần 2 $HOSTILE" >/dev/null &&
		"$GOPY" align "$db" --doc NQ-CDS --set "Điều 6=Điều 8" >/dev/null &&
		"$GOPY" consult "$db" --doc NQ-CDS add "$HOSTILE" --deadline 2026-06-01 >/dev/null &&
		"$GOPY" consult "$db" --doc NQ-CDS no-comments "$HOSTILE" --date 2026-05-20 --ref "$HOSTILE" >/dev/null ||
		return 1
	local reply_to
	reply_to=$(sqlite3 "$db" "SELECT id FROM comment WHERE body = 'lần 1: Điều 4'")
	"$GOPY" comment "$db" --doc NQ-CDS --reply-to "$reply_to" --as H-01 "trả lời $HOSTILE" >/dev/null || return 1
	# edits, a deletion and a restore, dispositions and responses: through SQL, as the triggers
	# log them (old values of dispositions are numbers in the audit log)
	sqlite3 "$db" "
		UPDATE comment SET body = body || ' (sửa)', edited_at = '2026-05-04T09:00:00Z' WHERE seq % 7 = 0;
		UPDATE comment SET deleted_at = '2026-05-04T09:10:00Z' WHERE seq % 11 = 0;
		UPDATE comment SET deleted_at = NULL WHERE seq = 22;
		UPDATE comment SET disposition = 1 + seq % 5, response = 'Tiếp thu; ' || '$(printf %s "$HOSTILE" | sed "s/'/''/g")',
		  handled_by = (SELECT id FROM delegate WHERE code = 'H-01'), handled_at = '2026-05-05T10:00:00Z'
		  WHERE seq % 3 = 0;
		UPDATE comment SET disposition = 0 WHERE seq = 30;
		INSERT INTO audit_session(os_user, delegate_id, at) VALUES ('thư ký', NULL, '2026-05-06T00:00:00Z');
		UPDATE comment SET body = 'đã sửa' || char(27) || '[2J' || char(7) WHERE seq = 5;
		DELETE FROM audit_session;" || return 1
}

show_review() {
	local db=$1 doc f
	for doc in $("$GOPY" list "$db" --format tsv | tail -n +2 | cut -f1); do
		for f in txt md csv html json; do
			echo "== export $doc $f"
			"$GOPY" export "$db" --doc "$doc" --format "$f" --audit -o - 2>&1
		done
		echo "== export $doc version 1"
		"$GOPY" export "$db" --doc "$doc" --version 1 --format json -o - 2>&1
		echo "== list $doc"
		"$GOPY" list "$db" --doc "$doc" --comments --format tsv 2>&1
		echo "== versions $doc"
		"$GOPY" versions "$db" --doc "$doc" --format tsv 2>&1
		echo "== consult $doc"
		"$GOPY" consult "$db" --doc "$doc" list --format tsv 2>&1
		echo "== stats $doc"
		"$GOPY" stats "$db" --doc "$doc" --format json 2>&1
		echo "== log $doc"
		"$GOPY" log "$db" --doc "$doc" --format tsv 2>&1
	done
	echo "== align"
	"$GOPY" align "$db" --doc NQ-CDS --format tsv 2>&1
	echo "== list"
	"$GOPY" list "$db" --format tsv 2>&1
	echo "== delegates"
	"$GOPY" delegate "$db" list --format tsv 2>&1
	echo "== log"
	"$GOPY" log "$db" --format json 2>&1
	for q in "chuyen doi so" "Điều" "DROP TABLE" "sửa" "😀"; do
		echo "== search $q"
		"$GOPY" search "$db" "$q" --format tsv 2>&1
	done
	echo "== stats"
	"$GOPY" stats "$db" --format json 2>&1
}
