#!/usr/bin/python3
# SPDX-License-Identifier: GPL-3.0-or-later
# cut_proxy.py — a relay between gopy and the test server that can lose a commit's answer:
# it listens on DIR/.s.PGSQL.PORT (a Unix socket, as the server does) and passes every byte
# both ways to the server's socket SERVER, reading the server's messages (a type byte and a
# length). While the file CUT exists, the first answer "COMMIT" (CommandComplete) the server
# sends for a transaction that inserted rows (a write, not a read's end) is not passed on: the
# relay removes CUT and closes both connections, so the commit is done on the server and gopy
# never hears of it, as when a network fails at that moment. When the file CUT.now appears, the
# relay removes it and drops every connection open at once (a network gone while a statement
# waits on the server, which goes on without its client). While the file CUT.refuse exists,
# new connections are closed at once (the server cannot be reached); a file CUT.refuse-next
# becomes CUT.refuse as the relay cuts at a commit's answer (out of reach from then on). While
# the file CUT.unsent exists, the first COMMIT gopy sends (a simple query) for a transaction that
# inserted rows is not passed on either: the relay removes CUT.unsent and closes both
# connections, so the server rolls the transaction back and gopy never hears of it (CUT.refuse-next
# becomes CUT.refuse then too).
# Usage: cut_proxy.py DIR PORT SERVER CUT  (prints "ready" once it listens)
import os
import socket
import struct
import sys
import threading
import time

here, port, server, cut = sys.argv[1], sys.argv[2], sys.argv[3], sys.argv[4]
path = os.path.join(here, ".s.PGSQL." + port)
lock = threading.Lock()
open_pairs = set()  # (client, upstream) of the connections relayed now


def close(*socks):
    for s in socks:
        try:
            s.shutdown(socket.SHUT_RDWR)
        except OSError:
            pass
        s.close()


def cut_here(flag, to, out, client, upstream):
    """While the file flag exists: remove it (CUT.refuse-next becomes CUT.refuse), pass on out
    (what came before) to the socket to, close both connections and return True."""
    with lock:
        if not os.path.exists(flag):
            return False
        if os.path.exists(cut + ".refuse-next"):
            os.rename(cut + ".refuse-next", cut + ".refuse")
        os.unlink(flag)
        to.sendall(out)
        close(client, upstream)
        return True


def to_server(client, upstream, state):
    buf = b""
    started = False  # the startup message passed (before it: untyped messages)
    unsent = cut + ".unsent"
    try:
        while True:
            data = client.recv(65536)
            if not data:
                break
            buf += data
            out = b""
            while True:
                if not started:
                    if len(buf) < 8:
                        break
                    (n,) = struct.unpack("!I", buf[:4])
                    if len(buf) < n:
                        break
                    msg, buf = buf[:n], buf[n:]
                    started = struct.unpack("!I", msg[4:8])[0] == 196608  # protocol 3.0
                    out += msg
                    continue
                if len(buf) < 5:
                    break
                (n,) = struct.unpack("!I", buf[1:5])
                if len(buf) < 1 + n:
                    break
                msg, buf = buf[: 1 + n], buf[1 + n :]
                if msg[0:1] == b"Q" and b"COMMIT" in msg[5:] and state["inserted"]:
                    if cut_here(unsent, upstream, out, client, upstream):
                        return
                out += msg
            upstream.sendall(out)
    except OSError:
        pass
    close(client, upstream)


def to_client(client, upstream, state):
    buf = b""
    inserted = False  # an INSERT answered since the last COMMIT
    try:
        while True:
            data = upstream.recv(65536)
            if not data:
                break
            buf += data
            out = b""
            while len(buf) >= 5:
                (n,) = struct.unpack("!I", buf[1:5])
                if len(buf) < 1 + n:
                    break
                msg, buf = buf[: 1 + n], buf[1 + n :]
                tag = msg[5:].rstrip(b"\0") if msg[0:1] == b"C" else b""
                if tag.startswith(b"INSERT"):
                    inserted = state["inserted"] = True
                if tag == b"COMMIT":
                    was, inserted = inserted, False
                    state["inserted"] = False
                    if was and cut_here(cut, client, out, client, upstream):
                        return
                out += msg
            client.sendall(out)
    except OSError:
        pass
    close(client, upstream)


def drop_on_demand():
    now = cut + ".now"
    while True:
        if os.path.exists(now):
            with lock:
                os.unlink(now)
                for pair in list(open_pairs):
                    close(*pair)
                open_pairs.clear()
        time.sleep(0.02)


def serve():
    listener = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    listener.bind(path)
    os.chmod(path, 0o777)
    listener.listen(64)
    print("ready", flush=True)
    while True:
        client, _ = listener.accept()
        if os.path.exists(cut + ".refuse"):
            close(client)
            continue
        upstream = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        try:
            upstream.connect(server)
        except OSError:
            close(client, upstream)
            continue
        with lock:
            open_pairs.add((client, upstream))
        state = {"inserted": False}  # an INSERT answered since the last COMMIT (to_client)
        threading.Thread(target=to_server, args=(client, upstream, state), daemon=True).start()
        threading.Thread(target=to_client, args=(client, upstream, state), daemon=True).start()


threading.Thread(target=drop_on_demand, daemon=True).start()
serve()
