#!/usr/bin/env python3
"""Every method of the services answers a request message that cannot be
decoded with INVALID_ARGUMENT, reason UNDECODABLE_REQUEST and a message that
names the message type (not gRPC's bare UNIMPLEMENTED, which tells a client
the method does not exist), and the server goes on serving.

The methods come from the services' descriptors, so a method added later is
covered without changing this test. Raw bytes go over a real channel with
Debian's python3-grpcio; both servers run as processes (harness.py).
"""
import argparse
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import harness  # noqa: E402

# A length-delimited field 1 that claims 5 bytes and has 2: no message type
# can decode it.
TRUNCATED = b"\x0a\x05ab"
# Services whose every method decodes its own requests.
SERVICES = ["readout.v1.ExtractorService", "readout.v1.CatalogService",
            "readout.v1.CatalogAdminService"]


def identity(data):
    return data


def check_refusal(stubs, error, method, type_name):
    grpc = stubs.grpc
    harness.check(error is not None and error.code() == grpc.StatusCode.INVALID_ARGUMENT,
                  "%s: undecodable request -> INVALID_ARGUMENT (got %s)"
                  % (method, error.code() if error else "OK"))
    harness.check(type_name in (error.details() or ""),
                  "%s: the message names %s: %r" % (method, type_name, error.details()))
    harness.check(harness.error_reason(stubs, error) == "UNDECODABLE_REQUEST",
                  "%s: reason UNDECODABLE_REQUEST" % method)


def call_raw(stubs, channel, method_desc, requests):
    """Calls the method with raw request bytes; returns (responses, error)."""
    grpc = stubs.grpc
    path = "/%s/%s" % (method_desc.containing_service.full_name, method_desc.name)
    kind = (method_desc.client_streaming, method_desc.server_streaming)
    try:
        if kind == (False, False):
            call = channel.unary_unary(path, request_serializer=identity,
                                       response_deserializer=identity)
            return [call(requests[0], timeout=harness.CALL_TIMEOUT)], None
        if kind == (False, True):
            call = channel.unary_stream(path, request_serializer=identity,
                                        response_deserializer=identity)
            return list(call(requests[0], timeout=harness.CALL_TIMEOUT)), None
        call = channel.stream_stream(path, request_serializer=identity,
                                     response_deserializer=identity)
        return list(call(iter(requests), timeout=harness.CALL_TIMEOUT)), None
    except grpc.RpcError as error:
        return None, error


def check_stream_extract(stubs, channel, method_desc):
    """A bidirectional stream answers the undecodable message at its index
    and goes on with the next one."""
    pb2 = stubs.extractor_pb2
    good = pb2.StreamExtractRequest(
        document=pb2.DocumentInput(text="Council meets\n\nThe council met on Monday."),
        client_id="good").SerializeToString()
    responses, error = call_raw(stubs, channel, method_desc, [good, TRUNCATED, good])
    harness.check(error is None, "StreamExtract: the stream ends OK (%s)" % error)
    decoded = [pb2.StreamExtractResponse.FromString(r) for r in responses]
    harness.check(len(decoded) == 3, "StreamExtract: one answer per message (%d)" % len(decoded))
    by_index = {r.index: r for r in decoded}
    harness.check(by_index[1].status.code == 3 and
                  "readout.v1.StreamExtractRequest" in by_index[1].status.message,
                  "StreamExtract: message 1 answered INVALID_ARGUMENT naming its type: %r"
                  % by_index[1].status.message)
    harness.check(by_index[0].status.code == 0 and by_index[2].status.code == 0,
                  "StreamExtract: messages 0 and 2 extracted")


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--repo", required=True)
    parser.add_argument("--build", required=True)
    parser.add_argument("--services", default=",".join(SERVICES))
    args = parser.parse_args()
    tmp = harness.workdir()
    catalog = extractor = None
    try:
        stubs = harness.python_client(args.repo, os.path.join(tmp, "gen"))
        catalog = harness.start_catalog(args.build, os.path.join(tmp, "catalog"))
        extractor = harness.start_extractor(args.build, catalog.address)
        files = {"readout.v1.ExtractorService": (stubs.extractor_pb2, extractor),
                 "readout.v1.CatalogService": (stubs.catalog_pb2, catalog),
                 "readout.v1.CatalogAdminService": (stubs.catalog_admin_pb2, catalog)}
        checked = 0
        for service_name in args.services.split(","):
            module, server = files[service_name]
            service = module.DESCRIPTOR.services_by_name[service_name.split(".")[-1]]
            with stubs.grpc.insecure_channel(server.address) as channel:
                for method in service.methods:
                    full = "%s/%s" % (service_name, method.name)
                    if method.client_streaming and method.server_streaming:
                        check_stream_extract(stubs, channel, method)
                    else:
                        _, error = call_raw(stubs, channel, method, [TRUNCATED])
                        check_refusal(stubs, error, full, method.input_type.full_name)
                    checked += 1
        harness.check(checked > 0, "checked %d methods" % checked)
        for server in (extractor, catalog):
            harness.check(server.stop() == 0, "%s still serving, exits 0 on SIGTERM"
                          % server.name)
        return 0
    finally:
        for server in (extractor, catalog):
            if server is not None:
                server.kill()
        harness.cleanup(tmp)


if __name__ == "__main__":
    sys.exit(main())
