#!/usr/bin/python3
"""Transport security and authorization of both servers, over real TLS with
certificates made by openssl for the test (certs.py):

- the catalog (TLS, client certificates requested, an authorization policy
  and a bearer token file): a stranger's write is PERMISSION_DENIED, a write
  without credentials or with an unknown token UNAUTHENTICATED, an expired
  or foreign-CA certificate and plaintext are refused at the handshake, a
  client that trusts another CA refuses the server; none of these writes
  lands (GetDocument answers NOT_FOUND until an authorized client stores the
  same text); reads are open to any authenticated caller;
- the extractor (TLS, client certificates required) storing into the catalog
  over mutual TLS with --catalog-tls-*;
- buf curl with --cacert/--cert/--key (grpcurl's -cacert/-cert/-key) against
  both servers;
- rotation: the catalog's certificate files are replaced and new
  connections get the new certificate, without a restart;
- the policy file is reloaded when it changes.
"""
import argparse
import hashlib
import json
import os
import shutil
import socket
import ssl
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
sys.path.insert(0, os.path.join(HERE, "..", "e2e"))
import certs  # noqa: E402
import harness  # noqa: E402
from harness import check, fail  # noqa: E402

WRITE_METHODS = ["/readout.v1.CatalogService/CreateDocument",
                 "/readout.v1.CatalogService/BatchCreateDocuments",
                 "/readout.v1.CatalogService/DeleteDocument"]


def catalog_policy(writers):
    return {
        "name": "readout-catalog",
        "allow_rules": [
            {"name": "health", "request": {"paths": ["/grpc.health.v1.Health/*"]}},
            {"name": "reflection", "source": {"principals": ["*"]},
             "request": {"paths": ["/grpc.reflection.*"]}},
            {"name": "writers", "source": {"principals": writers},
             "request": {"paths": WRITE_METHODS}},
            {"name": "readers", "source": {"principals": ["*"]},
             "request": {"paths": ["/readout.v1.CatalogService/Get*",
                                   "/readout.v1.CatalogService/List*",
                                   "/readout.v1.CatalogService/SearchDocuments",
                                   "/readout.v1.CatalogService/WatchDocuments"]}},
        ],
    }


def write_json(path, value):
    tmp = path + ".tmp"
    with open(tmp, "w") as f:
        json.dump(value, f, indent=1)
    os.replace(tmp, path)


def read(path):
    with open(path, "rb") as f:
        return f.read()


class Clients:
    def __init__(self, stubs, address, ca):
        self.s = stubs
        self.address = address
        self.ca = ca

    def channel(self, cert=None, ca=None, token=None, plaintext=False):
        grpc = self.s.grpc
        if plaintext:
            return grpc.insecure_channel(self.address)
        key = read(cert[1]) if cert else None
        chain = read(cert[0]) if cert else None
        creds = grpc.ssl_channel_credentials(read(ca or self.ca), key, chain)
        if token is not None:
            creds = grpc.composite_channel_credentials(
                creds, grpc.access_token_call_credentials(token))
        return grpc.secure_channel(self.address, creds)

    def create(self, channel, text):
        stub = self.s.catalog_grpc.CatalogServiceStub(channel)
        req = self.s.catalog_pb2.CreateDocumentRequest()
        req.document.extraction.document.title = text.split("\n")[0]
        req.document.extraction.document.text = text
        try:
            return stub.CreateDocument(req, timeout=10), None
        except self.s.grpc.RpcError as e:
            return None, e

    def get(self, channel, name):
        stub = self.s.catalog_grpc.CatalogServiceStub(channel)
        try:
            return stub.GetDocument(self.s.catalog_pb2.GetDocumentRequest(name=name),
                                    timeout=10), None
        except self.s.grpc.RpcError as e:
            return None, e


def code_name(error):
    return error.code().name if error is not None else "OK"


def peer_certificate(address, ca, client):
    host, port = address.rsplit(":", 1)
    ctx = ssl.create_default_context(cafile=ca)
    ctx.set_alpn_protocols(["h2"])
    ctx.load_cert_chain(client[0], client[1])
    with socket.create_connection((host, int(port)), timeout=10) as raw:
        with ctx.wrap_socket(raw, server_hostname=host) as tls:
            return tls.getpeercert(binary_form=True)


def buf_curl(buf, address, pki_ca, cert, method, body):
    import subprocess
    cmd = [buf, "curl", "--protocol", "grpc", "--cacert", pki_ca, "--cert", cert[0],
           "--key", cert[1], "-d", json.dumps(body), "https://%s/%s" % (address, method)]
    proc = subprocess.run(cmd, capture_output=True, text=True, timeout=60)
    return proc.returncode, proc.stdout + proc.stderr


def run_api_doc_blocks(args, pki, extractor_address, catalog_address):
    """Every ```grpcurl-tls block of docs/api.md, through buf curl with the
    equivalent flags, as the ingest client: each call must succeed."""
    import re
    import shlex
    import subprocess
    with open(os.path.join(args.repo, "docs", "api.md")) as f:
        blocks = re.findall(r"^```grpcurl-tls\n(.*?)^```", f.read(), re.S | re.M)
    check(len(blocks) >= 3, "docs/api.md shows %d grpcurl calls over TLS" % len(blocks))
    values = {"$CA_FILE": pki.ca.pem, "$CERT_FILE": pki.ingest[0],
              "$KEY_FILE": pki.ingest[1], "$EXTRACTOR": extractor_address,
              "$CATALOG": catalog_address}
    for block in blocks:
        argv = shlex.split(block.strip())
        if argv[0] != "grpcurl":
            fail("not a grpcurl command: %s" % block)
        argv = [values.get(a, a) for a in argv]
        cmd = [args.buf, "curl", "--protocol", "grpc"]
        rest, data, i = [], "{}", 1
        flags = {"-cacert": "--cacert", "-cert": "--cert", "-key": "--key"}
        while i < len(argv):
            if argv[i] in flags:
                cmd += [flags[argv[i]], argv[i + 1]]
                i += 1
            elif argv[i] == "-d":
                data = argv[i + 1]
                i += 1
            elif argv[i].startswith("-"):
                fail("grpcurl option %s is not translated to buf curl" % argv[i])
            else:
                rest.append(argv[i])
            i += 1
        address, method = rest
        cmd += ["-d", data, "https://%s/%s" % (address, method)]
        proc = subprocess.run(cmd, capture_output=True, text=True, timeout=60)
        check(proc.returncode == 0,
              "docs/api.md over TLS: %s (buf curl --cacert --cert --key)%s"
              % (method, "" if proc.returncode == 0 else ": " + proc.stdout + proc.stderr))


def run_cli(args, work, pki, token, extractor_address, catalog_address):
    """The readout CLI with --tls-ca-file/--tls-cert-file/--tls-key-file and
    --token-file: ingest through the extractor into the catalog, reads with
    a token, a stranger's create refused, plaintext to TLS refused."""
    import subprocess
    readout = os.path.join(args.build, "cli", "readout")
    tls = ["--tls-ca-file=" + pki.ca.pem]
    ingest_cert = tls + ["--tls-cert-file=" + pki.ingest[0], "--tls-key-file=" + pki.ingest[1]]
    article = os.path.join(work, "cli-article.txt")
    text = "Harbor talks\n\nOn June 9, Mr. Chen Bo said the harbor would be dredged.\n"
    with open(article, "w") as f:
        f.write(text)

    def run(argv):
        return subprocess.run([readout] + argv, capture_output=True, text=True, timeout=120)

    # The name is the hash of the normalized text, as `readout extract` shows.
    local = json.loads(run(["extract", "--output=json", article]).stdout)
    name = "documents/" + local["document"]["contentHash"]

    proc = run(["ingest", "--server=" + extractor_address, "--catalog=" + catalog_address,
                "--progress=none"] + ingest_cert + [article])
    check(proc.returncode == 0, "readout ingest over mutual TLS (rc %d) %s"
          % (proc.returncode, "" if proc.returncode == 0 else proc.stdout + proc.stderr))
    token_file = os.path.join(work, "ingest.token")
    with open(token_file, "w") as f:
        f.write(token + "\n")
    proc = run(["catalog", "get", "--server=" + catalog_address, "--output=json"] + tls
               + ["--token-file=" + token_file, name])
    check(proc.returncode == 0 and name in proc.stdout,
          "readout catalog get --token-file reads what ingest stored (rc %d) %s"
          % (proc.returncode, "" if proc.returncode == 0 else proc.stderr))
    extraction = os.path.join(work, "stranger.json")
    with open(extraction, "w") as f:
        f.write(run(["extract", "--output=json", article]).stdout)
    proc = run(["catalog", "create", "--server=" + catalog_address] + tls
               + ["--tls-cert-file=" + pki.stranger[0], "--tls-key-file=" + pki.stranger[1],
                  extraction])
    check(proc.returncode != 0 and "PERMISSION_DENIED" in proc.stderr,
          "readout catalog create as the stranger: PERMISSION_DENIED (%s)"
          % proc.stderr.strip()[:200])
    proc = run(["catalog", "get", "--server=" + catalog_address, name])
    check(proc.returncode != 0, "readout without --tls-ca-file cannot talk to a TLS catalog")
    proc = run(["catalog", "get", "--server=" + catalog_address,
                "--tls-cert-file=" + pki.ingest[0], name])
    check(proc.returncode != 0 and "tls" in proc.stderr.lower(),
          "a certificate without its key and CA is refused by the flags: %s"
          % proc.stderr.strip()[:120])


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--repo", required=True)
    parser.add_argument("--build", required=True)
    parser.add_argument("--buf", required=True)
    args = parser.parse_args()
    if shutil.which("openssl") is None:
        fail("openssl is not installed (tools/setup.sh installs it)")
    if not os.access(args.buf, os.X_OK):
        print("SKIP: buf not found at %s (run: npm ci --prefix tools)" % args.buf)
        sys.exit(harness.SKIP)
    work = harness.workdir()
    servers = []
    try:
        pki = certs.TestPki(os.path.join(work, "pki"))
        stubs = harness.python_client(args.repo, os.path.join(work, "py"))
        # The catalog's certificate lives where cert-manager would rotate it.
        live = os.path.join(work, "live")
        os.makedirs(live)
        shutil.copy(pki.catalog[0], os.path.join(live, "tls.crt"))
        shutil.copy(pki.catalog[1], os.path.join(live, "tls.key"))
        token = "ingest-token-7c1e0b"
        token_file = os.path.join(work, "tokens.txt")
        with open(token_file, "w") as f:
            f.write("# name sha256-of-token\ningest-batch %s\n"
                    % hashlib.sha256(token.encode()).hexdigest())
        policy_file = os.path.join(work, "catalog-authz.json")
        write_json(policy_file, catalog_policy(
            ["spiffe://readout/extractor", "spiffe://readout/ingest", "ingest-batch"]))
        catalog = harness.Server(
            os.path.join(args.build, "catalog-service", "readout-catalog"),
            ["--listen=127.0.0.1:0", "--data-dir=" + os.path.join(work, "catalog-data"),
             "--tls-cert-file=" + os.path.join(live, "tls.crt"),
             "--tls-key-file=" + os.path.join(live, "tls.key"),
             "--tls-ca-file=" + pki.ca.pem, "--tls-client-auth=request",
             "--tls-refresh-seconds=1", "--authz-policy-file=" + policy_file,
             "--auth-token-file=" + token_file],
            name="readout-catalog")
        servers.append(catalog)
        c = Clients(stubs, catalog.address, pki.ca.pem)

        text = "Security check\n\nOn May 4, Mr. Li Wei said the meeting was held.\n"
        name = "documents/" + hashlib.sha256(text.encode()).hexdigest()
        reader = c.channel(cert=pki.stranger)

        def not_landed(what):
            _, error = c.get(reader, name)
            check(error is not None and error.code().name == "NOT_FOUND",
                  "%s: nothing landed (GetDocument %s)" % (what, code_name(error)))

        _, e = c.create(c.channel(cert=pki.stranger), text)
        check(code_name(e) == "PERMISSION_DENIED",
              "a stranger's certificate (same CA, not in the policy) may not write: %s %s"
              % (code_name(e), e.details() if e else ""))
        not_landed("stranger")
        # The scrub reads everything: a policy without an admin rule for
        # CatalogAdminService refuses it even to an admitted reader.
        try:
            admin = stubs.catalog_admin_grpc.CatalogAdminServiceStub(reader)
            list(admin.VerifyCatalog(stubs.catalog_admin_pb2.VerifyCatalogRequest(), timeout=10))
            e = None
        except stubs.grpc.RpcError as error:
            e = error
        check(code_name(e) == "PERMISSION_DENIED",
              "a reader may not run the scrub (VerifyCatalog): %s" % code_name(e))
        _, e = c.create(c.channel(), text)
        check(code_name(e) == "UNAUTHENTICATED",
              "a TLS client without certificate or token may not write: %s" % code_name(e))
        not_landed("no credentials")
        _, e = c.create(c.channel(token="not-the-token"), text)
        check(code_name(e) == "UNAUTHENTICATED", "an unknown bearer token: %s" % code_name(e))
        not_landed("unknown token")
        _, e = c.create(c.channel(cert=pki.expired), text)
        check(code_name(e) == "UNAVAILABLE",
              "an expired client certificate fails the handshake: %s" % code_name(e))
        not_landed("expired certificate")
        _, e = c.create(c.channel(cert=pki.impostor), text)
        check(code_name(e) == "UNAVAILABLE",
              "a certificate from another CA fails the handshake: %s" % code_name(e))
        not_landed("foreign CA")
        _, e = c.create(c.channel(plaintext=True), text)
        check(code_name(e) == "UNAVAILABLE", "plaintext to the TLS port: %s" % code_name(e))
        not_landed("plaintext")
        _, e = c.create(c.channel(cert=pki.ingest, ca=pki.other_ca.pem), text)
        check(code_name(e) == "UNAVAILABLE",
              "a client trusting another CA refuses the catalog: %s" % code_name(e))
        not_landed("wrong CA")
        _, e = c.get(c.channel(), name)
        check(code_name(e) == "UNAUTHENTICATED", "reads need credentials: %s" % code_name(e))

        created, e = c.create(c.channel(token=token), text)
        check(e is None and created.created, "the ingest token may write: %s" % code_name(e))
        got, e = c.get(reader, name)
        check(e is None and got.document.name == name,
              "and any authenticated caller reads it back (%s)" % code_name(e))
        text2 = text + "A second paragraph from the ingest client.\n"
        created, e = c.create(c.channel(cert=pki.ingest), text2)
        check(e is None and created.created,
              "the ingest client's certificate may write: %s" % code_name(e))

        # Names that cannot lie, asked by an authorized writer.
        writer = c.channel(cert=pki.ingest)
        stub = stubs.catalog_grpc.CatalogServiceStub(writer)
        article = "Squatted article\n\nOn May 7, Mr. Li Wei said the port would open.\n"
        article_name = "documents/" + hashlib.sha256(article.encode()).hexdigest()

        def refused(req, reason, what):
            try:
                stub.CreateDocument(req, timeout=10)
                fail("%s was accepted" % what)
            except stubs.grpc.RpcError as err:
                got = harness.error_reason(stubs, err)
                check(err.code().name == "INVALID_ARGUMENT" and got == reason,
                      "%s: INVALID_ARGUMENT %s (%s)" % (what, reason, got))

        squat = stubs.catalog_pb2.CreateDocumentRequest()
        squat.document.extraction.document.title = "Forged"
        squat.document.extraction.document.content_hash = article_name.split("/")[1]
        refused(squat, "INVALID_DOCUMENT", "a content_hash without its text (name squatting)")
        squat.document.extraction.document.text = "Forged\n\nSomething else entirely.\n"
        refused(squat, "CONTENT_HASH_MISMATCH", "a content_hash that is not its text's")
        _, e = c.get(reader, article_name)
        check(code_name(e) == "NOT_FOUND", "the squatted name holds nothing (%s)" % code_name(e))
        genuine = stubs.catalog_pb2.CreateDocumentRequest(request_id="crawler-1")
        genuine.document.extraction.document.title = "Squatted article"
        genuine.document.extraction.document.text = article
        first = stub.CreateDocument(genuine, timeout=10)
        check(first.created and first.document.name == article_name,
              "the genuine article gets its name")
        again = stub.CreateDocument(genuine, timeout=10)
        check(again.document.name == article_name, "the same request again: the first result")
        other = stubs.catalog_pb2.CreateDocumentRequest(request_id="crawler-1")
        other_text = "Another article\n\nOn May 8, Ms. Wang Fang said the bridge would open.\n"
        other.document.extraction.document.title = "Another article"
        other.document.extraction.document.text = other_text
        refused(other, "REQUEST_ID_REUSED", "a request_id reused for another document")
        _, e = c.get(reader, "documents/" + hashlib.sha256(other_text.encode()).hexdigest())
        check(code_name(e) == "NOT_FOUND",
              "the reused request's document did not land (%s)" % code_name(e))

        # The extractor: TLS with required client certificates, storing into
        # the catalog over mutual TLS.
        extractor = harness.Server(
            os.path.join(args.build, "extractor-service", "readout-extractor"),
            ["--listen=127.0.0.1:0", "--tls-cert-file=" + pki.extractor[0],
             "--tls-key-file=" + pki.extractor[1], "--tls-ca-file=" + pki.ca.pem,
             "--tls-client-auth=require", "--catalog=dns:///" + catalog.address,
             "--catalog-tls-ca-file=" + pki.ca.pem,
             "--catalog-tls-cert-file=" + pki.extractor[0],
             "--catalog-tls-key-file=" + pki.extractor[1], "--store-by-default"],
            name="readout-extractor")
        servers.append(extractor)
        text3 = "Extractor over TLS\n\nOn May 5, Ms. Wang Fang said the plan was approved.\n"
        rc, out = buf_curl(args.buf, extractor.address, pki.ca.pem, pki.ingest,
                           "readout.v1.ExtractorService/Extract",
                           {"document": {"text": text3}})
        values = harness.parse_json_stream(out) or [{}]
        stored = values[0].get("documentName", "")
        check(rc == 0 and stored.startswith("documents/"),
              "buf curl --cacert --cert --key: Extract through the extractor stored %r (rc %d)"
              % (stored, rc))
        rc, out = buf_curl(args.buf, catalog.address, pki.ca.pem, pki.stranger,
                           "readout.v1.CatalogService/GetDocument", {"name": stored})
        check(rc == 0 and stored in out,
              "buf curl --cacert --cert --key: the catalog serves what the extractor stored"
              + ("" if rc == 0 and stored in out else ": rc %d %s" % (rc, out)))
        rc, out = buf_curl(args.buf, catalog.address, pki.ca.pem, pki.stranger,
                           "readout.v1.CatalogService/CreateDocument",
                           {"document": {"extraction": {"document": {"text": "x\n\ny"}}}})
        check(rc != 0 and "permission_denied" in out.lower(),
              "buf curl as the stranger: CreateDocument is permission_denied")
        rc, out = buf_curl(args.buf, extractor.address, pki.ca.pem, pki.stranger,
                           "grpc.health.v1.Health/Check", {})
        check(rc == 0 and "SERVING" in out, "buf curl health check over mutual TLS")
        ch = c.channel(cert=pki.ingest)
        ext_clients = Clients(stubs, extractor.address, pki.ca.pem)
        health = stubs.health_grpc.HealthStub(ext_clients.channel())
        try:
            health.Check(stubs.health_pb2.HealthCheckRequest(), timeout=10)
            fail("the extractor requires client certificates, yet a call without one passed")
        except stubs.grpc.RpcError as err:
            check(err.code().name == "UNAVAILABLE",
                  "the extractor refuses a client without certificate at the handshake")
        del ch

        run_api_doc_blocks(args, pki, extractor.address, catalog.address)
        run_cli(args, work, pki, token, extractor.address, catalog.address)

        # Rotation: new files, same paths; new connections see the new one.
        before = peer_certificate(catalog.address, pki.ca.pem, pki.ingest)
        check(before == ssl.PEM_cert_to_DER_cert(open(pki.catalog[0]).read()),
              "the catalog serves its first certificate")
        rotated = pki.reissue_catalog("catalog-rotated")
        shutil.copy(rotated[1], os.path.join(live, "tls.key.new"))
        shutil.copy(rotated[0], os.path.join(live, "tls.crt.new"))
        os.replace(os.path.join(live, "tls.key.new"), os.path.join(live, "tls.key"))
        os.replace(os.path.join(live, "tls.crt.new"), os.path.join(live, "tls.crt"))
        want = ssl.PEM_cert_to_DER_cert(open(rotated[0]).read())
        deadline = time.monotonic() + 15
        seen = before
        while time.monotonic() < deadline and seen != want:
            time.sleep(0.5)
            seen = peer_certificate(catalog.address, pki.ca.pem, pki.ingest)
        check(seen == want, "after rotation new connections get the new certificate "
              "(no restart; pid %d still running)" % catalog.proc.pid)
        check(catalog.proc.poll() is None, "the catalog kept running through the rotation")

        # Policy reload: the stranger becomes a writer without a restart.
        write_json(policy_file, catalog_policy(
            ["spiffe://readout/extractor", "spiffe://readout/ingest", "ingest-batch",
             "spiffe://elsewhere/stranger"]))
        text4 = "Policy reload\n\nThe stranger may now write.\n"
        deadline = time.monotonic() + 15
        e = True
        while time.monotonic() < deadline and e is not None:
            time.sleep(0.5)
            _, e = c.create(c.channel(cert=pki.stranger), text4)
        check(e is None, "the reloaded policy lets the stranger write (%s)" % code_name(e))
        check(catalog.wait_for("event=authz_policy_loaded", 1) is not None,
              "the catalog logged the policy load")

        for server in reversed(servers):
            check(server.stop() == 0, "%s exits 0 on SIGTERM" % server.name)
        print("security: all checks passed")
    finally:
        for server in servers:
            server.kill()
        harness.cleanup(work)


if __name__ == "__main__":
    main()
