/* replay.c — a plain driver for the libFuzzer targets, for machines or builds without
 * clang's fuzzer runtime (make check builds it with gcc): runs LLVMFuzzerTestOneInput once
 * on every file named or found in the named directories, and prints "N inputs". A crash or
 * an abort() in the target fails the run. */
#include <dirent.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerInitialize(int *argc, char ***argv) __attribute__((weak));

static long inputs;

static void one(const char *path)
{
	FILE *f = fopen(path, "rb");
	if (!f) {
		perror(path);
		exit(2);
	}
	size_t cap = 4096, len = 0;
	unsigned char *buf = malloc(cap);
	size_t n;
	while (buf && (n = fread(buf + len, 1, cap - len, f)) > 0) {
		len += n;
		if (len == cap)
			buf = realloc(buf, cap *= 2);
	}
	fclose(f);
	if (!buf)
		exit(2);
	LLVMFuzzerTestOneInput(buf, len);
	free(buf);
	inputs++;
}

static void walk(const char *path)
{
	struct stat sb;
	if (stat(path, &sb) != 0) {
		perror(path);
		exit(2);
	}
	if (!S_ISDIR(sb.st_mode)) {
		one(path);
		return;
	}
	struct dirent **names;
	int k = scandir(path, &names, NULL, alphasort);
	if (k < 0) {
		perror(path);
		exit(2);
	}
	for (int i = 0; i < k; i++) {
		if (names[i]->d_name[0] != '.') {
			char *p = malloc(strlen(path) + strlen(names[i]->d_name) + 2);
			sprintf(p, "%s/%s", path, names[i]->d_name);
			walk(p);
			free(p);
		}
		free(names[i]);
	}
	free(names);
}

int main(int argc, char **argv)
{
	if (LLVMFuzzerInitialize)
		LLVMFuzzerInitialize(&argc, &argv);
	for (int i = 1; i < argc; i++)
		walk(argv[i]);
	printf("%ld inputs\n", inputs);
	return 0;
}
