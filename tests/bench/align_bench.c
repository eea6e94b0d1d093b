/* align_bench.c — how long align_sections takes on two versions of a 300-article draft
 * (30 chương × 10 điều × 4 khoản, each khoản a sentence of about 25 syllables drawn from a
 * fixed vocabulary). Version 2 has an article inserted at the start (every number after it
 * shifts), every seventh khoản edited, two articles merged, one khoản split, one article
 * deleted and two chapters swapped. Writes both drafts to the paths given (for the
 * command-line comparison in align.sh) and prints "sections N M", "links N" and
 * "align_ms MEDIAN MIN MAX" over RUNS runs.
 * Usage: align_bench V1.txt V2.txt [RUNS] */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "gopy/align.h"
#include "gopy/buf.h"
#include "gopy/outline.h"

static double now_ms(clockid_t clock)
{
	struct timespec ts;
	clock_gettime(clock, &ts);
	return ts.tv_sec * 1e3 + ts.tv_nsec / 1e6;
}

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;
	return x < y ? -1 : x > y;
}

static const char *const words[] = {
	"cơ", "quan", "nhà", "nước", "tỉnh", "huyện", "xã", "chuyển", "đổi", "số", "dữ", "liệu", "hạ", "tầng",
	"doanh", "nghiệp", "người", "dân", "dịch", "vụ", "công", "trực", "tuyến", "an", "toàn", "thông", "tin",
	"nền", "tảng", "kết", "nối", "chia", "sẻ", "ngân", "sách", "đầu", "tư", "phát", "triển", "kinh", "tế",
	"xã", "hội", "chính", "quyền", "điện", "tử", "hồ", "sơ", "thủ", "tục", "hành", "đào", "tạo", "nhân",
	"lực", "kỹ", "năng", "giám", "sát", "đánh", "giá", "báo", "cáo", "định", "kỳ", "hằng", "năm", "quý",
};
#define NWORDS (sizeof words / sizeof *words)

static unsigned rng = 20131;
static unsigned next(void)
{
	rng = rng * 1103515245u + 12345u;
	return (rng >> 16) & 0x7fff;
}

/* khoản text of article a, clause k: the same in both versions unless edited */
static void clause(struct buf *b, int a, int k, int edit)
{
	rng = (unsigned)(a * 97 + k * 13 + 1);
	int n = 20 + (int)(next() % 10);
	for (int i = 0; i < n; i++)
		buf_printf(b, "%s%s", i ? " " : "", words[next() % NWORDS]);
	if (edit)
		buf_puts(b, " và các đơn vị liên quan");
	buf_puts(b, ".\n");
}

static void article(struct buf *b, int number, int a, int v2)
{
	buf_printf(b, "Điều %d. Quy định số %d về %s %s\n", number, a, words[a % NWORDS], words[(a * 7) % NWORDS]);
	for (int k = 1; k <= 4; k++) {
		if (v2 && a == 50 && k == 2) { /* split */
			buf_printf(b, "%d. ", k);
			clause(b, a, k, 0);
			buf_printf(b, "%d. ", k + 1);
			clause(b, a, 9, 0);
			continue;
		}
		buf_printf(b, "%d. ", v2 && a == 50 && k > 2 ? k + 1 : k);
		clause(b, a, k, v2 && (a * 4 + k) % 7 == 0);
	}
}

static void draft(struct buf *b, int v2)
{
	buf_puts(b, "DỰ THẢO LUẬT CHUYỂN ĐỔI SỐ\n\n");
	int number = 1;
	for (int c = 0; c < 30; c++) {
		int ch = v2 && c == 10 ? 11 : v2 && c == 11 ? 10 : c; /* two chapters swapped */
		buf_printf(b, "Chương %d\nCHƯƠNG VỀ NỘI DUNG %d\n\n", c + 1, ch);
		if (v2 && c == 0) {
			buf_printf(b, "Điều %d. Mục tiêu\n1. ", number++);
			clause(b, 9999, 1, 0);
		}
		for (int i = 0; i < 10; i++) {
			int a = ch * 10 + i;
			if (v2 && a == 120) /* deleted */
				continue;
			if (v2 && a == 201) /* merged into 200 */
				continue;
			article(b, number++, a, v2);
			if (v2 && a == 200)
				for (int k = 1; k <= 4; k++) {
					buf_printf(b, "%d. ", k + 4);
					clause(b, 201, k, 0);
				}
		}
	}
}

static struct align_section *sections(const struct outline *o, struct buf *texts)
{
	struct align_section *x = calloc(o->n + 1, sizeof *x);
	size_t *off = calloc(o->n + 1, sizeof *off);
	for (size_t i = 0; i < o->n; i++) {
		off[i] = texts->len;
		buf_printf(texts, "%s\n%s", o->nodes[i].heading, o->nodes[i].body);
		buf_putc(texts, '\0');
	}
	for (size_t i = 0; i < o->n; i++)
		x[i] = (struct align_section){o->nodes[i].level, o->nodes[i].parent, o->nodes[i].label, texts->data + off[i]};
	free(off);
	return x;
}

static int write_file(const char *path, const struct buf *b)
{
	FILE *f = fopen(path, "w");
	if (!f || fwrite(b->data, 1, b->len, f) != b->len || fclose(f) != 0)
		return fprintf(stderr, "cannot write %s\n", path), -1;
	return 0;
}

int main(int argc, char **argv)
{
	if (argc < 3)
		return fprintf(stderr, "usage: align_bench V1.txt V2.txt [RUNS]\n"), 2;
	int runs = argc > 3 ? atoi(argv[3]) : 21;
	if (runs < 1 || runs > 1000)
		runs = 21;
	struct buf b1 = {0}, b2 = {0}, t1 = {0}, t2 = {0};
	draft(&b1, 0);
	draft(&b2, 1);
	if (write_file(argv[1], &b1) || write_file(argv[2], &b2))
		return 1;
	struct outline o1 = {0}, o2 = {0};
	if (outline_parse(b1.data, b1.len, &o1) != 0 || outline_parse(b2.data, b2.len, &o2) != 0)
		return fprintf(stderr, "outline_parse failed\n"), 1;
	struct align_section *s1 = sections(&o1, &t1), *s2 = sections(&o2, &t2);
	double *ms = calloc((size_t)runs, sizeof *ms), *cpu = calloc((size_t)runs, sizeof *cpu);
	size_t nl = 0;
	for (int r = 0; r < runs; r++) {
		double t0 = now_ms(CLOCK_MONOTONIC), c0 = now_ms(CLOCK_PROCESS_CPUTIME_ID);
		struct align_link *l = align_sections(s1, o1.n, s2, o2.n, &nl);
		ms[r] = now_ms(CLOCK_MONOTONIC) - t0;
		cpu[r] = now_ms(CLOCK_PROCESS_CPUTIME_ID) - c0;
		free(l);
	}
	qsort(ms, (size_t)runs, sizeof *ms, cmp_double);
	qsort(cpu, (size_t)runs, sizeof *cpu, cmp_double);
	printf("sections %zu %zu\nlinks %zu\nalign_ms %.2f %.2f %.2f\ncpu_ms %.2f %.2f %.2f\n", o1.n, o2.n, nl,
	       ms[runs / 2], ms[0], ms[runs - 1], cpu[runs / 2], cpu[0], cpu[runs - 1]);
	free(ms);
	free(cpu);
	free(s1);
	free(s2);
	outline_free(&o1);
	outline_free(&o2);
	buf_free(&b1);
	buf_free(&b2);
	buf_free(&t1);
	buf_free(&t2);
	return 0;
}
