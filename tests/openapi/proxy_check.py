#!/usr/bin/env python3
"""recond's answers conform to its OpenAPI document: recond runs on the test database, a
validating proxy (Stoplight Prism, `prism proxy`) stands in front of it, and clients play through
the proxy: exercise.py (every route, good and refused requests) and, when ../shared/scenario
exists, the scenario harness (gen.py + score.py). Prism reports every request or response that
breaks the document; the test fails on any response violation, and on request violations of
requests that were meant to be valid.

  proxy_check.py RECOND_BINARY FIXTURES_DIR PRISM_BINARY [SCENARIO_DIR]

Needs RECOND_TEST_DATABASE_URL (the schema is reset) and psql. Exit status 77 (skipped) without it.
"""
import json
import os
import re
import secrets
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request

HERE = os.path.dirname(os.path.abspath(__file__))
SKIP = 77


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_http(url, seconds):
    deadline = time.time() + seconds
    while time.time() < deadline:
        try:
            with urllib.request.urlopen(url, timeout=2) as r:
                if r.status < 500:
                    return True
        except Exception:  # not up yet
            time.sleep(0.2)
    return False


def main():
    recond, fixtures, prism = sys.argv[1], sys.argv[2], sys.argv[3]
    scenario = sys.argv[4] if len(sys.argv) > 4 else ""
    if not os.access(prism, os.X_OK):
        print(f"{prism} is not installed: run scripts/test, or npm ci --prefix {HERE}")
        return 1
    database = os.environ.get("RECOND_TEST_DATABASE_URL", "")
    if not database:
        print("RECOND_TEST_DATABASE_URL is not set: skipped")
        return SKIP
    subprocess.run(["psql", database, "-q", "-c",
                    "SET client_min_messages = warning; DROP SCHEMA public CASCADE; CREATE SCHEMA public;"],
                   check=True)
    work = tempfile.mkdtemp(prefix="recond-openapi-")
    document = os.path.join(work, "openapi.json")
    with open(document, "w") as f:
        subprocess.run([recond, "openapi"], stdout=f, check=True)

    token = secrets.token_hex(16)
    recond_port, proxy_port = free_port(), free_port()
    env = dict(os.environ, RECOND_DATABASE_URL=database, RECOND_LISTEN=f"127.0.0.1:{recond_port}",
               RECOND_DEV_TOKEN=token, RECOND_LOG_FORMAT="text", RECOND_LOG_LEVEL="warn")
    recond_log = open(os.path.join(work, "recond.log"), "w")
    server = subprocess.Popen([recond, "serve"], env=env, stdout=recond_log, stderr=subprocess.STDOUT)
    prism_log_path = os.path.join(work, "prism.log")
    prism_log = open(prism_log_path, "w")
    proxy = subprocess.Popen([prism, "proxy", document, f"http://127.0.0.1:{recond_port}", "--host", "127.0.0.1",
                              "--port", str(proxy_port), "--errors=false"],
                             stdout=prism_log, stderr=subprocess.STDOUT, env=dict(os.environ, NO_COLOR="1"))
    status = 1
    canary_end = 0
    try:
        if not wait_http(f"http://127.0.0.1:{recond_port}/healthz", 60):
            print("recond did not start")
            return 1
        if not wait_http(f"http://127.0.0.1:{proxy_port}/healthz", 120):
            print("prism did not start")
            return 1
        proxy_url = f"http://127.0.0.1:{proxy_port}"
        # A canary: one request the document does not allow. Unless the proxy reports it, a quiet
        # log would prove nothing.
        try:
            urllib.request.urlopen(urllib.request.Request(f"{proxy_url}/v1/canary-not-in-the-document",
                                                          headers={"Authorization": "Bearer " + token}), timeout=30)
        except urllib.error.HTTPError:
            pass
        time.sleep(1)
        prism_log.flush()
        canary_end = os.path.getsize(prism_log_path)
        status = subprocess.run([sys.executable, os.path.join(HERE, "exercise.py"), proxy_url,
                                 f"http://127.0.0.1:{recond_port}", token, fixtures]).returncode
        if scenario and os.path.isfile(os.path.join(scenario, "gen.py")):
            out = os.path.join(work, "scenario")
            subprocess.run([sys.executable, os.path.join(scenario, "gen.py"), out, "--lines", "300"],
                           check=True, stdout=subprocess.DEVNULL)
            played = subprocess.run([sys.executable, os.path.join(scenario, "score.py"), out, "--url", proxy_url,
                                     "--token", token, "--company", "scenario"])
            status = status or played.returncode
    finally:
        proxy.terminate()
        server.terminate()
        proxy.wait(30)
        server.wait(60)
        prism_log.close()
        recond_log.close()

    with open(prism_log_path) as f:
        log = f.read()
    if not re.search(r"violat", log[:canary_end], re.IGNORECASE):
        print("the proxy did not report the canary request: it is not validating")
        print(log[:4000])
        return 1
    violations = [l for l in log[canary_end:].splitlines() if re.search(r"violat", l, re.IGNORECASE)]
    print(f"prism: {len(violations)} violation line(s)")
    for v in violations[:200]:
        print("  " + v)
    return 1 if violations or status else 0


if __name__ == "__main__":
    sys.exit(main())
