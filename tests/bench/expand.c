/* SPDX-License-Identifier: GPL-3.0-or-later */
/* expand.c — make a large benchmark file fast from gen.py's output (make bench-scale).
 *
 * Usage: expand IN.csv IN_DUMP.txt K OUT.csv OUT_DUMP.txt   (OUT.csv "-": only the dump;
 *                                                          OUT_DUMP.txt "-": only the CSV)
 *
 * Writes K copies of IN.csv's rows one after another, copy j with its ids and reply_to ids
 * renumbered ("c17" → "c<17 + j·rows>") and its times moved on by j times the span of the input
 * (so that the comments keep arriving at gen.py's pace, for years at 26 million), and K copies
 * of the dump (one body a line, what grep searches). gen.py writes a million comments in 11 s
 * on a quiet machine and in over a minute on a busy one; this writes 26 million in the time the
 * disk takes. Every column but id, created_at and reply_to is copied as it is (gen.py's ids and
 * times are never quoted; bodies may be). */
#define _DEFAULT_SOURCE
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

enum { COL_ID = 0, COL_CREATED = 6, COL_REPLY = 7 };

static long long seconds(const char *s)
{
	struct tm tm = {0};
	if (sscanf(s, "%4d-%2d-%2dT%2d:%2d:%2d", &tm.tm_year, &tm.tm_mon, &tm.tm_mday, &tm.tm_hour, &tm.tm_min,
	           &tm.tm_sec) != 6)
		return -1;
	tm.tm_year -= 1900;
	tm.tm_mon -= 1;
	return (long long)timegm(&tm);
}

/* The field starting at p (up to the next comma outside quotes or the end of the line). */
static const char *field_end(const char *p)
{
	bool quoted = *p == '"';
	if (!quoted)
		return p + strcspn(p, ",\n");
	for (p++; *p; p++) {
		if (*p == '"' && p[1] == '"')
			p++;
		else if (*p == '"')
			return p + 1;
	}
	return p;
}

static void write_field(FILE *out, int col, const char *f, size_t n, long long shift_ids, long long shift_s)
{
	if ((col == COL_ID || col == COL_REPLY) && n > 1 && f[0] == 'c') {
		fprintf(out, "c%lld", strtoll(f + 1, NULL, 10) + shift_ids);
	} else if (col == COL_CREATED && n == 20) {
		char s[21];
		memcpy(s, f, 20);
		s[20] = '\0';
		time_t t = (time_t)(seconds(s) + shift_s);
		struct tm tm;
		gmtime_r(&t, &tm);
		strftime(s, sizeof s, "%Y-%m-%dT%H:%M:%SZ", &tm);
		fputs(s, out);
	} else {
		fwrite(f, 1, n, out);
	}
}

/* The dump k times over. */
static int copy_dump(const char *from, const char *to, long k)
{
	FILE *din = fopen(from, "rb"), *dout = fopen(to, "wb");
	if (!din || !dout) {
		perror("expand");
		return 1;
	}
	static char buf[1 << 20];
	for (long j = 0; j < k; j++) {
		rewind(din);
		size_t n;
		while ((n = fread(buf, 1, sizeof buf, din)) > 0)
			if (fwrite(buf, 1, n, dout) != n) {
				perror("expand");
				return 1;
			}
	}
	fclose(din);
	if (fclose(dout) != 0) {
		perror("expand");
		return 1;
	}
	return 0;
}

int main(int argc, char **argv)
{
	if (argc != 6) {
		fputs("usage: expand IN.csv IN_DUMP.txt K OUT.csv OUT_DUMP.txt\n", stderr);
		return 2;
	}
	long k = strtol(argv[3], NULL, 10);
	if (strcmp(argv[4], "-") == 0)
		return copy_dump(argv[2], argv[5], k);
	FILE *in = fopen(argv[1], "r"), *out = fopen(argv[4], "w");
	if (!in || !out || k < 1) {
		perror("expand");
		return 1;
	}
	static char obuf[1 << 20];
	setvbuf(out, obuf, _IOFBF, sizeof obuf);
	char *line = NULL;
	size_t cap = 0;
	ssize_t len = getline(&line, &cap, in);
	if (len <= 0) {
		fputs("expand: empty input\n", stderr);
		return 1;
	}
	fputs(line, out); /* the header, once */
	long long rows = 0, first = -1, last = -1;
	long data_at = ftell(in);
	while ((len = getline(&line, &cap, in)) > 0) { /* the block's rows and its span of time */
		rows++;
		const char *p = line;
		for (int col = 0;; col++) {
			const char *e = field_end(p);
			if (col == COL_CREATED && e - p == 20) {
				char s[21];
				memcpy(s, p, 20);
				s[20] = '\0';
				last = seconds(s);
				if (first < 0)
					first = last;
			}
			if (*e != ',')
				break;
			p = e + 1;
		}
	}
	long long span = last - first + 30;
	for (long j = 0; j < k; j++) {
		if (fseek(in, data_at, SEEK_SET) != 0) {
			perror("expand");
			return 1;
		}
		while ((len = getline(&line, &cap, in)) > 0) {
			const char *p = line;
			for (int col = 0;; col++) {
				const char *e = field_end(p);
				if (col)
					fputc(',', out);
				write_field(out, col, p, (size_t)(e - p), j * rows, j * span);
				if (*e != ',')
					break;
				p = e + 1;
			}
			fputc('\n', out);
		}
	}
	free(line);
	fclose(in);
	if (fclose(out) != 0) {
		perror("expand");
		return 1;
	}
	return strcmp(argv[5], "-") == 0 ? 0 : copy_dump(argv[2], argv[5], k);
}
