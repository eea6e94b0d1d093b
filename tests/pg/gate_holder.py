#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""gate_holder.py URL [--value] — the writer gate of the review at URL (src/cli/writer_gate.c:
a System V semaphore named by /tmp/gopy-writers-<FNV-1a of the address>): take all its units
(SEM_UNDO), say "held" and keep them until killed; or, with --value, print its free units."""
import ctypes
import sys
import time

SEM_UNDO, GETVAL, UNITS = 0x1000, 12, 4


class SemBuf(ctypes.Structure):
    _fields_ = [("sem_num", ctypes.c_ushort), ("sem_op", ctypes.c_short), ("sem_flg", ctypes.c_short)]


def main():
    url = sys.argv[1]
    h = 1469598103934665603
    for b in url.encode():
        h = ((h ^ b) * 1099511628211) & 0xFFFFFFFFFFFFFFFF
    path = "/tmp/gopy-writers-%016x" % h
    libc = ctypes.CDLL(None, use_errno=True)
    key = libc.ftok(path.encode(), ord("G"))
    sem = libc.semget(key, 1, 0) if key != -1 else -1
    if sem < 0:
        print("no semaphore for %s (%s)" % (url, path), file=sys.stderr)
        return 1
    if sys.argv[2:] == ["--value"]:
        print(libc.semctl(sem, 0, GETVAL))
        return 0
    take = SemBuf(0, -UNITS, SEM_UNDO)
    if libc.semop(sem, ctypes.byref(take), 1) != 0:
        print("semop failed: errno %d" % ctypes.get_errno(), file=sys.stderr)
        return 1
    print("held", flush=True)
    while True:
        time.sleep(60)


if __name__ == "__main__":
    sys.exit(main())
