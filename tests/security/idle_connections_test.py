#!/usr/bin/python3
"""2,000 idle connections are shed: half never send a byte (closed by the
handshake timeout), half open HTTP/2 (preface and SETTINGS) and then make no
call (closed by the idle timeout, after a GOAWAY). The server closes every
one of them, its open descriptors return to what they were, and it still
answers a call afterwards."""
import argparse
import os
import resource
import selectors
import socket
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "e2e"))
import harness  # noqa: E402
from harness import check, fail  # noqa: E402

CONNECTIONS = 2000
TIMEOUT_SECONDS = 2
# The client connection preface and an empty SETTINGS frame (RFC 9113, 3.4).
PREFACE = b"PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n" + b"\x00\x00\x00\x04\x00\x00\x00\x00\x00"


def open_fds(pid):
    return len(os.listdir("/proc/%d/fd" % pid))


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--repo", required=True)
    parser.add_argument("--server", required=True)
    args = parser.parse_args()
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    need = 2 * CONNECTIONS + 200
    if hard != resource.RLIM_INFINITY and hard < need:
        fail("this test needs %d open files; the hard limit is %d" % (need, hard))
    resource.setrlimit(resource.RLIMIT_NOFILE, (max(soft, need), hard))
    work = harness.workdir()
    server = harness.Server(
        args.server,
        ["--listen=127.0.0.1:0", "--max-connection-idle-seconds=%d" % TIMEOUT_SECONDS,
         "--handshake-timeout-seconds=%d" % TIMEOUT_SECONDS],
        name="readout-extractor")
    sockets = []
    try:
        stubs = harness.python_client(args.repo, os.path.join(work, "py"))
        host, port = server.address.rsplit(":", 1)
        before = open_fds(server.proc.pid)
        for i in range(CONNECTIONS):
            s = socket.create_connection((host, int(port)), timeout=10)
            if i % 2:
                s.sendall(PREFACE)
            s.setblocking(False)
            sockets.append(s)
        time.sleep(0.5)
        held = open_fds(server.proc.pid) - before
        check(held >= CONNECTIONS * 0.9,
              "the server accepted the idle connections (%d more descriptors)" % held)
        selector = selectors.DefaultSelector()
        for s in sockets:
            selector.register(s, selectors.EVENT_READ)
        closed = 0
        deadline = time.monotonic() + 10 * TIMEOUT_SECONDS + 20
        while closed < CONNECTIONS and time.monotonic() < deadline:
            for key, _ in selector.select(timeout=1):
                s = key.fileobj
                try:
                    data = s.recv(65536)
                except (ConnectionResetError, BlockingIOError) as e:
                    data = b"" if isinstance(e, ConnectionResetError) else None
                if data == b"":
                    selector.unregister(s)
                    closed += 1
        check(closed == CONNECTIONS,
              "the server closed %d of %d idle connections" % (closed, CONNECTIONS))
        for s in sockets:
            s.close()
        sockets = []
        # The server closes its side of a shed connection a moment after the
        # peer sees EOF (longer on a loaded machine or an instrumented
        # build): wait, bounded, for the descriptors to come back.
        after = open_fds(server.proc.pid)
        settle = time.monotonic() + 20
        while after > before + 5 and time.monotonic() < settle:
            time.sleep(0.2)
            after = open_fds(server.proc.pid)
        check(after <= before + 5,
              "its descriptors are back (%d before, %d after)" % (before, after))
        channel = stubs.grpc.insecure_channel(server.address)
        health = stubs.health_grpc.HealthStub(channel)
        reply = health.Check(stubs.health_pb2.HealthCheckRequest(), timeout=10)
        check(reply.status == stubs.health_pb2.HealthCheckResponse.SERVING,
              "and it still serves")
        check(server.stop() == 0, "the server exits 0")
        print("idle connections: all checks passed")
    finally:
        for s in sockets:
            s.close()
        server.kill()
        harness.cleanup(work)


if __name__ == "__main__":
    main()
