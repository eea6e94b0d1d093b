#!/usr/bin/env python3
"""ptyrun.py OUT ERR CMD... — run CMD with its standard error on a pseudo-terminal (80x24) and
its standard output on a pipe, as a user at a terminal would; write what each received to the
files OUT and ERR and exit with CMD's status. (tests/cli/progress.sh)"""
import fcntl
import os
import pty
import struct
import sys
import termios


def main():
    out_path, err_path, argv = sys.argv[1], sys.argv[2], sys.argv[3:]
    master, slave = pty.openpty()
    fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", 24, 80, 0, 0))
    r, w = os.pipe()
    pid = os.fork()
    if pid == 0:
        os.dup2(slave, 2)
        os.dup2(w, 1)
        for fd in (master, slave, r, w):
            os.close(fd)
        os.execvp(argv[0], argv)
    os.close(slave)
    os.close(w)
    err = b""
    while True:
        try:
            chunk = os.read(master, 65536)
        except OSError:  # EIO: the child closed the terminal
            break
        if not chunk:
            break
        err += chunk
    out = b""
    while True:
        chunk = os.read(r, 65536)
        if not chunk:
            break
        out += chunk
    _, status = os.waitpid(pid, 0)
    with open(out_path, "wb") as f:
        f.write(out)
    with open(err_path, "wb") as f:
        f.write(err)
    sys.exit(os.waitstatus_to_exitcode(status))


main()
