#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# regen-lo.bash — rewrite the LibreOffice-made copies in tests/office/data from draft.fodt (after
# changing it): draft-lo.docx, draft-lo.odt and legacy.doc. Needs soffice.
set -eu
D=$(cd "$(dirname "$0")" && pwd)/data
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
for f in docx odt "doc:MS Word 97"; do
	soffice -env:UserInstallation="file://$T/lo" --headless --convert-to "$f" --outdir "$T" "$D/draft.fodt" >/dev/null
done
cp "$T/draft.docx" "$D/draft-lo.docx"
cp "$T/draft.odt" "$D/draft-lo.odt"
cp "$T/draft.doc" "$D/legacy.doc"
