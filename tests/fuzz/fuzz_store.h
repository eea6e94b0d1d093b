/* fuzz_store.h — for the fuzz targets that need a review: a new, empty one in a temporary
 * file whose name is removed at once (the open connection keeps it until the process ends). */
#ifndef FUZZ_STORE_H
#define FUZZ_STORE_H

#include <stdlib.h>
#include <unistd.h>

#include "gopy/store.h"

static struct store *fuzz_scratch_store(void)
{
	char path[] = "/tmp/gopy-fuzz-XXXXXX";
	int fd = mkstemp(path);
	if (fd < 0)
		abort();
	close(fd);
	unlink(path); /* store_open creates it itself */
	struct store *st;
	if (store_open(path, STORE_CREATE, &st) != 0)
		abort();
	unlink(path);
	return st;
}

#endif
