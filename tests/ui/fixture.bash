# SPDX-License-Identifier: GPL-3.0-or-later
# fixture.bash — shared by the tests/ui/*.sh tests (sourced after ../lib.sh; not a test itself).
#   make_db FILE    build a small review database through the CLI: two drafts (one with an NFD
#                   heading and wide characters in its title), five delegates, threaded comments
#                   in Vietnamese (NFC and NFD input), CJK and emoji.
#   tui SIZE SCRIPT [ARGS...]   run gopy headless at SIZE (e.g. 80x24) with the key script
#                   file SCRIPT; gopy's exit status in $rc, stderr in $err.
#   golden NAME FILE            compare FILE with golden/NAME.txt (GOPY_UPDATE_GOLDEN=1 rewrites it)
export USER=nobody-here GOPY_DB=
unset VISUAL EDITOR
UI_DIR=$ROOT/tests/ui

# Each CLI run gets its own GOPY_SEED: ids stay reproducible and two runs never draw the
# same ids.
_seed=100
g() { _seed=$((_seed + 1)); GOPY_SEED=$_seed "$GOPY" "$@"; }

make_db() {
	local db=$1 d=$T/fixture
	mkdir -p "$d"
	g init "$db" >/dev/null || return 1
	# The heading of Điều 2 arrives in NFD (e + U+0323 + U+0302 = ệ), as from a macOS editor.
	printf '%s\n' "# Đề án chuyển đổi số tỉnh thử nghiệm" "" \
		"Điều 1. Phạm vi điều chỉnh" "" \
		"Đề án này quy định nhiệm vụ chuyển đổi số, bảo đảm an ninh mạng và an toàn thông tin của các cơ quan nhà nước trên địa bàn tỉnh." "" \
		"Điều 2. Đối tượng áp dụng cho Vie$(printf '\xcc\xa3\xcc\x82')t Nam" "" \
		"1. Các sở, ban, ngành cấp tỉnh." \
		"2. Ủy ban nhân dân cấp huyện và cấp xã." "" \
		"Điều 3. Tổ chức thực hiện" "" \
		"Sở Thông tin và Truyền thông chủ trì, phối hợp với Đà Nẵng và các tỉnh bạn." >"$d/da.md"
	g import "$db" "$d/da.md" --code DA-TEST --kind "Đề án" >/dev/null || return 1
	printf '%s\n' "# 草案：数字化转型 — Nghị quyết thử nghiệm có tiêu đề rất dài để kiểm tra cắt chữ" "" \
		"Điều 1. Hiệu lực" "" "Nghị quyết có hiệu lực từ ngày ký." >"$d/nq.md"
	g import "$db" "$d/nq.md" --code NQ-宽 --kind "Nghị quyết" >/dev/null || return 1
	g delegate "$db" add A01 "Nguyễn Văn An" --unit "Sở Thông tin và Truyền thông" --login alice >/dev/null || return 1
	g delegate "$db" add B02 "Trần Thị Bình" --unit "UBND huyện Tam Đảo" >/dev/null || return 1
	g delegate "$db" add C03 "王小明" --unit "Hội người Hoa 🇻🇳" >/dev/null || return 1
	g delegate "$db" add E04 "Lê Thị Biên" --unit "Tổ biên tập" --role editor >/dev/null || return 1
	g delegate "$db" add S05 "Phạm Thư Ký" --unit "Văn phòng Tỉnh ủy" --role secretary >/dev/null || return 1
	# Comments: a thread with nested replies on Điều 1, NFD input, CJK/emoji, a general one.
	{
		echo "id,doc,section,author,body,created_at,reply_to"
		echo "c1,DA-TEST,Điều 1,A01,Đề nghị bổ sung nội dung về an ninh mạng cho cấp xã.,2026-05-01T08:00:00Z,"
		echo "c2,DA-TEST,,B02,Nhất trí; cần thêm kinh phí cho huyện Tam Đảo.,2026-05-01T09:00:00Z,c1"
		echo "c3,DA-TEST,,A01,Kinh phí lấy từ nguồn sự nghiệp.,2026-05-01T10:00:00Z,c2"
		echo "c4,DA-TEST,,C03,同意 👍 đồng ý với ý kiến trên.,2026-05-01T11:00:00Z,c1"
		printf 'c5,DA-TEST,Điều 1,B02,"Vie\xcc\xa3\xcc\x82t Nam: đề nghị viết rõ ""an ninh mạng"" là trách nhiệm của mọi cơ quan, một đoạn dài để kiểm tra việc ngắt dòng theo độ rộng màn hình.",2026-05-02T08:00:00Z,\n'
		echo "c6,DA-TEST,Khoản 2,C03,Cấp xã thiếu cán bộ chuyên trách.,2026-05-02T09:00:00Z,"
		echo "c7,DA-TEST,,E04,Góp ý chung: dự thảo cần thống nhất thuật ngữ Đà Nẵng.,2026-05-03T08:00:00Z,"
	} >"$d/comments.csv"
	g import-comments "$db" "$d/comments.csv" >/dev/null || return 1
}

tui() {
	local size=$1 script=$2
	shift 2
	rc=0
	GOPY_HEADLESS_SCRIPT=$script GOPY_HEADLESS_SIZE=$size "$GOPY" "$@" >"$T/.tui.out" 2>"$T/.tui.err" </dev/null || rc=$?
	err=$(cat "$T/.tui.err")
}

golden() {
	local name=$1 file=$2 g=$UI_DIR/golden/$1.txt
	if [ "${GOPY_UPDATE_GOLDEN:-}" = 1 ]; then
		cp "$file" "$g"
		ok "$name (golden updated)"
	elif [ ! -f "$g" ]; then
		not_ok "$name" "no golden $g (run with GOPY_UPDATE_GOLDEN=1 and review it)"
	else
		expect_eq "$name" "$(cat "$g")" "$(cat "$file")"
	fi
}

too_wide() { # width file...: the rows of the files wider than width display columns
	local w=$1
	shift
	cat "$@" | python3 -c '
import sys, unicodedata
w = int(sys.argv[1])
def width(s):
    n = 0
    for ch in s:
        if unicodedata.combining(ch): continue
        n += 2 if unicodedata.east_asian_width(ch) in "WF" else 1
    return n
for line in sys.stdin.read().splitlines():
    if width(line) > w: print(repr(line))
' "$w"
}
