#!/usr/bin/python3
"""Builds the container images with tools/build-images.sh (buildah) and runs
each one from its own filesystem.

For readout-catalog and readout-extractor: the image's config runs as a
non-root user with an entrypoint; `ldd` inside the image resolves every
library of the server and of the CLI; the image holds no compiler and no
-dev package. Then, with the image mounted (`buildah mount`), its
entrypoint is started in a chroot of that filesystem as the image's user,
with the image's environment (the listen address moved to 127.0.0.1:0):
Health/Check answers SERVING on both, and one round trip goes through
them, with the CLI of the extractor image: `readout extract --server` of a
report through the extractor, which stores it in the catalog, and `readout
catalog list` with the catalog image's CLI finds it. SIGTERM ends both with
exit code 0.

Usage: images_test.py REPO_DIR [--no-build]. Needs root, buildah and
debootstrap.
"""
import json
import os
import re
import signal
import subprocess
import sys
import tempfile
import time

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "e2e"))
import harness  # noqa: E402

ENV = dict(os.environ, STORAGE_DRIVER=os.environ.get("STORAGE_DRIVER", "vfs"))
ADDRESS = re.compile(r"event=server_started address=(127\.0\.0\.1:\d+)")
REPORT = ("Harbor Council Meets on Ferry Schedules\n\n"
          "PORTVALE, May 3 -- The Harbor Council held its quarterly meeting on Tuesday. "
          "Imre Kovacs, chair of the Harbor Council, presided over the meeting.\n")
failures = []


def check(ok, what):
    print(("ok: " if ok else "FAIL: ") + what, flush=True)
    if not ok:
        failures.append(what)


def buildah(*args, **kwargs):
    return subprocess.run(["buildah", *args], env=ENV, capture_output=True, text=True,
                          check=True, timeout=300, **kwargs).stdout.strip()


class Image:
    """One image: a working container of it, mounted."""

    def __init__(self, name):
        self.name = "localhost/%s:latest" % name
        info = json.loads(buildah("inspect", "--type", "image", self.name))
        self.config = info["OCIv1"]["config"]
        self.container = buildah("from", "--pull-never", self.name)
        self.root = buildah("mount", self.container)

    def chroot(self, argv, user=None, **kwargs):
        """Runs argv inside the image's filesystem as `user` (default: the
        image's user) with the image's environment."""
        env = dict(e.split("=", 1) for e in self.config.get("Env", []))
        return ["/usr/bin/env", "-i"] + ["%s=%s" % kv for kv in env.items()] + [
            "chroot", "--userspec=" + (user or self.config["User"]), self.root] + argv

    def run(self, argv, user=None, **kwargs):
        return subprocess.run(self.chroot(argv, user), capture_output=True, text=True,
                              timeout=60, **kwargs)

    def close(self):
        subprocess.run(["buildah", "umount", self.container], env=ENV, capture_output=True)
        subprocess.run(["buildah", "rm", self.container], env=ENV, capture_output=True)


def check_contents(image, server):
    check(image.config.get("User") not in (None, "", "0", "root", "0:0"),
          "%s runs as a non-root user (%s)" % (image.name, image.config.get("User")))
    check(image.config.get("Entrypoint") == ["/usr/local/bin/" + server],
          "%s's entrypoint is its server" % image.name)
    for binary in ("/usr/local/bin/" + server, "/usr/local/bin/readout"):
        ldd = image.run(["ldd", binary], user="0:0")
        check(ldd.returncode == 0 and "not found" not in ldd.stdout,
              "ldd in %s resolves every library of %s" % (image.name, binary))
    tools = image.run(["sh", "-c", "ls /usr/bin/g++ /usr/bin/cc /usr/bin/cmake 2>/dev/null"],
                      user="0:0")
    check(tools.stdout.strip() == "", "%s holds no compiler or cmake" % image.name)
    dev = image.run(["dpkg-query", "-W", "-f", "${Package}\n"], user="0:0").stdout.split()
    check(dev and not [p for p in dev if p.endswith("-dev")],
          "%s holds no -dev package (%d packages)" % (image.name, len(dev)))


def start(image, args, log_path):
    entrypoint = image.config["Entrypoint"]
    log = open(log_path, "w")
    proc = subprocess.Popen(image.chroot(entrypoint + args), stdout=log, stderr=subprocess.STDOUT)
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline and proc.poll() is None:
        match = ADDRESS.search(open(log_path).read())
        if match:
            return proc, match.group(1)
        time.sleep(0.1)
    proc.kill()
    raise RuntimeError("%s did not start:\n%s" % (image.name, open(log_path).read()))


def stop(proc, what):
    proc.send_signal(signal.SIGTERM)
    try:
        code = proc.wait(timeout=20)
    except subprocess.TimeoutExpired:
        proc.kill()
        code = "still running"
    check(code == 0, "%s exits 0 on SIGTERM (%s)" % (what, code))


def main():
    repo = os.path.abspath(sys.argv[1])
    if "--no-build" not in sys.argv:
        t0 = time.monotonic()
        subprocess.run([os.path.join(repo, "tools", "build-images.sh")], check=True, env=ENV)
        print("images built in %.0f s" % (time.monotonic() - t0), flush=True)
    with tempfile.TemporaryDirectory() as tmp:
        stubs = harness.python_client(repo, tmp)
        catalog = Image("readout-catalog")
        extractor = Image("readout-extractor")
        procs = []
        try:
            check_contents(catalog, "readout-catalog")
            check_contents(extractor, "readout-extractor")
            cat_proc, cat_address = start(catalog, ["--listen=127.0.0.1:0"],
                                          os.path.join(tmp, "catalog.log"))
            procs.append(cat_proc)
            ext_proc, ext_address = start(
                extractor, ["--listen=127.0.0.1:0", "--catalog=" + cat_address,
                            "--store-by-default"], os.path.join(tmp, "extractor.log"))
            procs.append(ext_proc)
            for address, name in ((cat_address, "readout.v1.CatalogService"),
                                  (ext_address, "readout.v1.ExtractorService")):
                with stubs.grpc.insecure_channel(address) as channel:
                    health = stubs.health_grpc.HealthStub(channel)
                    for service in ("", name):
                        reply = health.Check(stubs.health_pb2.HealthCheckRequest(service=service),
                                             timeout=10)
                        check(reply.status == stubs.health_pb2.HealthCheckResponse.SERVING,
                              "Health/Check %r of the image's server is SERVING" % service)
            extracted = extractor.run(["/usr/local/bin/readout", "extract",
                                       "--server=" + ext_address, "--published-date=2024-05-04",
                                       "-"], input=REPORT)
            check(extracted.returncode == 0 and json.loads(extracted.stdout)["document"]["title"]
                  == "Harbor Council Meets on Ferry Schedules",
                  "the extractor image's CLI extracts through the extractor image: %s"
                  % (extracted.stdout[:200] + extracted.stderr))
            listed = catalog.run(["/usr/local/bin/readout", "catalog", "list", "--output=jsonl",
                                  "--server=" + cat_address])
            docs = [json.loads(line) for line in listed.stdout.splitlines()]
            check(listed.returncode == 0 and len(docs) == 1 and docs[0]["extraction"]["document"]
                  ["title"].startswith("Harbor Council"),
                  "the catalog image stored it: %s" % (listed.stdout[:200] + listed.stderr))
            version = catalog.run(["/usr/local/bin/readout", "--version"])
            check(re.match(r"readout \S+ \(commit [0-9a-f]{7,}", version.stdout) is not None,
                  "the image's CLI names its commit: " + version.stdout.strip())
            stop(ext_proc, "readout-extractor (image)")
            stop(cat_proc, "readout-catalog (image)")
        finally:
            for proc in procs:
                if proc.poll() is None:
                    proc.kill()
            catalog.close()
            extractor.close()
    print("images: %d failures" % len(failures))
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
