#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# time_names.sh — times shown in the user's zone and language, ISO 8601 UTC in tsv/json, the
# report's date line; people sorted the Vietnamese way (given name, family name, middle name)
# in delegate list, the speaker picker, the author order of the thread view and the report.
# engines: both
. "$(dirname "$0")/../lib.sh"
new_db DB r
"$GOPY" init "$DB" >/dev/null
printf '# Đề án thử\n\n## Điều 1. Phạm vi\n\nNội dung.\n' >"$T/d.md"
"$GOPY" import "$DB" "$T/d.md" --code DA >/dev/null

# The order a Vietnamese secretary writes by hand: given name, then family, then middle name;
# a < ă < â, d < đ, tones after the base letters, a shorter name first.
sorted="Nguyễn Văn An
Trần An
Ngô Đức Anh
Lê Thị Ánh
Đỗ Ân
Đặng Văn Ba
Bùi Thị Bình
Lê Ánh Bình
Lê Văn Bình
Đinh Thị Dung
Đinh Văn Dũng
Dương Văn Đạt
Phạm Thị Hoa
Hoàng Hòa"
i=0
printf '%s\n' "$sorted" | shuf --random-source=<(yes) | while IFS= read -r name; do
	i=$((i + 1))
	GOPY_SEED=$i "$GOPY" delegate "$DB" add "D$i" "$name" --unit "Đơn vị $i" --role secretary >/dev/null
done
run "$GOPY" delegate "$DB" list --format tsv
expect_eq "delegate list: the order written by hand" "$sorted" "$(printf '%s\n' "$out" | tail -n +2 | cut -f2)"
run "$GOPY" delegate "$DB" list
expect_eq "delegate list (text): the same order" "$sorted" \
	"$(printf '%s\n' "$out" | sed -E 's/^[^ ]+ +//; s/  .*//')"

# The role in words in the text output (translated), stored values in tsv and json.
run env -u LANGUAGE LC_ALL=vi_VN.UTF-8 "$GOPY" delegate "$DB" list
expect_contains "delegate list (text, Vietnamese): the role translated" "thư ký" "$(head -n 1 <<<"$out")"
case "$out" in *secretary*) not_ok "delegate list (text, Vietnamese): no English role" "$out" ;;
*) ok "delegate list (text, Vietnamese): no English role" ;; esac
run env -u LANGUAGE LC_ALL=vi_VN.UTF-8 "$GOPY" delegate "$DB" list --format tsv
expect_eq "delegate list (tsv, Vietnamese): the stored role" "secretary" "$(sed -n 2p <<<"$out" | cut -f4)"
run env -u LANGUAGE LC_ALL=vi_VN.UTF-8 "$GOPY" delegate "$DB" list --format json
expect_contains "delegate list (json, Vietnamese): the stored role" '"role": "secretary"' "$out"
run env -u LANGUAGE LC_ALL=vi_VN.UTF-8 "$GOPY" log "$DB"
expect_contains "log (text, Vietnamese): a delegate's role and login in words" "thư ký, không có tên đăng nhập" "$out"
case "$out" in *"secretary -"*) not_ok "log (text, Vietnamese): no raw 'secretary -'" "$out" ;;
*) ok "log (text, Vietnamese): no raw 'secretary -'" ;; esac
run "$GOPY" log "$DB"
expect_contains "log (text, English): role and login in words" "secretary, no login" "$out"
run "$GOPY" log "$DB" --format tsv
expect_contains "log (tsv): the stored value" "secretary -" "$out"

# ---- dates of versions, consultation and stats: local time, the language's form (as list) ----
new_db V dates
"$GOPY" init "$V" >/dev/null
GOPY_NOW=2026-11-30T05:54:39Z "$GOPY" import "$V" "$T/d.md" --code DA >/dev/null
"$GOPY" delegate "$V" add U1 "Người Một" --unit "Đơn vị 1" >/dev/null
"$GOPY" delegate "$V" add U2 "Người Hai" --unit "Đơn vị 2" >/dev/null
"$GOPY" consult "$V" --doc DA add "Đơn vị 1" "Đơn vị 2" --deadline 2021-04-30 --asked 2021-04-20 >/dev/null
"$GOPY" consult "$V" --doc DA no-comments "Đơn vị 2" --date 2021-05-03 >/dev/null
vi_hcm() { env -u LANGUAGE LC_ALL=vi_VN.UTF-8 TZ=Asia/Ho_Chi_Minh GOPY_NOW=2021-05-01T00:00:00Z "$@"; }
run vi_hcm "$GOPY" versions "$V" --doc DA
expect_contains "versions (text, Vietnamese): local time in the language's form" "30/11/2026 12:54" "$out"
case "$out" in *2026-11-30T*) not_ok "versions (text): no ISO UTC time" "$out" ;; *) ok "versions (text): no ISO UTC time" ;; esac
run vi_hcm "$GOPY" versions "$V" --doc DA --format tsv
expect_contains "versions (tsv): ISO UTC kept" "2026-11-30T05:54:39Z" "$out"
run vi_hcm "$GOPY" consult "$V" --doc DA pending
expect_contains "consult pending (text, Vietnamese): the deadline as list shows dates" "30/04/2021" "$out"
run vi_hcm "$GOPY" consult "$V" --doc DA list
expect_contains "consult list (text, Vietnamese): the no-comments date likewise" "(03/05/2021)" "$out"
run vi_hcm "$GOPY" consult "$V" --doc DA list --format tsv
expect_contains "consult list (tsv): ISO dates kept" "2021-04-30" "$out"
run vi_hcm "$GOPY" stats "$V" --doc DA
expect_contains "stats (text, Vietnamese): the deadline as list shows dates" "30/04/2021" "$out"
case "$out" in *2021-04-30*) not_ok "stats (text, Vietnamese): no ISO date" "$out" ;;
*) ok "stats (text, Vietnamese): no ISO date" ;; esac

# A database written before names sorted this way: its whole-name keys are replaced by the
# next gopy that opens it for writing (here gopy check).
db_copy "$DB" OLD old
name_bytes="CAST(name AS BLOB)"
on_server && name_bytes="convert_to(name, 'UTF8')"
db_sql "$OLD" "UPDATE delegate SET sort_key = $name_bytes"
"$GOPY" check "$OLD" >/dev/null
run "$GOPY" delegate "$OLD" list --format tsv
expect_eq "keys of an older form are remade when the file is opened" "$sorted" \
	"$(printf '%s\n' "$out" | tail -n +2 | cut -f2)"

# Comments by each, at known UTC times.
code_of() { "$GOPY" delegate "$DB" list --format tsv | awk -F'\t' -v n="$1" '$2 == n { print $1 }'; }
n=0
while IFS= read -r name; do
	n=$((n + 1))
	GOPY_NOW=2026-11-30T0$((n % 10)):05:00Z "$GOPY" comment "$DB" --doc DA --section "Điều 1" \
		--as "$(code_of "$name")" "Ý kiến số $n" >/dev/null
done < <(printf '%s\n' "$sorted" | tac)

# ---- the thread view, author order (o cycles time, section, author) ----
printf '%s\n' "<Enter>" "A" "o" "o" "o" "g" "@dump $T/by_author" >"$T/k1"
GOPY_HEADLESS_SCRIPT=$T/k1 GOPY_HEADLESS_SIZE=100x40 "$GOPY" "$DB" --as D1 >/dev/null 2>&1
got=$(grep -E '^[•▾▸] ' "$T/by_author" | sed -E 's/^[•▾▸] //; s/ · .*//')
expect_eq "thread view, by author: the order written by hand" "$sorted" "$got"

# ---- the speaker picker lists everyone in that order ----
printf '%s\n' "<Enter>" "S" "@dump $T/picker" >"$T/k2"
GOPY_HEADLESS_SCRIPT=$T/k2 GOPY_HEADLESS_SIZE=100x40 "$GOPY" "$DB" --as D1 >/dev/null 2>&1
got=$(grep -E '^│[> ] ' "$T/picker" | sed -E 's/^│[> ] //; s/ \(D[0-9]+\).*//')
expect_eq "speaker picker: the order written by hand (as many as fit)" \
	"$(printf '%s\n' "$sorted" | head -n "$(printf '%s\n' "$got" | wc -l)")" "$got"
expect_eq "speaker picker: a full list" 12 "$(printf '%s\n' "$got" | wc -l)"

# ---- times: local zone and language in the interface, UTC ISO in tsv/json ----
printf '%s\n' "<Enter>" "A" "@dump $T/utc" >"$T/k3"
GOPY_HEADLESS_SCRIPT=$T/k3 GOPY_HEADLESS_SIZE=100x40 TZ=UTC "$GOPY" "$DB" --as D1 >/dev/null 2>&1
expect_contains "TZ=UTC, English: 2026-11-30 01:05" "2026-11-30 01:05" "$(cat "$T/utc")"
GOPY_HEADLESS_SCRIPT=$T/k3 GOPY_HEADLESS_SIZE=100x40 TZ=Asia/Ho_Chi_Minh "$GOPY" "$DB" --as D1 >/dev/null 2>&1
expect_contains "TZ=Asia/Ho_Chi_Minh: seven hours later" "2026-11-30 08:05" "$(cat "$T/utc")"
GOPY_HEADLESS_SCRIPT=$T/k3 GOPY_HEADLESS_SIZE=100x40 TZ=Asia/Ho_Chi_Minh LANGUAGE=vi "$GOPY" "$DB" --as D1 >/dev/null 2>&1
expect_contains "Vietnamese: 30/11/2026 08:05" "30/11/2026 08:05" "$(cat "$T/utc")"
GOPY_HEADLESS_SCRIPT=$T/k3 GOPY_HEADLESS_SIZE=100x40 TZ=America/New_York LANGUAGE=vi "$GOPY" "$DB" --as D1 >/dev/null 2>&1
expect_contains "a zone behind UTC moves the date back: 29/11/2026 20:05" "29/11/2026 20:05" "$(cat "$T/utc")"
run env TZ=Asia/Ho_Chi_Minh LANGUAGE=vi "$GOPY" list "$DB" --doc DA --comments
expect_contains "list --comments (text): local time in Vietnamese form" "30/11/2026 08:05" "$out"
run env TZ=Asia/Ho_Chi_Minh LANGUAGE=vi "$GOPY" list "$DB" --doc DA --comments --format tsv
expect_contains "list --comments (tsv): ISO 8601 UTC" "2026-11-30T01:05:00Z" "$out"
run env TZ=Asia/Ho_Chi_Minh LANGUAGE=vi "$GOPY" list "$DB" --doc DA --comments --format json
expect_contains "list --comments (json): ISO 8601 UTC" '"created_at": "2026-11-30T01:05:00Z"' "$out"

# ---- the report: the date of the signer's day, in the official form ----
run env GOPY_NOW=2026-11-29T20:00:00Z TZ=Asia/Ho_Chi_Minh "$GOPY" export "$DB" --doc DA --place "Hà Nội"
expect_contains "report: today is the local day (03:00 on the 30th in Hà Nội)" "Hà Nội, ngày 30 tháng 11 năm 2026" "$out"
run env GOPY_NOW=2026-11-29T20:00:00Z TZ=UTC LANGUAGE=en "$GOPY" export "$DB" --doc DA --place "Hà Nội" --date 2026-02-04
expect_contains "report: leading zeros below 10 and for January and February, in every language" \
	"Hà Nội, ngày 04 tháng 02 năm 2026" "$out"

# ---- the report lists the authors of a merged row in the order of names ----
for name in "Phạm Thị Hoa" "Nguyễn Văn An" "Lê Văn Bình"; do
	"$GOPY" comment "$DB" --doc DA --section "Điều 1" --as "$(code_of "$name")" "Đề nghị giữ nguyên." >/dev/null
done
run "$GOPY" export "$DB" --doc DA --group-same --format md
row=$(printf '%s\n' "$out" | grep 'Đề nghị giữ nguyên')
case "$row" in
*"Nguyễn Văn An"*"Lê Văn Bình"*"Phạm Thị Hoa"*) ok "report --group-same: authors in the order of names" ;;
*) not_ok "report --group-same: authors in the order of names" "$row" ;;
esac
