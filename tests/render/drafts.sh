#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# drafts.sh (render) — LibreOffice of this machine turns draft.fodt into .docx, .odt and a
# legacy .doc afresh: the .docx and .odt import into the outline of draft.txt, the .doc is
# refused with "save it as .docx". (tests/office/drafts.sh checks the copies kept in
# tests/office/data without LibreOffice.)
. "$(dirname "$0")/../lib.sh"
. "$ROOT/tests/cli/data/helpers.bash"
. "$ROOT/tests/render/lo.bash"
D=$ROOT/tests/office/data
DB=$T/review.db
g init "$DB" >/dev/null
g import "$DB" "$D/draft.txt" --code TXT >/dev/null
want=$(g list "$DB" --doc TXT --format tsv | cut -f3-6,9)
check "LibreOffice writes docx" lo docx "$T/out" "$D/draft.fodt"
check "LibreOffice writes odt" lo odt "$T/out" "$D/draft.fodt"
check "LibreOffice writes a Word 97 .doc" lo "doc:MS Word 97" "$T/out" "$D/draft.fodt"
for ext in docx odt; do
	rung import "$DB" "$T/out/draft.$ext" --code "LO-$ext"
	expect_eq "LibreOffice's $ext: imported" 0 "$rc"
	expect_eq "LibreOffice's $ext: the outline of the text version" "$want" \
		"$(g list "$DB" --doc "LO-$ext" --format tsv | cut -f3-6,9)"
done
refused "LibreOffice's .doc refused" 1 "save it as .docx" "$DB" import "$DB" "$T/out/draft.doc"
