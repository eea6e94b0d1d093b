# SPDX-License-Identifier: GPL-3.0-or-later
# lo.bash — LibreOffice for the render tests (sourced after ../lib.sh; not a test itself).
#   lo FILTER OUTDIR FILE...   soffice --headless --convert-to FILTER, with a private profile
#                              under $T (parallel tests never share a lock), quiet; fails when
#                              a converted file is missing
#   lo_in INFILTER FILTER OUTDIR FILE...   the same with an import filter (--infilter)
_lo() {
	local infilter=$1 filter=$2 dir=$3
	shift 3
	mkdir -p "$dir"
	soffice -env:UserInstallation="file://$T/lo-profile" --headless ${infilter:+--infilter="$infilter"} \
		--convert-to "$filter" --outdir "$dir" "$@" >"$T/lo.log" 2>&1 || { cat "$T/lo.log"; return 1; }
	local f b
	for f in "$@"; do
		b=$(basename "$f"); b=${b%.*}
		ls "$dir/$b".* >/dev/null 2>&1 || { echo "LibreOffice wrote no $dir/$b.*"; cat "$T/lo.log"; return 1; }
	done
}
lo() { _lo "" "$@"; }
lo_in() { _lo "$@"; }
