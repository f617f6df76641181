"""Test certificates made with the openssl command at test time: a CA, server
certificates for 127.0.0.1, client certificates with SPIFFE IDs (the
extractor, an ingest client, a stranger the CA also signed), an expired
client certificate, and a second CA that nobody trusts."""
import os
import subprocess

SUBJECT_PREFIX = "/O=readout-test/CN="


def _run(args, cwd):
    proc = subprocess.run(["openssl"] + args, cwd=cwd, capture_output=True, text=True)
    if proc.returncode != 0:
        raise RuntimeError("openssl %s failed: %s" % (" ".join(args), proc.stderr))


def _key_and_csr(d, name):
    _run(["req", "-new", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1",
          "-nodes", "-keyout", name + ".key", "-out", name + ".csr",
          "-subj", SUBJECT_PREFIX + name], d)


def _ext(d, name, san, usage):
    path = os.path.join(d, name + ".ext")
    with open(path, "w") as f:
        f.write("basicConstraints=CA:FALSE\nsubjectAltName=%s\nextendedKeyUsage=%s\n"
                % (san, usage))
    return name + ".ext"


class CertificateAuthority:
    def __init__(self, directory, name):
        self.dir = directory
        self.name = name
        os.makedirs(directory, exist_ok=True)
        _run(["req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1",
              "-nodes", "-keyout", name + ".key", "-out", name + ".pem", "-days", "2",
              "-subj", SUBJECT_PREFIX + name], directory)
        self.pem = os.path.join(directory, name + ".pem")

    def issue(self, name, san, usage="serverAuth,clientAuth"):
        """Signs a certificate valid from now for two days; returns
        (cert path, key path)."""
        _key_and_csr(self.dir, name)
        _run(["x509", "-req", "-in", name + ".csr", "-CA", self.name + ".pem",
              "-CAkey", self.name + ".key", "-CAcreateserial", "-days", "2",
              "-out", name + ".pem", "-extfile", _ext(self.dir, name, san, usage)], self.dir)
        return os.path.join(self.dir, name + ".pem"), os.path.join(self.dir, name + ".key")

    def issue_expired(self, name, san):
        """Signs a certificate that expired in 2020 (openssl ca sets the dates)."""
        _key_and_csr(self.dir, name)
        os.makedirs(os.path.join(self.dir, "issued"), exist_ok=True)
        open(os.path.join(self.dir, "index.txt"), "a").close()
        with open(os.path.join(self.dir, "serial"), "w") as f:
            f.write("1000\n")
        with open(os.path.join(self.dir, "ca.cnf"), "w") as f:
            f.write("[ca]\ndefault_ca=test\n[test]\ndir=.\ndatabase=index.txt\n"
                    "new_certs_dir=issued\nserial=serial\ndefault_md=sha256\n"
                    "policy=any\nunique_subject=no\n[any]\ncommonName=supplied\n"
                    "organizationName=optional\n")
        _run(["ca", "-batch", "-config", "ca.cnf", "-cert", self.name + ".pem",
              "-keyfile", self.name + ".key", "-in", name + ".csr", "-out", name + ".pem",
              "-startdate", "20200101000000Z", "-enddate", "20200102000000Z", "-notext",
              "-extfile", _ext(self.dir, name, san, "clientAuth")], self.dir)
        return os.path.join(self.dir, name + ".pem"), os.path.join(self.dir, name + ".key")


class TestPki:
    """Everything the security tests need, under `directory`."""

    def __init__(self, directory):
        self.ca = CertificateAuthority(os.path.join(directory, "ca"), "readout-test-ca")
        self.other_ca = CertificateAuthority(os.path.join(directory, "other"), "other-ca")
        server_san = "IP:127.0.0.1,DNS:localhost"
        self.catalog = self.ca.issue("catalog", server_san + ",URI:spiffe://readout/catalog")
        self.extractor = self.ca.issue("extractor",
                                       server_san + ",URI:spiffe://readout/extractor")
        self.ingest = self.ca.issue("ingest", "URI:spiffe://readout/ingest", "clientAuth")
        self.stranger = self.ca.issue("stranger", "URI:spiffe://elsewhere/stranger",
                                      "clientAuth")
        self.expired = self.ca.issue_expired("expired", "URI:spiffe://readout/ingest")
        self.impostor = self.other_ca.issue("impostor",
                                            server_san + ",URI:spiffe://readout/ingest")

    def reissue_catalog(self, name):
        """A new catalog certificate (a rotation): returns (cert, key) paths."""
        return self.ca.issue(name, "IP:127.0.0.1,DNS:localhost,URI:spiffe://readout/catalog")
