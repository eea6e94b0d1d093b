#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""gate_holder.py URL [--value|--exists] — the writer gate of the review at URL
(src/cli/writer_gate.c: a System V semaphore named by /tmp/gopy-writers-<FNV-1a of the address>,
4 units). Without an option: take all its units (SEM_UNDO; made as gopy makes it when it is not
there), say "held" and keep them until killed; --value: print its free units; --exists: print
"yes" when the semaphore or its name is there, "no" when neither is."""
import ctypes
import os
import sys
import time

SEM_UNDO, GETVAL, SETVAL, IPC_CREAT, IPC_EXCL, UNITS = 0x1000, 12, 16, 0o1000, 0o2000, 4


class SemBuf(ctypes.Structure):
    _fields_ = [("sem_num", ctypes.c_ushort), ("sem_op", ctypes.c_short), ("sem_flg", ctypes.c_short)]


def main():
    url = sys.argv[1]
    h = 1469598103934665603
    for b in url.encode():
        h = ((h ^ b) * 1099511628211) & 0xFFFFFFFFFFFFFFFF
    path = "/tmp/gopy-writers-%016x" % h
    libc = ctypes.CDLL(None, use_errno=True)
    opt = sys.argv[2:]
    if opt == ["--exists"]:
        key = libc.ftok(path.encode(), ord("G")) if os.path.exists(path) else -1
        print("yes" if key != -1 else "no")
        return 0
    if not opt:
        os.close(os.open(path, os.O_RDONLY | os.O_CREAT | os.O_NOFOLLOW, 0o666))
    key = libc.ftok(path.encode(), ord("G"))
    sem = -1
    if key != -1 and not opt:
        sem = libc.semget(key, 1, IPC_CREAT | IPC_EXCL | 0o666)
        if sem >= 0 and libc.semctl(sem, 0, SETVAL, UNITS) != 0:
            sem = -1
    if sem < 0 and key != -1:
        sem = libc.semget(key, 1, 0)
    if sem < 0:
        print("no semaphore for %s (%s)" % (url, path), file=sys.stderr)
        return 1
    if opt == ["--value"]:
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
