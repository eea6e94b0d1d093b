/* SPDX-License-Identifier: GPL-3.0-or-later */
/* rusage.c — run a command and report its peak memory and CPU time (benchmark helper).
 *
 * Usage: rusage OUTFILE COMMAND [ARG]...
 * Writes "maxrss_kib user_seconds system_seconds" to OUTFILE and exits with the command's
 * status (128 + signal if it was killed). A child's ru_maxrss never drops below the RSS its
 * parent had when it forked, so measuring from the Python driver (≈ 20 MiB) would hide
 * everything smaller; this helper is small, so the figure is the command's own. */
#define _DEFAULT_SOURCE
#include <stdio.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

int main(int argc, char **argv)
{
	if (argc < 3) {
		fputs("usage: rusage OUTFILE COMMAND [ARG]...\n", stderr);
		return 2;
	}
	pid_t pid = fork();
	if (pid < 0) {
		perror("rusage: fork");
		return 2;
	}
	if (pid == 0) {
		execvp(argv[2], argv + 2);
		perror("rusage: exec");
		_exit(127);
	}
	int status;
	struct rusage ru;
	if (wait4(pid, &status, 0, &ru) < 0) {
		perror("rusage: wait4");
		return 2;
	}
	FILE *f = fopen(argv[1], "w");
	if (!f) {
		perror("rusage: output file");
		return 2;
	}
	fprintf(f, "%ld %ld.%06ld %ld.%06ld\n", ru.ru_maxrss, (long)ru.ru_utime.tv_sec, (long)ru.ru_utime.tv_usec,
	        (long)ru.ru_stime.tv_sec, (long)ru.ru_stime.tv_usec);
	if (fclose(f) != 0) {
		perror("rusage: output file");
		return 2;
	}
	if (WIFSIGNALED(status))
		return 128 + WTERMSIG(status);
	return WEXITSTATUS(status);
}
