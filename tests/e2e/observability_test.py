#!/usr/bin/env python3
"""What an operator sees of a call through the extractor into the catalog.

Both servers run as processes with --metrics-listen=127.0.0.1:0,
--log-format=json and --otlp-endpoint pointing at an OTLP receiver started
here (a real gRPC server implementing the collector's TraceService, from
the protos vendored under protos/opentelemetry/). One Extract call that
stores its extraction carries a W3C traceparent; one bad call fails.

Checks:
- every log line of both servers is a JSON object; the extractor's and the
  catalog's lines for the call carry the caller's trace id;
- both /metrics scrapes pass `promtool check metrics`, and the counters
  moved by exactly the calls made (gRPC handled per code, documents, bytes
  extracted, catalog stores);
- after SIGTERM the receiver holds the spans of the call: the extractor's
  server span (child of the caller's span), its client span to the catalog,
  and the catalog's server span (child of that client span), one trace.

Usage: observability_test.py --repo REPO --build BUILD. Exits 77 when
promtool is missing (tools/setup.sh installs it).
"""
import argparse
import concurrent.futures
import json
import os
import re
import shutil
import subprocess
import sys
import threading
import urllib.request

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import harness  # noqa: E402
from harness import check, fail  # noqa: E402

TRACE_ID = "0af7651916cd43dd8448eb211c80319c"
CALLER_SPAN = "b7ad6b7169203331"
TRACEPARENT = "00-%s-%s-01" % (TRACE_ID, CALLER_SPAN)
# A text of the genre, written for this test.
DOCUMENT = ("Harbor board meets on dredging\n\n"
            "On March 3, the Lakeshore Harbor Board held a meeting in Port Elm. "
            "Mara Quill, chair of the Lakeshore Harbor Board, presided over the meeting "
            "and made a speech. Quill stressed that the channel must be dredged before "
            "the autumn storms.\n")


def start(binary, name, env):
    return harness.Server(binary, [], env=env, name=name)


def metrics_address(server):
    m = server.wait_for(r'"event":"metrics_listening","address":"([^"]+)"', harness.START_TIMEOUT)
    if not m:
        fail("%s logged no metrics_listening line; log:\n%s" % (server.name, server.log()))
    return m.group(1)


def scrape(address):
    with urllib.request.urlopen("http://%s/metrics" % address, timeout=10) as response:
        check(response.status == 200, "GET /metrics on %s answers 200" % address)
        content_type = response.headers.get("Content-Type", "")
        check("version=0.0.4" in content_type, "the scrape says it is text format 0.0.4")
        return response.read().decode("utf-8")


def sample(text, series):
    """The value of `series` (name{labels} as rendered), 0 when absent."""
    for line in text.splitlines():
        if line.startswith(series + " "):
            return float(line[len(series) + 1:])
    return 0.0


def promtool_check(promtool, text, who):
    proc = subprocess.run([promtool, "check", "metrics"], input=text, capture_output=True,
                          text=True, timeout=60)
    if proc.returncode != 0:
        fail("promtool check metrics on %s's scrape: %s%s" % (who, proc.stdout, proc.stderr))
    check(True, "promtool check metrics passes on %s's scrape" % who)


def json_lines(server):
    out = []
    for line in server.log().splitlines():
        try:
            out.append(json.loads(line))
        except ValueError:
            fail("%s wrote a line that is not JSON: %r" % (server.name, line))
    return out


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--repo", required=True)
    parser.add_argument("--build", required=True)
    args = parser.parse_args()
    promtool = shutil.which("promtool")
    if not promtool:
        print("SKIP: promtool not found (Debian package prometheus; run tools/setup.sh)")
        return harness.SKIP

    tmp = harness.workdir()
    servers = []
    receiver = None
    try:
        stubs = harness.python_client(args.repo, os.path.join(tmp, "py"))
        from opentelemetry.proto.collector.trace.v1 import trace_service_pb2
        from opentelemetry.proto.collector.trace.v1 import trace_service_pb2_grpc
        grpc = stubs.grpc

        # The OTLP receiver: keeps (service.name, span) of every export.
        spans, spans_lock = [], threading.Lock()

        class Collector(trace_service_pb2_grpc.TraceServiceServicer):
            def Export(self, request, context):
                with spans_lock:
                    for rs in request.resource_spans:
                        service = ""
                        for attribute in rs.resource.attributes:
                            if attribute.key == "service.name":
                                service = attribute.value.string_value
                        for ss in rs.scope_spans:
                            for span in ss.spans:
                                spans.append((service, span))
                return trace_service_pb2.ExportTraceServiceResponse()

        receiver = grpc.server(concurrent.futures.ThreadPoolExecutor(max_workers=2))
        trace_service_pb2_grpc.add_TraceServiceServicer_to_server(Collector(), receiver)
        receiver_port = receiver.add_insecure_port("127.0.0.1:0")
        receiver.start()
        observe = {"READOUT_METRICS_LISTEN": "127.0.0.1:0",
                   "READOUT_LOG_FORMAT": "json",
                   "READOUT_OTLP_ENDPOINT": "127.0.0.1:%d" % receiver_port}

        data_dir = os.path.join(tmp, "catalog")
        os.makedirs(data_dir)
        catalog_env = {"READOUT_LISTEN": "127.0.0.1:0", "READOUT_DATA_DIR": data_dir}
        catalog_env.update(observe)
        catalog = start(os.path.join(args.build, "catalog-service", "readout-catalog"),
                        "readout-catalog", catalog_env)
        servers.append(catalog)
        extractor = harness.start_extractor(args.build, catalog.address, extra_env=observe)
        servers.append(extractor)
        cat_metrics, ext_metrics = metrics_address(catalog), metrics_address(extractor)
        cat_before, ext_before = scrape(cat_metrics), scrape(ext_metrics)

        channel = grpc.insecure_channel(extractor.address)
        stub = stubs.extractor_grpc.ExtractorServiceStub(channel)
        request = stubs.extractor_pb2.ExtractRequest()
        request.document.text = DOCUMENT
        response = stub.Extract(request, timeout=30, metadata=[("traceparent", TRACEPARENT)])
        check(response.document_name.startswith("documents/"),
              "the traced Extract stored its extraction as %s" % response.document_name)
        try:
            stub.Extract(stubs.extractor_pb2.ExtractRequest(), timeout=30)
            fail("an Extract without a document succeeded")
        except grpc.RpcError as error:
            check(error.code() == grpc.StatusCode.INVALID_ARGUMENT,
                  "an Extract without a document fails with INVALID_ARGUMENT")

        # Metrics, scraped after the calls.
        cat_after, ext_after = scrape(cat_metrics), scrape(ext_metrics)
        promtool_check(promtool, ext_after, "the extractor")
        promtool_check(promtool, cat_after, "the catalog")

        def moved(before, after, series):
            return sample(after, series) - sample(before, series)

        extract = ('grpc_type="unary",grpc_service="readout.v1.ExtractorService",'
                   'grpc_method="Extract"')
        create = ('grpc_type="unary",grpc_service="readout.v1.CatalogService",'
                  'grpc_method="CreateDocument"')
        for series, expected in [
                ("grpc_server_started_total{%s}" % extract, 2),
                ('grpc_server_handled_total{%s,grpc_code="OK"}' % extract, 1),
                ('grpc_server_handled_total{%s,grpc_code="InvalidArgument"}' % extract, 1),
                ("grpc_server_handling_seconds_count{%s}" % extract, 2),
                ('readout_extractor_documents_total{result="extracted"}', 1),
                ("readout_extractor_extracted_bytes_total", len(DOCUMENT.encode("utf-8"))),
                ('readout_extractor_catalog_stores_total{grpc_code="OK"}', 1)]:
            got = moved(ext_before, ext_after, series)
            check(got == expected, "extractor %s moved by %s (got %s)" % (series, expected, got))
        for series, expected in [
                ('grpc_server_handled_total{%s,grpc_code="OK"}' % create, 1),
                ("grpc_server_handling_seconds_count{%s}" % create, 1)]:
            got = moved(cat_before, cat_after, series)
            check(got == expected, "catalog %s moved by %s (got %s)" % (series, expected, got))
        # The catalog's store: one group commit, one document on disk.
        check(moved(cat_before, cat_after, 'readout_catalog_commits_total{result="ok"}') >= 1 and
              moved(cat_before, cat_after, "readout_catalog_commit_seconds_count") >= 1 and
              moved(cat_before, cat_after, "readout_catalog_commit_batch_requests_count") >= 1,
              "the catalog counted its group commit, its latency and batch size")
        check(sample(cat_after, "readout_catalog_revision") == 1,
              "readout_catalog_revision is 1 after one stored document")
        check(sample(cat_after, "readout_catalog_documents") == 1,
              "readout_catalog_documents is 1")
        check(sample(cat_after, 'readout_catalog_disk_bytes{file="catalog.db"}') > 0,
              "readout_catalog_disk_bytes reports catalog.db")
        check(sample(cat_after, "readout_catalog_index_lag_revisions") <= 1 and
              "readout_catalog_index_serving 1" in cat_after,
              "the index lag and serving gauges are reported")

        # Stop both (SIGTERM flushes the span exporters), then read logs.
        for server in reversed(servers):
            check(server.stop() == 0, "%s exits 0 on SIGTERM" % server.name)
        ext_lines, cat_lines = json_lines(extractor), json_lines(catalog)
        check(True, "every log line of both servers is a JSON object")
        ext_traced = [l for l in ext_lines if l.get("trace_id") == TRACE_ID]
        cat_traced = [l for l in cat_lines if l.get("trace_id") == TRACE_ID]
        check(any(l["event"] == "rpc" and l.get("method") ==
                  "/readout.v1.ExtractorService/Extract" for l in ext_traced),
              "the extractor's rpc line for Extract carries the caller's trace id")
        check(any(l["event"] == "rpc" and l.get("method") ==
                  "/readout.v1.CatalogService/CreateDocument" for l in cat_traced),
              "the catalog's rpc line for CreateDocument carries the same trace id")
        check(all(isinstance(l.get("latency_ms"), (int, float)) for l in ext_traced
                  if l["event"] == "rpc"), "latency_ms is a JSON number")

        with spans_lock:
            got = list(spans)
        traced = [(svc, s) for svc, s in got if s.trace_id.hex() == TRACE_ID]
        names = sorted("%s %s" % (svc, s.name) for svc, s in traced)
        ext_server = [s for svc, s in traced if svc == "readout-extractor" and s.kind == 2]
        ext_client = [s for svc, s in traced if svc == "readout-extractor" and s.kind == 3]
        cat_server = [s for svc, s in traced if svc == "readout-catalog" and s.kind == 2]
        if not (len(ext_server) == 1 and len(ext_client) == 1 and len(cat_server) == 1):
            fail("expected 3 spans of trace %s (extractor server and client, catalog server), "
                 "got: %s" % (TRACE_ID, names))
        check(ext_server[0].name == "readout.v1.ExtractorService/Extract" and
              ext_server[0].parent_span_id.hex() == CALLER_SPAN,
              "the extractor's server span is a child of the caller's span")
        check(ext_client[0].name == "readout.v1.CatalogService/CreateDocument" and
              ext_client[0].parent_span_id == ext_server[0].span_id,
              "the extractor's client span to the catalog is a child of its server span")
        check(cat_server[0].parent_span_id == ext_client[0].span_id,
              "the catalog's server span is a child of the extractor's client span")
        check(any(l.get("span_id") == cat_server[0].span_id.hex() for l in cat_traced),
              "the catalog's log lines name its server span")
        return 0
    finally:
        for server in servers:
            server.kill()
        if receiver is not None:
            receiver.stop(None)
        harness.cleanup(tmp)


if __name__ == "__main__":
    sys.exit(main())
