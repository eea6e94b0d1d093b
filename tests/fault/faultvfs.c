/* faultvfs.c — a fault-injecting SQLite VFS for tests, loaded into gopy with LD_PRELOAD.
 *
 * A shim over the default VFS ("unix"), registered as the new default when the library is
 * loaded and GOPY_FAULT is set. GOPY_FAULT=KIND:N makes the Nth operation of that kind, and
 * every later one, fail (a disk that went bad, not a hiccup):
 *   write:N     xWrite returns SQLITE_IOERR_WRITE
 *   sync:N      xSync returns SQLITE_IOERR_FSYNC
 *   truncate:N  xTruncate returns SQLITE_IOERR_TRUNCATE
 *   read:N      xRead returns SQLITE_IOERR_READ
 *   full:N      xWrite returns SQLITE_FULL (a full disk)
 * Operations on every file count (database, -wal, -shm through xWrite is never used: the
 * shared memory is mapped). When the fault first fires, a line "fired KIND N" is appended to
 * the file GOPY_FAULT_LOG (if set), so that a sweep over N knows when no fault was hit. At
 * exit, "ops KIND COUNT" is appended too (how many operations of that kind ran).
 *
 * Build: cc -shared -fPIC -o libfaultvfs.so tests/fault/faultvfs.c -lsqlite3 */
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum kind { K_NONE, K_WRITE, K_SYNC, K_TRUNCATE, K_READ, K_FULL };

static sqlite3_vfs *real_vfs;
static sqlite3_vfs shim_vfs;
static enum kind fault_kind;
static long fault_at;         /* 1-based index of the first failing operation */
static long count;            /* operations of fault_kind so far */
static int fired;
static const char *kind_name = "";

struct shim_file {
	sqlite3_file base;
	sqlite3_file *real;       /* follows this struct in the same allocation */
};

static void note(const char *what)
{
	const char *log = getenv("GOPY_FAULT_LOG");
	if (!log)
		return;
	FILE *f = fopen(log, "a");
	if (!f)
		return;
	fprintf(f, "%s %s %ld\n", what, kind_name, what[0] == 'f' ? fault_at : count);
	fclose(f);
}

/* Count one operation of kind k; true when it must fail. */
static int hit(enum kind k)
{
	if (k != fault_kind && !(k == K_WRITE && fault_kind == K_FULL))
		return 0;
	if (++count < fault_at)
		return 0;
	if (!fired) {
		fired = 1;
		note("fired");
	}
	return 1;
}

#define REAL(f) (((struct shim_file *)(f))->real)

static int shim_close(sqlite3_file *f)
{
	int rc = REAL(f)->pMethods ? REAL(f)->pMethods->xClose(REAL(f)) : SQLITE_OK;
	return rc;
}

static int shim_read(sqlite3_file *f, void *buf, int n, sqlite3_int64 off)
{
	if (hit(K_READ))
		return SQLITE_IOERR_READ;
	return REAL(f)->pMethods->xRead(REAL(f), buf, n, off);
}

static int shim_write(sqlite3_file *f, const void *buf, int n, sqlite3_int64 off)
{
	if (hit(K_WRITE))
		return fault_kind == K_FULL ? SQLITE_FULL : SQLITE_IOERR_WRITE;
	return REAL(f)->pMethods->xWrite(REAL(f), buf, n, off);
}

static int shim_truncate(sqlite3_file *f, sqlite3_int64 size)
{
	if (hit(K_TRUNCATE))
		return SQLITE_IOERR_TRUNCATE;
	return REAL(f)->pMethods->xTruncate(REAL(f), size);
}

static int shim_sync(sqlite3_file *f, int flags)
{
	if (hit(K_SYNC))
		return SQLITE_IOERR_FSYNC;
	return REAL(f)->pMethods->xSync(REAL(f), flags);
}

static int shim_size(sqlite3_file *f, sqlite3_int64 *size) { return REAL(f)->pMethods->xFileSize(REAL(f), size); }
static int shim_lock(sqlite3_file *f, int l) { return REAL(f)->pMethods->xLock(REAL(f), l); }
static int shim_unlock(sqlite3_file *f, int l) { return REAL(f)->pMethods->xUnlock(REAL(f), l); }
static int shim_check(sqlite3_file *f, int *out) { return REAL(f)->pMethods->xCheckReservedLock(REAL(f), out); }
static int shim_fcntl(sqlite3_file *f, int op, void *arg) { return REAL(f)->pMethods->xFileControl(REAL(f), op, arg); }
static int shim_sector(sqlite3_file *f) { return REAL(f)->pMethods->xSectorSize(REAL(f)); }
static int shim_dev(sqlite3_file *f) { return REAL(f)->pMethods->xDeviceCharacteristics(REAL(f)); }
static int shim_shm_map(sqlite3_file *f, int pg, int sz, int ext, void volatile **pp)
{
	return REAL(f)->pMethods->xShmMap(REAL(f), pg, sz, ext, pp);
}
static int shim_shm_lock(sqlite3_file *f, int off, int n, int flags)
{
	return REAL(f)->pMethods->xShmLock(REAL(f), off, n, flags);
}
static void shim_shm_barrier(sqlite3_file *f) { REAL(f)->pMethods->xShmBarrier(REAL(f)); }
static int shim_shm_unmap(sqlite3_file *f, int del) { return REAL(f)->pMethods->xShmUnmap(REAL(f), del); }
/* Memory-mapped reads would bypass xRead: refuse them, SQLite falls back to xRead. */
static int shim_fetch(sqlite3_file *f, sqlite3_int64 off, int n, void **pp)
{
	(void)f, (void)off, (void)n;
	*pp = NULL;
	return SQLITE_OK;
}
static int shim_unfetch(sqlite3_file *f, sqlite3_int64 off, void *p)
{
	(void)f, (void)off, (void)p;
	return SQLITE_OK;
}

static const sqlite3_io_methods shim_methods = {
	3,           shim_close, shim_read,  shim_write,  shim_truncate, shim_sync,        shim_size,
	shim_lock,   shim_unlock, shim_check, shim_fcntl, shim_sector,   shim_dev,         shim_shm_map,
	shim_shm_lock, shim_shm_barrier, shim_shm_unmap, shim_fetch, shim_unfetch,
};

static int shim_open(sqlite3_vfs *vfs, const char *name, sqlite3_file *f, int flags, int *out_flags)
{
	(void)vfs;
	struct shim_file *sf = (struct shim_file *)f;
	sf->real = (sqlite3_file *)(sf + 1);
	memset(sf->real, 0, (size_t)real_vfs->szOsFile);
	int rc = real_vfs->xOpen(real_vfs, name, sf->real, flags, out_flags);
	f->pMethods = rc == SQLITE_OK && sf->real->pMethods ? &shim_methods : NULL;
	return rc;
}

static void at_exit(void)
{
	note("ops");
}

__attribute__((constructor)) static void faultvfs_init(void)
{
	const char *spec = getenv("GOPY_FAULT");
	if (!spec || !*spec)
		return;
	static const struct {
		const char *name;
		enum kind k;
	} kinds[] = {{"write", K_WRITE}, {"sync", K_SYNC}, {"truncate", K_TRUNCATE}, {"read", K_READ}, {"full", K_FULL}};
	const char *colon = strchr(spec, ':');
	if (!colon)
		return;
	for (size_t i = 0; i < sizeof kinds / sizeof kinds[0]; i++)
		if (strlen(kinds[i].name) == (size_t)(colon - spec) && strncmp(spec, kinds[i].name, (size_t)(colon - spec)) == 0) {
			fault_kind = kinds[i].k;
			kind_name = kinds[i].name;
		}
	fault_at = strtol(colon + 1, NULL, 10);
	if (fault_kind == K_NONE || fault_at < 1 || sqlite3_initialize() != SQLITE_OK)
		return;
	real_vfs = sqlite3_vfs_find(NULL);
	if (!real_vfs)
		return;
	shim_vfs = *real_vfs;
	shim_vfs.pNext = NULL;
	shim_vfs.zName = "faultvfs";
	shim_vfs.szOsFile = (int)sizeof(struct shim_file) + real_vfs->szOsFile;
	shim_vfs.xOpen = shim_open;
	sqlite3_vfs_register(&shim_vfs, 1);
	atexit(at_exit);
}
