"""Shared pieces of readout's end-to-end tests: the two servers started as
processes the way the manifests start them (flags and READOUT_* env), the
bound address read from their logs, `readout ingest`, `buf curl`, and a
Python gRPC client generated from protos/ with Debian's python3-grpc-tools.

Every wait is bounded; every server binds 127.0.0.1 port 0.
"""
import json
import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time

SKIP = 77
START_TIMEOUT = 20
EXIT_TIMEOUT = 20
CALL_TIMEOUT = 60


def fail(message):
    print("FAIL: " + message, flush=True)
    sys.exit(1)


def check(condition, message):
    if not condition:
        fail(message)
    print("ok: " + message, flush=True)


class Server:
    """A server process; its log (stderr) is collected by a thread."""

    def __init__(self, binary, args, env=None, name="server"):
        self.name = name
        self.lines = []
        self.done = False
        self.cond = threading.Condition()
        full_env = dict(os.environ)
        full_env.update(env or {})
        self.proc = subprocess.Popen([binary] + args, stdout=subprocess.DEVNULL,
                                     stderr=subprocess.PIPE, text=True, env=full_env)
        threading.Thread(target=self._pump, daemon=True).start()
        self.address = self._address()

    def _pump(self):
        for line in self.proc.stderr:
            with self.cond:
                self.lines.append(line.rstrip("\n"))
                self.cond.notify_all()
        with self.cond:
            self.done = True
            self.cond.notify_all()

    def wait_for(self, pattern, timeout):
        deadline = time.monotonic() + timeout
        regex = re.compile(pattern)
        with self.cond:
            while True:
                for line in self.lines:
                    m = regex.search(line)
                    if m:
                        return m
                left = deadline - time.monotonic()
                if left <= 0 or self.done:
                    return None
                self.cond.wait(min(left, 0.2))

    def _address(self):
        # logfmt, or JSON lines with --log-format=json.
        m = self.wait_for(r'event=server_started address=(\S+)|'
                          r'"event":"server_started","address":"([^"]+)"', START_TIMEOUT)
        if not m:
            self.kill()
            fail("%s did not log event=server_started within %ds; log:\n%s"
                 % (self.name, START_TIMEOUT, self.log()))
        return m.group(1) or m.group(2)

    def stop(self, sig=signal.SIGTERM):
        """Sends `sig` (SIGTERM or SIGINT) and returns the exit code."""
        if self.proc.poll() is not None:
            return self.proc.returncode
        self.proc.send_signal(sig)
        try:
            return self.proc.wait(timeout=EXIT_TIMEOUT)
        except subprocess.TimeoutExpired:
            self.kill()
            fail("%s did not exit within %ds of %s; log:\n%s"
                 % (self.name, EXIT_TIMEOUT, sig.name, self.log()))

    def kill(self):
        if self.proc.poll() is None:
            self.proc.kill()
            self.proc.wait(timeout=10)

    def log(self):
        with self.cond:
            return "\n".join(self.lines)


def start_catalog(build, data_dir, listen="127.0.0.1:0"):
    """The catalog as deploy/base/catalog.yaml runs it (env-configured)."""
    return Server(os.path.join(build, "catalog-service", "readout-catalog"), [],
                  env={"READOUT_LISTEN": listen, "READOUT_DATA_DIR": data_dir},
                  name="readout-catalog")


def start_extractor(build, catalog_address, extra_env=None, args=None):
    """The extractor as deploy/base/extractor.yaml runs it: catalog by
    READOUT_CATALOG (dns:/// target, round_robin), storing by default."""
    env = {"READOUT_LISTEN": "127.0.0.1:0",
           "READOUT_CATALOG": "dns:///" + catalog_address,
           "READOUT_STORE_BY_DEFAULT": "true",
           "READOUT_CATALOG_TIMEOUT_SECONDS": "10",
           "READOUT_MAX_CONNECTION_AGE_SECONDS": "300"}
    env.update(extra_env or {})
    return Server(os.path.join(build, "extractor-service", "readout-extractor"), args or [],
                  env=env, name="readout-extractor")


def ingest(build, extractor, paths, catalog=None, extra=None, timeout=CALL_TIMEOUT):
    cmd = [os.path.join(build, "cli", "readout"), "ingest", "--server=" + extractor]
    if catalog:
        cmd.append("--catalog=" + catalog)
    cmd += (extra or []) + list(paths)
    return subprocess.run(cmd, capture_output=True, text=True, timeout=timeout)


class BufCurl:
    """buf curl against one server through reflection, as grpcurl would."""

    def __init__(self, buf, address):
        if not os.access(buf, os.X_OK):
            print("SKIP: buf not found at %s (run: npm ci --prefix tools)" % buf)
            sys.exit(SKIP)
        self.buf = buf
        self.base = "http://" + address

    def call(self, method, request, timeout=CALL_TIMEOUT, max_time=None):
        """Returns (exit code, parsed JSON messages or None, raw output)."""
        cmd = [self.buf, "curl", "--protocol", "grpc", "--http2-prior-knowledge"]
        if max_time is not None:
            cmd += ["--timeout", "%ds" % max_time]
        data = request if isinstance(request, str) else json.dumps(request)
        cmd += ["-d", "@-", self.base + "/" + method]
        proc = subprocess.run(cmd, input=data, capture_output=True, text=True, timeout=timeout)
        return proc.returncode, parse_json_stream(proc.stdout), proc.stdout + proc.stderr


def parse_json_stream(text):
    """The JSON values printed one after another (buf curl's output)."""
    decoder = json.JSONDecoder()
    values, i = [], 0
    text = text.strip()
    while i < len(text):
        try:
            value, end = decoder.raw_decode(text, i)
        except ValueError:
            return values or None
        values.append(value)
        i = end
        while i < len(text) and text[i].isspace():
            i += 1
    return values


def python_client(repo, workdir):
    """Generates Python modules for readout.v1, grpc.health.v1 and
    grpc.reflection.v1/v1alpha and imports them. The protos are compiled from copies: google/ and grpc/ go under
    other folder names (their import paths rewritten), since `google` and
    `grpc` are installed Python packages; wire names come from the proto
    packages, so nothing changes on the wire."""
    from grpc_tools import protoc  # Debian python3-grpc-tools
    src = os.path.join(workdir, "protos")
    renames = {"google/rpc/": "readout_gen_google/rpc/",
               "google/type/": "readout_gen_google/type/",
               "grpc/health/": "readout_gen_grpc/health/",
               "grpc/reflection/": "readout_gen_grpc/reflection/"}
    files = []
    for root, _, names in os.walk(os.path.join(repo, "protos")):
        for name in names:
            if not name.endswith(".proto"):
                continue
            rel = os.path.relpath(os.path.join(root, name), os.path.join(repo, "protos"))
            target = rel
            for old, new in renames.items():
                if rel.startswith(old):
                    target = new + rel[len(old):]
            with open(os.path.join(root, name)) as f:
                text = f.read()
            for old, new in renames.items():
                text = text.replace('import "' + old, 'import "' + new)
            os.makedirs(os.path.dirname(os.path.join(src, target)), exist_ok=True)
            with open(os.path.join(src, target), "w") as f:
                f.write(text)
            files.append(target)
    rc = protoc.main(["protoc", "-I" + src, "-I/usr/include", "--python_out=" + workdir,
                      "--grpc_python_out=" + workdir] + sorted(files))
    if rc != 0:
        raise RuntimeError("protoc failed on protos/")
    sys.path.insert(0, workdir)
    import grpc
    from readout.v1 import catalog_service_pb2, catalog_service_pb2_grpc
    from readout.v1 import catalog_admin_service_pb2, catalog_admin_service_pb2_grpc
    from readout.v1 import extractor_service_pb2, extractor_service_pb2_grpc, records_pb2
    from readout_gen_grpc.health.v1 import health_pb2, health_pb2_grpc
    from readout_gen_google.rpc import error_details_pb2, status_pb2
    from readout_gen_grpc.reflection.v1 import reflection_pb2 as reflection_v1_pb2
    from readout_gen_grpc.reflection.v1 import reflection_pb2_grpc as reflection_v1_grpc
    from readout_gen_grpc.reflection.v1alpha import reflection_pb2 as reflection_v1alpha_pb2
    from readout_gen_grpc.reflection.v1alpha import reflection_pb2_grpc as reflection_v1alpha_grpc

    class Stubs:
        pass

    s = Stubs()
    s.grpc = grpc
    s.catalog_pb2, s.catalog_grpc = catalog_service_pb2, catalog_service_pb2_grpc
    s.catalog_admin_pb2 = catalog_admin_service_pb2
    s.catalog_admin_grpc = catalog_admin_service_pb2_grpc
    s.extractor_pb2, s.extractor_grpc = extractor_service_pb2, extractor_service_pb2_grpc
    s.records_pb2 = records_pb2
    s.health_pb2, s.health_grpc = health_pb2, health_pb2_grpc
    s.error_details_pb2, s.status_pb2 = error_details_pb2, status_pb2
    s.reflection = {"v1": (reflection_v1_pb2, reflection_v1_grpc),
                    "v1alpha": (reflection_v1alpha_pb2, reflection_v1alpha_grpc)}
    return s


def error_reason(stubs, rpc_error):
    """The ErrorInfo reason in a Python RpcError's grpc-status-details-bin."""
    for key, value in (rpc_error.trailing_metadata() or ()):
        if key == "grpc-status-details-bin":
            status = stubs.status_pb2.Status.FromString(value)
            for detail in status.details:
                info = stubs.error_details_pb2.ErrorInfo()
                if detail.Unpack(info):
                    return info.reason
    return ""


def workdir():
    return tempfile.mkdtemp(prefix="readout-e2e-")


def cleanup(path):
    shutil.rmtree(path, ignore_errors=True)
