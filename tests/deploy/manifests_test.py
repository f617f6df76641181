#!/usr/bin/env python3
"""Checks the Kubernetes manifests offline and starts each service the way
they would, on loopback.

1. Renders deploy/base and every overlay with `kubectl kustomize` ($KUBECTL
   when set, e.g. to try Debian 12's kubectl 1.20 next to a newer one).
2. Checks that each render is complete: every workload has its
   ServiceAccount (token not mounted) and a PodDisruptionBudget selecting its
   pods; the extractor is scaled by a HorizontalPodAutoscaler that targets it
   and sets no replicas of its own; the catalog on SQLite
   (readout/catalog-storage: sqlite) runs exactly one replica and no
   autoscaler targets it (a render scaling it to two is made and must fail);
   the catalog on PostgreSQL (readout/catalog-storage: postgres, the
   overlay `postgres` must have one) is a Deployment scaled from 3 replicas
   by an autoscaler, with a PodDisruptionBudget letting a pod be drained,
   READOUT_DATABASE_URL from the app Secret of a CloudNativePG Cluster of 3
   instances in the render (a render with 1 instance is made and must fail);
   every Service selects pods and names a port they have; every ConfigMap
   and Secret a pod uses is in the render (or made by a cert-manager
   Certificate in it).
3. Checks every workload: non-root, read-only root filesystem, no privilege
   escalation, CPU and memory limits, readiness and liveness probes on the
   container's gRPC port (native gRPC probes, or tcpSocket where the
   container serves TLS, which kubelet's gRPC probes cannot speak; for the
   catalog a startup probe long enough for a schema migration), an image
   built by a Dockerfile in the repository; and in every render a
   default-deny NetworkPolicy with the catalog reachable only from the
   extractor and from pods labelled readout.dev/catalog-client.
4. Starts each container's binary from the build tree with the manifest's
   args and env (the listen address moved to 127.0.0.1:0, the data directory
   to a temporary one), asks grpc.health.v1.Health/Check through a Python
   client generated from protos/, then sends SIGTERM and expects a clean exit.

Usage: manifests_test.py REPO_DIR BUILD_DIR. Exits 77 (skipped) when kubectl
is absent.
"""
import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import urllib.request

import yaml

# Image name -> (Dockerfile, binary in the build tree).
IMAGES = {
    "readout-extractor": ("extractor-service/Dockerfile", "extractor-service/readout-extractor"),
    "readout-catalog": ("catalog-service/Dockerfile", "catalog-service/readout-catalog"),
}
# The line every readout server logs once it is listening.
ADDRESS = re.compile(r"event=server_started address=(127\.0\.0\.1:\d+)")
# ... and once its metrics endpoint is.
METRICS_ADDRESS = re.compile(r"event=metrics_listening address=(127\.0\.0\.1:\d+)")


KUBECTL = os.environ.get("KUBECTL", "kubectl")
SQLITE = ("readout/catalog-storage", "sqlite")
POSTGRES = ("readout/catalog-storage", "postgres")


def leftover_of_delete(doc):
    """Kustomize v2 (kubectl 1.20) renders a resource removed by a `$patch:
    delete` as an empty document, given only the overlay's namespace."""
    return "kind" not in doc and set(doc) <= {"metadata"} and set(
        doc.get("metadata") or {}) <= {"namespace"}


def render(path):
    out = subprocess.run([KUBECTL, "kustomize", path], capture_output=True, text=True)
    if out.returncode != 0:
        raise RuntimeError("kubectl kustomize %s failed:\n%s" % (path, out.stderr))
    return [doc for doc in yaml.safe_load_all(out.stdout) if doc and not leftover_of_delete(doc)]


def selects(selector, labels):
    return bool(selector) and all(labels.get(k) == v for k, v in selector.items())


def check_render(docs, where, failures):
    """The cross-references of one rendered overlay (see the docstring, 2.)."""
    def named(kind):
        return {d["metadata"]["name"]: d for d in docs if d["kind"] == kind}

    workloads = [d for d in docs if d["kind"] in ("Deployment", "StatefulSet")]
    accounts = named("ServiceAccount")
    pdbs = list(named("PodDisruptionBudget").values())
    hpas = list(named("HorizontalPodAutoscaler").values())
    clusters = named("Cluster")  # CloudNativePG (postgresql.cnpg.io)
    made = set(named("ConfigMap")) | set(named("Secret")) | {
        c["spec"].get("secretName") for c in named("Certificate").values()} | {
        # The operator makes <cluster>-app, the application user's URI.
        name + "-app" for name in clusters}
    for w in workloads:
        name = "%s: %s %s" % (where, w["kind"], w["metadata"]["name"])
        pod = w["spec"]["template"]["spec"]
        labels = w["spec"]["template"]["metadata"].get("labels", {})
        if not selects(w["spec"]["selector"].get("matchLabels"), labels):
            failures.append("%s: its selector does not match its pod labels" % name)
        account = pod.get("serviceAccountName")
        if account not in accounts:
            failures.append("%s: ServiceAccount %r is not in the render" % (name, account))
        elif pod.get("automountServiceAccountToken", True):
            failures.append("%s: mounts a ServiceAccount token it does not use" % name)
        if not any(selects(p["spec"]["selector"].get("matchLabels"), labels) for p in pdbs):
            failures.append("%s: no PodDisruptionBudget selects its pods" % name)
        scalers = [h for h in hpas if h["spec"]["scaleTargetRef"]["kind"] == w["kind"]
                   and h["spec"]["scaleTargetRef"]["name"] == w["metadata"]["name"]]
        if w["metadata"].get("annotations", {}).get(SQLITE[0]) == SQLITE[1]:
            if w["spec"].get("replicas", 1) != 1 or scalers:
                failures.append("%s: the catalog on SQLite must run exactly one replica "
                                "(replicas %s, %d autoscalers): each replica would hold its own "
                                "database" % (name, w["spec"].get("replicas", 1), len(scalers)))
        if w["metadata"].get("annotations", {}).get(POSTGRES[0]) == POSTGRES[1]:
            check_replicated_catalog(w, name, scalers, pdbs, clusters, failures)
        if w["metadata"]["name"] == "readout-extractor":
            if len(scalers) != 1:
                failures.append("%s: %d HorizontalPodAutoscalers, expected 1" % (name, len(scalers)))
            elif "replicas" in w["spec"]:
                failures.append("%s: sets replicas, which the autoscaler owns" % name)
            else:
                spec = scalers[0]["spec"]
                if not 1 <= spec.get("minReplicas", 1) <= spec["maxReplicas"]:
                    failures.append("%s: autoscaler bounds %s..%s" % (
                        name, spec.get("minReplicas"), spec["maxReplicas"]))
        used = set()
        for c in pod["containers"] + pod.get("initContainers", []):
            for e in c.get("env", []):
                ref = e.get("valueFrom", {})
                for key in ("configMapKeyRef", "secretKeyRef"):
                    if key in ref and not ref[key].get("optional"):
                        used.add(ref[key]["name"])
            for e in c.get("envFrom", []):
                for key in ("configMapRef", "secretRef"):
                    if key in e and not e[key].get("optional"):
                        used.add(e[key]["name"])
        for v in pod.get("volumes", []):
            if "configMap" in v and not v["configMap"].get("optional"):
                used.add(v["configMap"]["name"])
            if "secret" in v and not v["secret"].get("optional"):
                used.add(v["secret"]["secretName"])
        for missing in sorted(used - made):
            failures.append("%s: uses ConfigMap or Secret %r, which is not in the render"
                            % (name, missing))
    for svc in named("Service").values():
        name = "%s: Service %s" % (where, svc["metadata"]["name"])
        pods = [w for w in workloads
                if selects(svc["spec"].get("selector"), w["spec"]["template"]["metadata"]["labels"])]
        if not pods:
            failures.append("%s: selects no pods" % name)
            continue
        ports = {p.get("name") for w in pods for c in w["spec"]["template"]["spec"]["containers"]
                 for p in c.get("ports", [])}
        for port in svc["spec"]["ports"]:
            target = port.get("targetPort")
            if isinstance(target, str) and target not in ports:
                failures.append("%s: targetPort %s is no port of its pods" % (name, target))


def check_replicated_catalog(w, name, scalers, pdbs, clusters, failures):
    """A catalog on PostgreSQL: a Deployment scaled from 3 replicas by an
    autoscaler, drained one pod at a time, its database URL from the Secret
    of a CloudNativePG Cluster of 3 instances in the render."""
    if w["kind"] != "Deployment":
        failures.append("%s: a catalog on PostgreSQL is a Deployment" % name)
    if "replicas" in w["spec"]:
        failures.append("%s: sets replicas, which the autoscaler owns" % name)
    if len(scalers) != 1:
        failures.append("%s: %d HorizontalPodAutoscalers, expected 1" % (name, len(scalers)))
    elif not 3 <= scalers[0]["spec"].get("minReplicas", 1) <= scalers[0]["spec"]["maxReplicas"]:
        failures.append("%s: autoscaler bounds %s..%s, expected 3 replicas at the least" % (
            name, scalers[0]["spec"].get("minReplicas"), scalers[0]["spec"]["maxReplicas"]))
    labels = w["spec"]["template"]["metadata"].get("labels", {})
    for p in pdbs:
        if selects(p["spec"]["selector"].get("matchLabels"), labels) and (
                p["spec"].get("maxUnavailable") == 0 or "minAvailable" in p["spec"]
                and str(p["spec"]["minAvailable"]) not in ("1", "2")):
            failures.append("%s: PodDisruptionBudget %s lets no replica be drained"
                            % (name, p["metadata"]["name"]))
    pod = w["spec"]["template"]["spec"]
    for c in pod["containers"]:
        if any(a.startswith("--data-dir") or a.startswith("--database-url")
               for a in c.get("args", [])):
            failures.append("%s/%s: the database comes from READOUT_DATABASE_URL, not args"
                            % (name, c["name"]))
        url = [e for e in c.get("env", []) if e["name"] == "READOUT_DATABASE_URL"]
        ref = url[0].get("valueFrom", {}).get("secretKeyRef", {}) if url else {}
        if not ref:
            failures.append("%s/%s: READOUT_DATABASE_URL is not read from a Secret"
                            % (name, c["name"]))
            continue
        cluster = clusters.get(ref["name"][:-len("-app")]) if ref["name"].endswith("-app") else None
        if cluster is None or ref.get("key") != "uri":
            failures.append("%s/%s: READOUT_DATABASE_URL is not the uri of a CloudNativePG "
                            "Cluster's app Secret (%s)" % (name, c["name"], ref))
        elif not cluster["apiVersion"].startswith("postgresql.cnpg.io/"):
            failures.append("%s: Cluster %s is no CloudNativePG Cluster"
                            % (name, cluster["metadata"]["name"]))
        elif cluster["spec"].get("instances") != 3:
            failures.append("%s: the database Cluster has %s instances, expected 3 (a primary "
                            "and two standbys)" % (name, cluster["spec"].get("instances")))


def render_patched(repo, tmp, name, base, patch):
    """Renders deploy/<base> with one strategic-merge `patch` over it."""
    overlay = os.path.join(tmp, name)
    os.makedirs(overlay)
    with open(os.path.join(overlay, "kustomization.yaml"), "w") as f:
        f.write("bases:\n  - %s\npatchesStrategicMerge:\n  - patch.yaml\n"
                % os.path.relpath(os.path.join(os.path.abspath(repo), "deploy", base), overlay))
    with open(os.path.join(overlay, "patch.yaml"), "w") as f:
        f.write(patch)
    found = []
    check_render(render(overlay), name, found)
    return found


def check_scaled_catalog_fails(repo, tmp, failures):
    """A render that scales the SQLite catalog to two replicas must fail."""
    found = render_patched(repo, tmp, "scaled-catalog", "base",
                           "apiVersion: apps/v1\nkind: StatefulSet\nmetadata:\n"
                           "  name: readout-catalog\nspec:\n  replicas: 2\n")
    if not any("exactly one replica" in f for f in found):
        failures.append("a render with the SQLite catalog at 2 replicas passed the checks")


def check_small_database_fails(repo, tmp, failures):
    """A render of the PostgreSQL layout with a one-instance database must fail."""
    found = render_patched(repo, tmp, "small-database", "overlays/postgres",
                           "apiVersion: postgresql.cnpg.io/v1\nkind: Cluster\nmetadata:\n"
                           "  name: readout-db\n  namespace: readout\nspec:\n  instances: 1\n")
    if not any("expected 3 (a primary" in f for f in found):
        failures.append("a render with a database Cluster of 1 instance passed the checks")


def probe_ok(probe, port, tls):
    """A native gRPC probe on `port`, or (TLS only, which kubelet's gRPC
    probes cannot speak) a tcpSocket one."""
    if probe.get("grpc"):
        return probe["grpc"].get("port") == port and not tls
    return tls and probe.get("tcpSocket", {}).get("port") == port


def check_network_policies(path, docs, failures):
    """A default-deny policy, the catalog reachable only from the extractor
    and from pods labelled as its clients, and both metrics ports open to
    pods labelled as scrapers (and only on the metrics port)."""
    policies = [d for d in docs if d["kind"] == "NetworkPolicy"]
    if not [p for p in policies if p["spec"].get("podSelector") == {}
            and set(p["spec"].get("policyTypes", [])) == {"Ingress", "Egress"}
            and not p["spec"].get("ingress") and not p["spec"].get("egress")]:
        failures.append("%s: no default-deny NetworkPolicy" % path)
    allowed = set()
    scraped = set()
    for p in policies:
        selector = p["spec"].get("podSelector", {})
        names = set(selector.get("matchLabels", {}).get("app.kubernetes.io/name", "").split())
        for e in selector.get("matchExpressions", []):
            if e.get("key") == "app.kubernetes.io/name" and e.get("operator") == "In":
                names.update(e.get("values", []))
        for rule in p["spec"].get("ingress", []):
            ports = {r.get("port") for r in rule.get("ports", [])}
            for f in rule.get("from", []):
                labels = tuple(sorted(f.get("podSelector", {}).get("matchLabels", {}).items()))
                if ports == {9464} and labels == (("readout.dev/metrics-scraper", "true"),):
                    scraped.update(names)
                elif "readout-catalog" in names:
                    allowed.add(labels)
    if scraped != {"readout-catalog", "readout-extractor"}:
        failures.append("%s: the metrics port of %s is not open to readout.dev/metrics-scraper "
                        "pods" % (path, sorted({"readout-catalog", "readout-extractor"} - scraped)))
    want = {(("app.kubernetes.io/name", "readout-extractor"),),
            (("readout.dev/catalog-client", "true"),)}
    if allowed != want:
        failures.append("%s: the catalog admits %s, expected the extractor and labelled "
                        "clients only" % (path, sorted(allowed)))


def check_workload(doc, repo, failures):
    name = doc["metadata"]["name"]
    pod = doc["spec"]["template"]["spec"]
    if not pod.get("securityContext", {}).get("runAsNonRoot"):
        failures.append("%s: pod does not set runAsNonRoot" % name)
    for c in pod["containers"]:
        where = "%s/%s" % (name, c["name"])
        limits = c.get("resources", {}).get("limits", {})
        if "cpu" not in limits or "memory" not in limits:
            failures.append("%s: no CPU or memory limit" % where)
        tls = any(a.startswith("--tls-cert-file=") for a in c.get("args", []))
        sc = c.get("securityContext", {})
        if not sc.get("readOnlyRootFilesystem"):
            failures.append("%s: root filesystem is writable" % where)
        if sc.get("allowPrivilegeEscalation", True):
            failures.append("%s: allows privilege escalation" % where)
        ports = {p.get("name"): p["containerPort"] for p in c.get("ports", [])}
        if "grpc" not in ports:
            failures.append("%s: no port named grpc" % where)
        annotations = doc["spec"]["template"]["metadata"].get("annotations", {})
        metrics_args = [a for a in c.get("args", []) if a.startswith("--metrics-listen=")]
        if annotations.get("prometheus.io/scrape") != "true":
            failures.append("%s: pod not annotated prometheus.io/scrape" % where)
        elif str(ports.get("metrics")) != annotations.get("prometheus.io/port") or not (
                metrics_args and metrics_args[0].endswith(":%s" % ports.get("metrics"))):
            failures.append("%s: prometheus.io/port, the metrics port and --metrics-listen "
                            "disagree" % where)
        for probe in ("readinessProbe", "livenessProbe"):
            if not probe_ok(c.get(probe, {}), ports.get("grpc"), tls):
                failures.append("%s: %s is not a gRPC probe (tcpSocket with TLS) on the grpc "
                                "port" % (where, probe))
        if name == "readout-catalog":
            # The catalog migrates its database before it listens.
            startup = c.get("startupProbe", {})
            if not probe_ok(startup, ports.get("grpc"), tls) or (
                startup.get("periodSeconds", 10) * startup.get("failureThreshold", 3) < 1800):
                failures.append("%s: no gRPC startupProbe allowing 30 min for a migration"
                                % where)
        image = c["image"].split("/")[-1].split(":")[0]
        base_image = c["image"].split(":")[0]
        if image not in IMAGES and base_image not in IMAGES:
            # Overlays rename images; the base must use the Dockerfiles' names.
            continue
        dockerfile = os.path.join(repo, IMAGES[base_image if base_image in IMAGES else image][0])
        if not os.path.exists(dockerfile):
            failures.append("%s: no Dockerfile %s" % (where, dockerfile))


def health_client(repo, workdir):
    """Generates Python stubs for grpc.health.v1 from protos/ and imports them.

    The .proto is compiled from a copy under another folder name: its Python
    module path follows the file path, and grpc/health/v1 would collide with
    the grpc library itself. The wire names come from the proto package.
    """
    from grpc_tools import protoc  # Debian python3-grpc-tools
    src = os.path.join(workdir, "protos", "readout_health")
    os.makedirs(src)
    shutil.copy(os.path.join(repo, "protos", "grpc", "health", "v1", "health.proto"), src)
    rc = protoc.main(["protoc", "-I" + os.path.join(workdir, "protos"), "--python_out=" + workdir,
                      "--grpc_python_out=" + workdir, "readout_health/health.proto"])
    if rc != 0:
        raise RuntimeError("protoc failed for health.proto")
    sys.path.insert(0, workdir)
    import grpc
    from readout_health import health_pb2, health_pb2_grpc
    return grpc, health_pb2, health_pb2_grpc


def scrape_metrics(log_path, where, failures):
    """GET /metrics on the address the server logged; it must list the
    gRPC server counters."""
    with open(log_path) as f:
        match = METRICS_ADDRESS.search(f.read())
    if not match:
        failures.append("%s: logged no metrics_listening address" % where)
        return
    with urllib.request.urlopen("http://%s/metrics" % match.group(1), timeout=10) as response:
        body = response.read().decode("utf-8")
    if "grpc_server_handled_total" not in body:
        failures.append("%s: /metrics has no grpc_server_handled_total" % where)


def start_like_manifest(container, build, tmp, stubs, failures):
    grpc, health_pb2, health_pb2_grpc = stubs
    image = container["image"].split(":")[0]
    binary = os.path.join(build, IMAGES[image][1])
    where = container["name"]
    if not os.path.exists(binary):
        failures.append("%s: %s is not built" % (where, binary))
        return
    args = []
    for arg in container.get("args", []):
        if arg.startswith("--listen="):
            arg = "--listen=127.0.0.1:0"
        elif arg.startswith("--metrics-listen="):
            arg = "--metrics-listen=127.0.0.1:0"
        elif arg.startswith("--data-dir="):
            arg = "--data-dir=" + tempfile.mkdtemp(dir=tmp)
        args.append(arg)
    env = dict(os.environ)
    for item in container.get("env", []):
        env[item["name"]] = item["value"]
    log_path = os.path.join(tmp, where + ".log")
    with open(log_path, "w") as log:
        proc = subprocess.Popen([binary] + args, env=env, stdout=log, stderr=subprocess.STDOUT)
    try:
        address = None
        deadline = time.monotonic() + 15
        while time.monotonic() < deadline and address is None and proc.poll() is None:
            with open(log_path) as f:
                for line in f:
                    match = ADDRESS.search(line)
                    if match:
                        address = match.group(1)
                        break
            time.sleep(0.05)
        if address is None:
            failures.append("%s: never logged its address; log:\n%s" % (where, open(log_path).read()))
            return
        with grpc.insecure_channel(address) as channel:
            stub = health_pb2_grpc.HealthStub(channel)
            reply = stub.Check(health_pb2.HealthCheckRequest(), timeout=5)
            if reply.status != health_pb2.HealthCheckResponse.SERVING:
                failures.append("%s: health is %s, not SERVING" % (where, reply.status))
        scrape_metrics(log_path, where, failures)
        proc.send_signal(signal.SIGTERM)
        try:
            code = proc.wait(timeout=15)
            if code != 0:
                failures.append("%s: exited %d after SIGTERM" % (where, code))
        except subprocess.TimeoutExpired:
            failures.append("%s: still running 15 s after SIGTERM" % where)
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()


def main():
    repo, build = sys.argv[1], sys.argv[2]
    if shutil.which(KUBECTL) is None:
        print("SKIP: kubectl is not installed; the manifests were not rendered "
              "(tools/setup.sh installs it)")
        return 77
    failures = []
    overlays = os.path.join(repo, "deploy", "overlays")
    paths = [os.path.join(repo, "deploy", "base")] + [
        os.path.join(overlays, d) for d in sorted(os.listdir(overlays))]
    base_workloads = []
    for path in paths:
        docs = render(path)
        check_render(docs, os.path.relpath(path, repo), failures)
        check_network_policies(os.path.relpath(path, repo), docs, failures)
        workloads = [d for d in docs if d["kind"] in ("Deployment", "StatefulSet")]
        if len(workloads) != len(IMAGES):
            failures.append("%s: %d workloads, expected %d" % (path, len(workloads), len(IMAGES)))
        for w in workloads:
            check_workload(w, repo, failures)
        if path.endswith("base"):
            base_workloads = workloads
        catalogs = [w for w in workloads if w["metadata"].get("annotations", {}).get(
            POSTGRES[0]) == POSTGRES[1]]
        if os.path.basename(path) == "postgres" and len(catalogs) != 1:
            failures.append("%s: %d catalogs on PostgreSQL, expected 1" % (path, len(catalogs)))
    with tempfile.TemporaryDirectory() as tmp:
        check_scaled_catalog_fails(repo, tmp, failures)
        check_small_database_fails(repo, tmp, failures)
        stubs = health_client(repo, tmp)
        for w in base_workloads:
            for c in w["spec"]["template"]["spec"]["containers"]:
                start_like_manifest(c, build, tmp, stubs, failures)
    for f in failures:
        print("FAIL: " + f)
    print("manifests: %d workloads checked, %d failures" % (len(base_workloads), len(failures)))
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
