/* SPDX-License-Identifier: GPL-3.0-or-later */
/* outline_bench.c — how long outline_parse takes on a đề án of about 2,000 sections
 * (4 Phần × 5 mục × 11 khoản × 2 điểm × 3 gạch đầu dòng, each a line of ordinary text).
 * Writes the draft to the path given (for the command-line comparison in outline.sh) and
 * prints "sections N", "bytes N" and "parse_ms MEDIAN MIN MAX" over RUNS runs.
 * Usage: outline_bench DRAFT.txt [RUNS] */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "gopy/buf.h"
#include "gopy/outline.h"

static double now_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1e3 + ts.tv_nsec / 1e6;
}

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;
	return x < y ? -1 : x > y;
}

int main(int argc, char **argv)
{
	if (argc < 2)
		return fprintf(stderr, "usage: outline_bench DRAFT.txt [RUNS]\n"), 2;
	int runs = argc > 2 ? atoi(argv[2]) : 21;
	if (runs < 1 || runs > 1000)
		runs = 21;
	static const char *const parts[] = { "THỨ NHẤT", "THỨ HAI", "THỨ BA", "THỨ TƯ" };
	static const char *const roman[] = { "I", "II", "III", "IV", "V" };
	struct buf b = { 0 };
	buf_puts(&b, "ỦY BAN NHÂN DÂN TỈNH\nĐỀ ÁN\nPhát triển chính quyền số giai đoạn 2026 - 2030\n"
	             "Căn cứ Luật Giao dịch điện tử năm 2023;\n1. Văn bản thứ nhất;\n2. Văn bản thứ hai.\n\n");
	for (int p = 0; p < 4; p++) {
		buf_printf(&b, "PHẦN %s\nNỘI DUNG PHẦN %d\n\n", parts[p], p + 1);
		for (int r = 0; r < 5; r++) {
			buf_printf(&b, "%s. NHÓM NHIỆM VỤ SỐ %d\nCác nhiệm vụ dưới đây được giao cho các sở, ngành.\n", roman[r], r + 1);
			for (int k = 1; k <= 11; k++) {
				buf_printf(&b, "%d. Nhiệm vụ %d về phát triển hạ tầng số và dữ liệu dùng chung của tỉnh\n", k, k);
				for (int a = 0; a < 2; a++) {
					buf_printf(&b, "%c) Nội dung chi tiết của nhiệm vụ, bảo đảm an toàn thông tin:\n", 'a' + a);
					for (int d = 0; d < 3; d++)
						buf_puts(&b, "- Hoàn thành trước năm 2027, báo cáo kết quả định kỳ 6 tháng một lần;\n");
				}
			}
		}
	}
	FILE *f = fopen(argv[1], "w");
	if (!f || fwrite(b.data, 1, b.len, f) != b.len || fclose(f) != 0)
		return perror(argv[1]), 1;
	double *t = xcalloc((size_t)runs, sizeof *t);
	size_t n = 0;
	for (int i = 0; i < runs; i++) {
		struct outline o;
		double t0 = now_ms();
		if (outline_parse(b.data, b.len, &o) != 0)
			return fprintf(stderr, "outline_parse failed\n"), 1;
		t[i] = now_ms() - t0;
		n = o.n;
		outline_free(&o);
	}
	qsort(t, (size_t)runs, sizeof *t, cmp_double);
	printf("sections %zu\nbytes %zu\nparse_ms %.2f %.2f %.2f\n", n, b.len, t[runs / 2], t[0], t[runs - 1]);
	free(t);
	buf_free(&b);
	return 0;
}
