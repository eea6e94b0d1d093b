/* SPDX-License-Identifier: GPL-3.0-or-later */
/* replay.c — `make check` runs every fuzz target over its seeds without libFuzzer: this
 * main() feeds each file of the corpus directory CORPUS (tests/fuzz/corpus_NAME, when it
 * exists), every prefix-truncation of the small ones and a few fixed inputs to
 * LLVMFuzzerTestOneInput and prints one TAP line per input (a crash or abort fails the run).
 * `make fuzz` is the long search; this keeps what it found from coming back. */
#include <dirent.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#ifndef CORPUS
#define CORPUS ""
#endif

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerInitialize(int *argc, char ***argv) __attribute__((weak));

static int n;

static void one(const char *name, const unsigned char *data, size_t size)
{
	unsigned char *copy = malloc(size ? size : 1); /* exactly size bytes, as libFuzzer gives */
	if (!copy)
		abort();
	if (size)
		memcpy(copy, data, size);
	LLVMFuzzerTestOneInput(copy, size);
	free(copy);
	printf("ok %d - %s\n", ++n, name);
}

static int by_name(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

int main(int argc, char **argv)
{
	if (LLVMFuzzerInitialize)
		LLVMFuzzerInitialize(&argc, &argv);
	one("empty input", (const unsigned char *)"", 0);
	one("a zip signature alone", (const unsigned char *)"PK\x03\x04", 4);
	one("text", (const unsigned char *)"Điều 1. Phạm vi\n1. a) b)\n", 27);
	const char *dir = argc > 1 ? argv[1] : CORPUS;
	DIR *d = *dir ? opendir(dir) : NULL;
	if (!d)
		return 0;
	char **names = NULL;
	size_t count = 0;
	struct dirent *e;
	while ((e = readdir(d)) != NULL) {
		if (e->d_name[0] == '.')
			continue;
		names = realloc(names, (count + 1) * sizeof *names);
		if (!names || !(names[count++] = strdup(e->d_name)))
			abort();
	}
	closedir(d);
	qsort(names, count, sizeof *names, by_name);
	for (size_t i = 0; i < count; i++) {
		char path[4096], label[4200];
		snprintf(path, sizeof path, "%s/%s", dir, names[i]);
		FILE *f = fopen(path, "rb");
		if (!f) {
			printf("not ok %d - cannot open %s\n", ++n, path);
			continue;
		}
		unsigned char *buf = NULL;
		size_t len = 0, cap = 0, got;
		unsigned char chunk[65536];
		while ((got = fread(chunk, 1, sizeof chunk, f)) > 0) {
			if (len + got > cap) {
				cap = (len + got) * 2;
				if (!(buf = realloc(buf, cap)))
					abort();
			}
			memcpy(buf + len, chunk, got);
			len += got;
		}
		fclose(f);
		snprintf(label, sizeof label, "%s", path);
		one(label, buf ? buf : (const unsigned char *)"", len);
		/* truncated copies: a damaged file is the commonest bad input */
		for (size_t cut = len / 7; len <= 65536 && cut < len; cut += len / 7 + 1) {
			snprintf(label, sizeof label, "%s cut at %zu bytes", path, cut);
			one(label, buf, cut);
		}
		free(buf);
		free(names[i]);
	}
	free(names);
	return 0;
}
