#!/usr/bin/python3
"""End-to-end tests of readout: readout-catalog and readout-extractor started
as processes the way the manifests start them, documents ingested through
the extractor with `readout ingest`, then read back from the catalog.

  --mode fixtures  the texts in tests/e2e/fixtures (written for these tests):
                   ingest with SOURCES.tsv dates while a watch stream is open;
                   filters, search, a person's timeline, the watch feed; every
                   RPC of both services through a Python client generated
                   from protos/ and through buf curl (reflection); the server
                   max connection age; a second ingest skips everything.
  --mode corpus    the shared dev corpus (READOUT_SHARED_DIR): ingest, counts,
                   no duplicates on a rerun, a person's timeline, search.
                   Exits 77 (skipped) when the corpus is absent.
  --mode faults    catalog down -> UNAVAILABLE (CATALOG_UNAVAILABLE) -> catalog
                   up -> a call's own retries succeed, no duplicate; the
                   extractor killed and restarted mid-ingest -> running
                   `readout ingest` again completes with no duplicates.
"""
import argparse
import json
import os
import shutil
import signal
import subprocess
import sys
import threading
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import harness  # noqa: E402
from google.protobuf.wrappers_pb2 import BoolValue  # noqa: E402
from harness import check, fail  # noqa: E402

FIXTURES = os.path.join(os.path.dirname(os.path.abspath(__file__)), "fixtures")
TIMEOUT = 20


class Watcher:
    """A WatchDocuments stream read in a thread, collecting changes."""

    def __init__(self, stubs, channel, start_revision=0):
        self.changes = []
        self.cond = threading.Condition()
        self.stub = stubs.catalog_grpc.CatalogServiceStub(channel)
        self.call = self.stub.WatchDocuments(
            stubs.catalog_pb2.WatchDocumentsRequest(start_revision=start_revision), timeout=300)
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self):
        try:
            for response in self.call:
                with self.cond:
                    self.changes.extend(response.changes)
                    self.cond.notify_all()
        except Exception:  # Cancelled at the end of the test.
            pass

    def wait_count(self, n, timeout):
        deadline = time.monotonic() + timeout
        with self.cond:
            while len(self.changes) < n and time.monotonic() < deadline:
                self.cond.wait(0.2)
            return len(self.changes)

    def cancel(self):
        self.call.cancel()


def list_all(stubs, catalog, **kwargs):
    docs, token = [], ""
    for _ in range(10000):
        r = catalog.ListDocuments(stubs.catalog_pb2.ListDocumentsRequest(
            page_size=1000, page_token=token, **kwargs), timeout=TIMEOUT)
        docs.extend(r.documents)
        token = r.next_page_token
        if not token:
            return docs
    fail("ListDocuments never ended")


def check_no_duplicates(stubs, catalog, expected):
    docs = list_all(stubs, catalog)
    hashes = [d.extraction.document.content_hash for d in docs]
    check(len(docs) == expected and len(set(hashes)) == len(hashes),
          "catalog holds %d documents, all distinct (expected %d)" % (len(docs), expected))
    return docs


def titles(docs):
    return sorted(d.extraction.document.title for d in docs)


# ----------------------------------------------------------------- fixtures

def fixtures(args, tmp):
    stubs = harness.python_client(args.repo, os.path.join(tmp, "py"))
    grpc = stubs.grpc
    cat = harness.start_catalog(args.build, os.path.join(tmp, "catalog"))
    ext = harness.start_extractor(args.build, cat.address,
                                  extra_env={"READOUT_MAX_CONNECTION_AGE_SECONDS": "1",
                                             "READOUT_MAX_CONNECTION_AGE_GRACE_SECONDS": "1"})
    try:
        cat_channel = grpc.insecure_channel(cat.address)
        ext_channel = grpc.insecure_channel(ext.address)
        catalog = stubs.catalog_grpc.CatalogServiceStub(cat_channel)
        extractor = stubs.extractor_grpc.ExtractorServiceStub(ext_channel)
        pb = stubs.catalog_pb2

        watcher = Watcher(stubs, cat_channel)
        time.sleep(0.3)  # The watch is open before the first write.
        run = harness.ingest(args.build, ext.address, [FIXTURES], catalog=cat.address,
                             extra=["--sources=" + os.path.join(FIXTURES, "SOURCES.tsv"),
                                    "--progress=lines"])
        check(run.returncode == 0, "readout ingest of the fixtures exits 0: %s%s"
              % (run.stdout, run.stderr))
        check("4 documents: 4 stored, 0 skipped" in run.stdout, "summary: " + run.stdout.strip())
        check("docs/s" in run.stderr and "\r" not in run.stderr,
              "--progress=lines prints plain lines")
        check("SOURCES.tsv" not in run.stderr, "the --sources file is not reported as left out")
        check(watcher.wait_count(4, 10) >= 4, "the watch feed saw the 4 documents of the ingest")
        with watcher.cond:
            created = [c for c in watcher.changes if c.type == pb.CHANGE_TYPE_CREATED]
            revisions = [c.revision for c in watcher.changes]
        check(len(created) == 4 and revisions == sorted(revisions),
              "watch: 4 CREATED changes in revision order")
        watcher.cancel()

        docs = check_no_duplicates(stubs, catalog, 4)
        by_title = {d.extraction.document.title: d for d in docs}
        budget = by_title["Riverton County Board Holds Budget Session"]
        check(budget.extraction.document.published_date.year == 2024
              and budget.extraction.document.published_date.day == 13,
              "the publication date came from SOURCES.tsv")
        check(not by_title["Green Valley Council Meets on Water Supply"]
              .extraction.document.HasField("published_date"),
              "\"unknown\" in SOURCES.tsv leaves the date unset")
        check(budget.extraction.document.source_uri.endswith("riverton-budget.txt"),
              "source_uri is the file ingested")

        # Filters.
        presided = list_all(stubs, catalog, filter='participant.presided = "Hana Okafor"')
        check("Riverton County Board Holds Budget Session" in titles(presided),
              "filter participant.presided = \"Hana Okafor\" finds the budget session")
        dated = list_all(stubs, catalog, filter="published_date >= 2024-06-01")
        check(titles(dated) == ["Lakeshore Town Assembly Discusses Harbor Dredging",
                                "Riverton County Board Meets on Bus Routes"],
              "filter published_date >= 2024-06-01: %s" % titles(dated))
        try:
            catalog.ListDocuments(pb.ListDocumentsRequest(filter="published_date >>> 1"),
                                  timeout=TIMEOUT)
            fail("a malformed filter was accepted")
        except grpc.RpcError as e:
            check(e.code() == grpc.StatusCode.INVALID_ARGUMENT
                  and harness.error_reason(stubs, e) == "INVALID_FILTER",
                  "malformed filter: INVALID_ARGUMENT, reason INVALID_FILTER")

        # Search.
        hits = catalog.SearchDocuments(pb.SearchDocumentsRequest(query="dredged"), timeout=TIMEOUT)
        check([r.document.extraction.document.title for r in hits.results]
              == ["Lakeshore Town Assembly Discusses Harbor Dredging"], "search finds \"dredged\"")

        # A person's timeline, and the people list.
        person = catalog.GetPerson(pb.GetPersonRequest(name="people/hana-okafor"),
                                   timeout=TIMEOUT).person
        timeline_docs = {e.document for e in person.timeline}
        check(person.display_name == "Hana Okafor" and len(timeline_docs) >= 2,
              "Hana Okafor's timeline spans %d documents" % len(timeline_docs))
        check(budget.name in timeline_docs, "her timeline includes the budget session")
        people = catalog.ListPeople(pb.ListPeopleRequest(filter='name = "Hana*"'), timeout=TIMEOUT)
        check([p.name for p in people.people] == ["people/hana-okafor"], "ListPeople name prefix")

        # Pagination with page tokens.
        page = catalog.ListDocuments(pb.ListDocumentsRequest(page_size=3), timeout=TIMEOUT)
        rest = catalog.ListDocuments(pb.ListDocumentsRequest(page_size=3,
                                                             page_token=page.next_page_token),
                                     timeout=TIMEOUT)
        check(len(page.documents) == 3 and len(rest.documents) == 1 and not rest.next_page_token,
              "page_size 3 gives 3 documents, then 1 with the page token")

        # The rest of the RPCs from Python: Extract (stored / not), StreamExtract,
        # GetDocument, CreateDocument, BatchCreateDocuments, DeleteDocument, Health.
        xpb = stubs.extractor_pb2
        text = open(os.path.join(FIXTURES, "riverton-transit.txt")).read()
        r = extractor.Extract(xpb.ExtractRequest(document=xpb.DocumentInput(text=text)),
                              timeout=TIMEOUT)
        check(r.document_name == by_title["Riverton County Board Meets on Bus Routes"].name,
              "Extract stores by default (READOUT_STORE_BY_DEFAULT): the ingested document")
        not_stored = extractor.Extract(xpb.ExtractRequest(
            document=xpb.DocumentInput(text=text + "\nA new closing line.\n"),
            options=xpb.ExtractOptions(store=BoolValue(value=False))), timeout=TIMEOUT)
        check(not_stored.document_name == "", "options.store=false leaves it out of the catalog")
        responses = list(extractor.StreamExtract(iter([
            xpb.StreamExtractRequest(client_id="a", document=xpb.DocumentInput(text=text)),
            xpb.StreamExtractRequest(client_id="b", document=xpb.DocumentInput(text="")),
        ]), timeout=TIMEOUT))
        check([x.client_id for x in responses] == ["a", "b"] and responses[0].document_name
              and responses[1].status.code == 3, "StreamExtract: stored, then INVALID_ARGUMENT")
        got = catalog.GetDocument(pb.GetDocumentRequest(name=r.document_name), timeout=TIMEOUT)
        check(got.document.name == r.document_name, "GetDocument returns the stored document")
        created = catalog.CreateDocument(pb.CreateDocumentRequest(
            document=pb.CatalogDocument(extraction=not_stored.extraction), request_id="e2e-1"),
            timeout=TIMEOUT)
        check(created.created, "CreateDocument stores an extraction made with store=false")
        batch = catalog.BatchCreateDocuments(pb.BatchCreateDocumentsRequest(requests=[
            pb.CreateDocumentRequest(document=pb.CatalogDocument(extraction=not_stored.extraction))]),
            timeout=TIMEOUT)
        check(len(batch.responses) == 1 and not batch.responses[0].created,
              "BatchCreateDocuments dedups by content")
        catalog.DeleteDocument(pb.DeleteDocumentRequest(name=created.document.name,
                                                        etag=created.document.etag),
                               timeout=TIMEOUT)
        try:
            catalog.GetDocument(pb.GetDocumentRequest(name=created.document.name), timeout=TIMEOUT)
            fail("a deleted document was still there")
        except grpc.RpcError as e:
            check(e.code() == grpc.StatusCode.NOT_FOUND
                  and harness.error_reason(stubs, e) == "DOCUMENT_NOT_FOUND",
                  "deleted: NOT_FOUND, reason DOCUMENT_NOT_FOUND")
        for channel, service in ((cat_channel, "readout.v1.CatalogService"),
                                 (ext_channel, "readout.v1.ExtractorService")):
            health = stubs.health_grpc.HealthStub(channel).Check(
                stubs.health_pb2.HealthCheckRequest(service=service), timeout=TIMEOUT)
            check(health.status == stubs.health_pb2.HealthCheckResponse.SERVING,
                  service + " health SERVING")

        # Server-side max connection age (1 s here): the same client channel
        # is moved to a new connection, which the extractor's log shows as a
        # new peer port.
        extractor.Extract(xpb.ExtractRequest(document=xpb.DocumentInput(text=text)),
                          timeout=TIMEOUT)
        time.sleep(3)
        extractor.Extract(xpb.ExtractRequest(document=xpb.DocumentInput(text=text)),
                          timeout=TIMEOUT)
        time.sleep(0.3)
        peers = [line.split("peer=")[1].split()[0] for line in ext.log().splitlines()
                 if "method=/readout.v1.ExtractorService/Extract" in line and "peer=" in line]
        check(len(peers) >= 2 and peers[-1] != peers[-2],
              "max connection age closes old connections (peers %s)" % peers[-2:])

        # Every RPC through buf curl, as grpcurl would call it (reflection).
        buf_curl(args, stubs, cat, ext, text)
        reflection(args, stubs, cat, ext)

        # A second ingest skips everything already stored.
        again = harness.ingest(args.build, ext.address, [FIXTURES], catalog=cat.address)
        check(again.returncode == 0 and "4 skipped" in again.stdout,
              "a second ingest skips all 4: " + again.stdout.strip())
        check("docs/s" not in again.stderr,
              "no progress by default when stderr is not a terminal: " + again.stderr)
        check("left out %s: not a .txt" % os.path.join(FIXTURES, "SOURCES.tsv") in again.stderr
              and "1 other paths left out" in again.stdout,
              "ingest names what it left out of a folder: " + again.stderr)
        check_no_duplicates(stubs, catalog, 4)
    finally:
        ext.stop()
        cat.stop()


def reflection(args, stubs, cat, ext):
    """Reflection v1 and v1alpha on both servers: the services, and file
    descriptors whose fields carry json_name (grpcurl prints JSON names from
    it: contentHash, as docs/api.md shows); errors answer on the same
    stream. Then buf curl through each protocol prints contentHash."""
    from google.protobuf import descriptor_pb2
    for version, (pb, grpc_stubs) in sorted(stubs.reflection.items()):
        for server, service in ((cat, "readout.v1.CatalogService"),
                                (ext, "readout.v1.ExtractorService")):
            channel = stubs.grpc.insecure_channel(server.address)
            stub = grpc_stubs.ServerReflectionStub(channel)
            requests = [pb.ServerReflectionRequest(list_services=""),
                        pb.ServerReflectionRequest(file_containing_symbol="readout.v1.Nope"),
                        pb.ServerReflectionRequest(file_containing_symbol=service)]
            answers = list(stub.ServerReflectionInfo(iter(requests), timeout=TIMEOUT))
            channel.close()
            check(len(answers) == 3, "%s reflection answers each request on one stream" % version)
            names = sorted(s.name for s in answers[0].list_services_response.service)
            # The catalog also serves its admin service (the scrub).
            served = [service] + (["readout.v1.CatalogAdminService"]
                                  if service == "readout.v1.CatalogService" else [])
            check(names == sorted(served + ["grpc.health.v1.Health",
                                            "grpc.reflection.v1.ServerReflection",
                                            "grpc.reflection.v1alpha.ServerReflection"]),
                  "%s list_services: %s" % (version, names))
            check(answers[1].error_response.error_code == 5,
                  "%s: an unknown symbol is NOT_FOUND" % version)
            files = {}
            for blob in answers[2].file_descriptor_response.file_descriptor_proto:
                f = descriptor_pb2.FileDescriptorProto.FromString(blob)
                files[f.name] = f
            check("readout/v1/records.proto" in files and "google/type/date.proto" in files,
                  "%s: the service's file comes with its imports: %s" % (version, sorted(files)))
            document = [m for m in files["readout/v1/records.proto"].message_type
                        if m.name == "Document"][0]
            json_names = {fld.name: fld.json_name for fld in document.field}
            check(json_names.get("content_hash") == "contentHash"
                  and json_names.get("source_uri") == "sourceUri",
                  "%s descriptors carry json_name: %s" % (version, json_names))
    for protocol in ("grpc-v1", "grpc-v1alpha"):
        proc = subprocess.run(
            [args.buf, "curl", "--protocol", "grpc", "--http2-prior-knowledge",
             "--reflect-protocol", protocol, "-d", '{"pageSize": 1}',
             "http://%s/readout.v1.CatalogService/ListDocuments" % cat.address],
            capture_output=True, text=True, timeout=TIMEOUT)
        check(proc.returncode == 0 and '"contentHash"' in proc.stdout
              and "content_hash" not in proc.stdout,
              "buf curl through %s reflection prints contentHash: %s"
              % (protocol, (proc.stdout + proc.stderr)[:300]))


def buf_curl(args, stubs, cat, ext, text):
    c = harness.BufCurl(args.buf, cat.address)
    e = harness.BufCurl(args.buf, ext.address)
    rc, out, raw = e.call("readout.v1.ExtractorService/Extract",
                          {"document": {"text": text}, "options": {"store": True}})
    check(rc == 0 and out[0]["documentName"].startswith("documents/"),
          "buf curl Extract with store: " + raw[:200])
    name = out[0]["documentName"]
    stream_input = "\n".join(json.dumps(m) for m in [
        {"clientId": "x", "document": {"text": text}},
        {"clientId": "y", "document": {"text": "Second Report\n\nThe Harbor Board met."},
         "options": {"store": False}}])
    rc, out, raw = e.call("readout.v1.ExtractorService/StreamExtract", stream_input)
    check(rc == 0 and [m["clientId"] for m in out] == ["x", "y"] and "documentName" in out[0]
          and "documentName" not in out[1], "buf curl StreamExtract: " + raw[:200])
    extraction = out[1]["extraction"]
    rc, out, raw = c.call("readout.v1.CatalogService/GetDocument", {"name": name})
    check(rc == 0 and out[0]["document"]["name"] == name, "buf curl GetDocument")
    rc, out, raw = c.call("readout.v1.CatalogService/ListDocuments",
                          {"filter": 'participant.presided = "Marta Quispe"'})
    check(rc == 0 and len(out[0]["documents"]) == 1, "buf curl ListDocuments with a filter")
    rc, out, raw = c.call("readout.v1.CatalogService/SearchDocuments", {"query": "reservoir"})
    check(rc == 0 and len(out[0]["results"]) == 1, "buf curl SearchDocuments")
    rc, out, raw = c.call("readout.v1.CatalogService/GetPerson", {"name": "people/marta-quispe"})
    check(rc == 0 and out[0]["person"]["timeline"], "buf curl GetPerson with a timeline")
    rc, out, raw = c.call("readout.v1.CatalogService/ListPeople", {"pageSize": 2})
    check(rc == 0 and len(out[0]["people"]) == 2 and out[0]["nextPageToken"],
          "buf curl ListPeople pages")
    rc, out, raw = c.call("readout.v1.CatalogService/CreateDocument",
                          {"document": {"extraction": extraction}, "requestId": "buf-1"})
    check(rc == 0 and out[0]["created"], "buf curl CreateDocument")
    created = out[0]["document"]
    rc, out, raw = c.call("readout.v1.CatalogService/BatchCreateDocuments",
                          {"requests": [{"document": {"extraction": extraction}}]})
    check(rc == 0 and len(out[0]["responses"]) == 1, "buf curl BatchCreateDocuments")
    rc, out, raw = c.call("readout.v1.CatalogService/DeleteDocument",
                          {"name": created["name"], "etag": "not-the-etag"})
    check(rc != 0 and "aborted" in raw and "ETAG_MISMATCH" in raw or "ErrorInfo" in raw,
          "buf curl DeleteDocument with a wrong etag is refused")
    rc, out, raw = c.call("readout.v1.CatalogService/DeleteDocument",
                          {"name": created["name"], "etag": created["etag"]})
    check(rc == 0, "buf curl DeleteDocument")
    rc, out, raw = c.call("readout.v1.CatalogService/WatchDocuments", {"startRevision": 1},
                          max_time=3)
    changes = [ch for m in (out or []) for ch in m.get("changes", [])]
    check(len(changes) >= 4 and changes[0]["revision"] == "1",
          "buf curl WatchDocuments from revision 1 replays the history (%d changes)" % len(changes))
    rc, out, raw = c.call("grpc.health.v1.Health/Check", {})
    check(rc == 0 and out[0]["status"] == "SERVING", "buf curl Health/Check")


# ------------------------------------------------------------------- corpus

def corpus(args, tmp):
    dev = os.path.join(args.shared, "corpus", "dev")
    if not os.path.isdir(dev):
        print("SKIP: no dev corpus at %s (set READOUT_SHARED_DIR)" % dev)
        return harness.SKIP
    files = sorted(f for f in os.listdir(dev) if f.endswith(".txt"))
    stubs = harness.python_client(args.repo, os.path.join(tmp, "py"))
    cat = harness.start_catalog(args.build, os.path.join(tmp, "catalog"))
    ext = harness.start_extractor(args.build, cat.address)
    try:
        channel = stubs.grpc.insecure_channel(cat.address)
        catalog = stubs.catalog_grpc.CatalogServiceStub(channel)
        pb = stubs.catalog_pb2
        watcher = Watcher(stubs, channel)
        time.sleep(0.3)
        sources = os.path.join(dev, "SOURCES.tsv")
        run = harness.ingest(args.build, ext.address, [dev], catalog=cat.address,
                             extra=["--sources=" + sources] if os.path.exists(sources) else [],
                             timeout=300)
        check(run.returncode == 0, "ingest of the dev corpus exits 0: %s%s"
              % (run.stdout, run.stderr[-2000:]))
        docs = check_no_duplicates(stubs, catalog, len(set(
            open(os.path.join(dev, f), "rb").read() for f in files)))
        check(watcher.wait_count(len(docs), 10) >= len(docs), "the watch feed saw every document")
        watcher.cancel()
        again = harness.ingest(args.build, ext.address, [dev], catalog=cat.address, timeout=300)
        check(again.returncode == 0 and "%d skipped" % len(files) in again.stdout,
              "a rerun skips every document: " + again.stdout.strip())
        check_no_duplicates(stubs, catalog, len(docs))
        # The person named most often, and their timeline.
        people = catalog.ListPeople(pb.ListPeopleRequest(page_size=1000), timeout=TIMEOUT).people
        top = max(people, key=lambda p: p.document_count)
        person = catalog.GetPerson(pb.GetPersonRequest(name=top.name), timeout=TIMEOUT).person
        check(top.document_count >= 2 and len({e.document for e in person.timeline}) >= 1,
              "%s: %d documents, timeline of %d entries"
              % (top.display_name, top.document_count, len(person.timeline)))
        named = list_all(stubs, catalog, filter='person = "%s"' % top.display_name)
        check(len(named) >= 1, "filter person = \"%s\" finds %d documents"
              % (top.display_name, len(named)))
        word = docs[0].extraction.document.title.split()[0]
        hits = catalog.SearchDocuments(pb.SearchDocumentsRequest(query=word, page_size=100),
                                       timeout=TIMEOUT)
        check(any(h.document.name == docs[0].name for h in hits.results),
              "search for %r finds its document" % word)
        dated = list_all(stubs, catalog, filter="published_date >= 2000-01-01")
        check(0 < len(dated) <= len(docs), "%d documents have a publication date" % len(dated))
    finally:
        ext.stop()
        cat.stop()
    return 0


# ------------------------------------------------------------------- faults

def synthetic_corpus(path, n):
    """n distinct short fictional reports."""
    os.makedirs(path)
    for i in range(n):
        with open(os.path.join(path, "report-%04d.txt" % i), "w") as f:
            f.write("Board Meeting Number %d\n\nON May %d, the Northfield Works Board held its "
                    "meeting number %d in Northfield. Dana Kerr, chair of the Works Board, "
                    "presided over the meeting. Eli Stone, treasurer, attended the meeting.\n"
                    % (i, 1 + i % 28, i))


def faults(args, tmp):
    stubs = harness.python_client(args.repo, os.path.join(tmp, "py"))
    grpc = stubs.grpc
    xpb = stubs.extractor_pb2
    data = os.path.join(tmp, "catalog")
    cat = harness.start_catalog(args.build, data)
    cat_address = cat.address
    ext = harness.start_extractor(args.build, cat_address, extra_env={
        "READOUT_CATALOG_MAX_BACKOFF_SECONDS": "0.5"})
    extractor = stubs.extractor_grpc.ExtractorServiceStub(grpc.insecure_channel(ext.address))
    text = open(os.path.join(FIXTURES, "lakeshore-harbor.txt")).read()
    request = xpb.ExtractRequest(document=xpb.DocumentInput(text=text),
                                 options=xpb.ExtractOptions(store=BoolValue(value=True)))
    try:
        # 1. The catalog goes down: the caller gets UNAVAILABLE that says so.
        check(cat.stop() == 0, "catalog stopped")
        started = time.monotonic()
        try:
            extractor.Extract(request, timeout=3)
            fail("Extract with store succeeded while the catalog was down")
        except grpc.RpcError as e:
            check(e.code() == grpc.StatusCode.UNAVAILABLE
                  and harness.error_reason(stubs, e) == "CATALOG_UNAVAILABLE"
                  and "cannot be reached" in e.details(),
                  "catalog down: UNAVAILABLE, CATALOG_UNAVAILABLE: " + e.details()[:120])
        check(time.monotonic() - started < 3.5, "the failure came within the caller's deadline")
        check("event=catalog_retry" in ext.log(), "the extractor retried before giving up")

        # 2. A call made while it is down succeeds once it is back, by retrying.
        result = {}

        def call():
            try:
                result["response"] = extractor.Extract(request, timeout=15)
            except grpc.RpcError as e:
                result["error"] = e

        caller = threading.Thread(target=call)
        caller.start()
        time.sleep(1.0)
        cat = harness.start_catalog(args.build, data, listen=cat_address)
        caller.join(timeout=20)
        check("response" in result and result["response"].document_name.startswith("documents/"),
              "a call waiting through the outage succeeds once the catalog is back: %s"
              % (result.get("error").details() if "error" in result else "ok"))
        # 3. Again, after the fact: same document, no duplicate.
        again = extractor.Extract(request, timeout=10)
        check(again.document_name == result["response"].document_name, "same document name")
        catalog = stubs.catalog_grpc.CatalogServiceStub(grpc.insecure_channel(cat.address))
        check_no_duplicates(stubs, catalog, 1)

        # 4. The extractor is killed and restarted mid-ingest; a second run
        #    completes and nothing is stored twice.
        corpus_dir = os.path.join(tmp, "synthetic")
        n = 3000
        synthetic_corpus(corpus_dir, n)
        watcher = Watcher(stubs, grpc.insecure_channel(cat.address))
        ext_address = ext.address
        proc = subprocess.Popen(
            [os.path.join(args.build, "cli", "readout"), "ingest", "--server=" + ext_address,
             "--parallel=2", "--timeout=10", corpus_dir],
            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        seen = watcher.wait_count(200, 60)
        check(seen >= 200, "ingest under way (%d stored)" % seen)
        ext.proc.send_signal(signal.SIGKILL)
        ext.proc.wait(timeout=10)
        ext = harness.start_extractor(args.build, cat.address,
                                      extra_env={"READOUT_LISTEN": ext_address})
        try:
            out, err = proc.communicate(timeout=120)
        except subprocess.TimeoutExpired:
            proc.kill()
            fail("the interrupted ingest did not end within 120 s")
        print("first run: exit %d, %s" % (proc.returncode, out.strip()))
        check(proc.returncode == 1 and "failed" in err,
              "the first run reports the documents lost with the extractor and exits 1")
        rerun = harness.ingest(args.build, ext.address, [corpus_dir], catalog=cat.address,
                               extra=["--parallel=2"], timeout=300)
        check(rerun.returncode == 0, "the rerun completes: " + rerun.stdout.strip()
              + rerun.stderr[-500:])
        check_no_duplicates(stubs, catalog, n + 1)
        watcher.cancel()
    finally:
        ext.stop()
        cat.stop()
    return 0


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--mode", choices=["fixtures", "corpus", "faults"], required=True)
    parser.add_argument("--repo", required=True)
    parser.add_argument("--build", required=True)
    parser.add_argument("--buf", required=True)
    parser.add_argument("--shared", default="")
    args = parser.parse_args()
    tmp = harness.workdir()
    try:
        if args.mode == "fixtures":
            fixtures(args, tmp)
            return 0
        if args.mode == "corpus":
            return corpus(args, tmp)
        return faults(args, tmp)
    finally:
        harness.cleanup(tmp)


if __name__ == "__main__":
    sys.exit(main())
