/* SPDX-License-Identifier: GPL-3.0-or-later */
/* util.c — the clock (fixed by GOPY_NOW in tests) and 63-bit ids: a random block, numbered within. */
#include "gopy/util.h"

#include "gopy/i18n.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>
#include <time.h>
#include <unistd.h>

int time_parse_iso(const char *s, char norm[21])
{
	int y, mo, d, h = 0, mi = 0, se = 0, n = 0;
	size_t len = strlen(s);
	if (len == 10 && sscanf(s, "%4d-%2d-%2d%n", &y, &mo, &d, &n) == 3 && n == 10) {
		/* date only */
	} else if (len >= 19 && sscanf(s, "%4d-%2d-%2d%*1[T ]%2d:%2d:%2d%n", &y, &mo, &d, &h, &mi, &se, &n) == 6 &&
	           (s[n] == '\0' || (s[n] == 'Z' && s[n + 1] == '\0'))) {
		/* full time */
	} else {
		return 0;
	}
	if (y < 1900 || y > 9999 || mo < 1 || mo > 12 || d < 1 || d > 31 || h > 23 || mi > 59 || se > 60 ||
	    h < 0 || mi < 0 || se < 0)
		return 0;
	if (norm)
		snprintf(norm, 21, "%04u-%02u-%02uT%02u:%02u:%02uZ", (unsigned)y % 10000u, (unsigned)mo % 100u,
		         (unsigned)d % 100u, (unsigned)h % 100u, (unsigned)mi % 100u,
		         (unsigned)se % 100u); /* (ranges checked above: the % tells the compiler) */
	return 1;
}

void clock_now_iso(char out[21])
{
	const char *fixed = getenv("GOPY_NOW");
	if (fixed && time_parse_iso(fixed, out))
		return;
	time_t t = time(NULL);
	struct tm tm;
	gmtime_r(&t, &tm);
	strftime(out, 21, "%Y-%m-%dT%H:%M:%SZ", &tm);
}

/* splitmix64: small, well-distributed, enough for ids in tests and as a fallback. */
static uint64_t splitmix(uint64_t *s)
{
	uint64_t z = (*s += 0x9E3779B97F4A7C15ull);
	z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
	z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
	return z ^ (z >> 31);
}

static int mode = -1; /* -1 unknown, 0 getrandom, 1 seeded */
static uint64_t state;

/* The current block of ids (util.h): id = block << ID_COUNT_BITS | n. */
#define ID_COUNT_BITS 19
#define ID_BLOCK_BITS 44
static uint64_t block, count_next;

static void id_init(void)
{
	if (mode < 0) {
		const char *seed = getenv("GOPY_SEED");
		if (seed && *seed) {
			mode = 1;
			state = strtoull(seed, NULL, 10) ^ 0x676f7079ull;
		} else {
			mode = 0;
			state = (uint64_t)time(NULL) ^ ((uint64_t)getpid() << 32);
		}
	}
}

static void new_block(void)
{
	uint64_t v;
	do {
		if (getrandom(&v, sizeof v, 0) != (ssize_t)sizeof v)
			v = splitmix(&state);
		v >>= 64 - ID_BLOCK_BITS;
	} while (v == 0);
	block = v;
	uint64_t start;
	if (getrandom(&start, sizeof start, 0) != (ssize_t)sizeof start)
		start = splitmix(&state);
	count_next = 1 + (start & ((1u << (ID_COUNT_BITS - 1)) - 1)); /* at least 2^18 ids to go */
}

void id_reseed(uint64_t salt)
{
	id_init();
	if (mode == 1) {
		uint64_t mix = salt;
		state = strtoull(getenv("GOPY_SEED"), NULL, 10) ^ 0x676f7079ull ^ splitmix(&mix);
	}
}

gid id_new(void)
{
	id_init();
	if (mode == 1) { /* tests: one by one from the seeded generator, as recorded outputs have them */
		uint64_t v;
		do
			v = splitmix(&state) & 0x7FFFFFFFFFFFFFFFull;
		while (v == 0);
		return (gid)v;
	}
	if (block == 0 || count_next >> ID_COUNT_BITS)
		new_block();
	return (gid)(block << ID_COUNT_BITS | count_next++);
}

bool parse_int64(const char *s, int64_t min, int64_t max, int64_t *out)
{
	const char *p = s;
	bool neg = *p == '-' && min < 0;
	if (neg)
		p++;
	if (*p < '0' || *p > '9' || (*p == '0' && p[1] != '\0'))
		return false;
	uint64_t v = 0, limit = neg ? (uint64_t)INT64_MAX + 1 : (uint64_t)INT64_MAX;
	for (; *p; p++) {
		if (*p < '0' || *p > '9')
			return false;
		unsigned d = (unsigned)(*p - '0');
		if (v > (limit - d) / 10)
			return false;
		v = v * 10 + d;
	}
	int64_t r = neg ? (v == (uint64_t)INT64_MAX + 1 ? INT64_MIN : -(int64_t)v) : (int64_t)v;
	if (r < min || r > max)
		return false;
	*out = r;
	return true;
}

/* The UTC time iso as seconds since the epoch; -1 if it is not a time. */
static time_t iso_to_time(const char *iso, int *date_only)
{
	char norm[21];
	if (!iso || !time_parse_iso(iso, norm))
		return (time_t)-1;
	*date_only = strlen(iso) == 10;
	struct tm tm = { 0 };
	if (sscanf(norm, "%4d-%2d-%2dT%2d:%2d:%2d", &tm.tm_year, &tm.tm_mon, &tm.tm_mday, &tm.tm_hour, &tm.tm_min,
	           &tm.tm_sec) != 6)
		return (time_t)-1;
	tm.tm_year -= 1900;
	tm.tm_mon -= 1;
	return timegm(&tm);
}

void time_show(const char *iso, char *out, size_t n)
{
	int date_only = 0;
	time_t t = iso_to_time(iso, &date_only);
	struct tm tm;
	if (t == (time_t)-1 || !(date_only ? gmtime_r(&t, &tm) : localtime_r(&t, &tm))) {
		snprintf(out, n, "%s", iso ? iso : "");
		return;
	}
	/* TRANSLATORS: strftime(3) format of a date shown in the interface (Vietnamese: %d/%m/%Y). */
	const char *date_fmt = _("%Y-%m-%d");
	/* TRANSLATORS: strftime(3) format of a date and time in the interface (Vietnamese:
	   %d/%m/%Y %H:%M, as 30/11/2026 14:05). */
	const char *time_fmt = _("%Y-%m-%d %H:%M");
	if (strftime(out, n, date_only ? date_fmt : time_fmt, &tm) == 0)
		snprintf(out, n, "%s", iso);
}

void clock_today_local(char out[11])
{
	char now[21];
	clock_now_iso(now);
	int date_only = 0;
	time_t t = iso_to_time(now, &date_only);
	struct tm tm;
	if (t == (time_t)-1 || !localtime_r(&t, &tm) || strftime(out, 11, "%Y-%m-%d", &tm) == 0)
		snprintf(out, 11, "%.10s", now);
}
