#!/usr/bin/env python3
"""Plays every route of recond's API once or more, as an ERP, a clerk and an operator would,
with good requests and with requests that recond must refuse (a bad parameter, an unknown id,
no token). Run behind a validating proxy (proxy_check.py), every answer is checked against the
OpenAPI document.

  exercise.py PROXY_URL RECOND_URL TOKEN FIXTURES_DIR

Exit status 0 when every call answered the status this script expects; it prints one line per
call. Only the Python standard library is used.
"""
import json
import sys
import urllib.error
import urllib.request


class Api:
    """Calls through `url` (the validating proxy). Requests that break the document on purpose
    (no token, an unknown path, a parameter of the wrong type) go to `direct` instead: the proxy
    would rightly report them, and what is checked here is recond's refusal."""

    def __init__(self, url, direct, token):
        self.url = url.rstrip("/")
        self.direct = direct.rstrip("/")
        self.token = token
        self.failures = []

    def call(self, method, path, expect, body=None, ctype="application/json", token=True, headers=None,
             off_schema=False):
        data = None
        if body is not None:
            data = body if isinstance(body, bytes) else json.dumps(body).encode()
        base = self.direct if off_schema else self.url
        req = urllib.request.Request(base + path, data=data, method=method)
        if token:
            req.add_header("Authorization", "Bearer " + self.token)
        if data is not None:
            req.add_header("Content-Type", ctype)
        for k, v in (headers or {}).items():
            req.add_header(k, v)
        try:
            with urllib.request.urlopen(req, timeout=120) as r:
                status, raw, rtype = r.status, r.read(), r.headers.get("Content-Type", "")
        except urllib.error.HTTPError as e:
            status, raw, rtype = e.code, e.read(), e.headers.get("Content-Type", "")
        expected = expect if isinstance(expect, (tuple, list)) else (expect,)
        ok = status in expected
        print(f"{'ok  ' if ok else 'FAIL'} {method} {path} -> {status} (expected {'/'.join(map(str, expected))})")
        if not ok:
            self.failures.append(f"{method} {path}: {status} {raw[:400]!r}")
        if "json" in rtype and raw:
            try:
                return json.loads(raw)
            except ValueError:
                self.failures.append(f"{method} {path}: the answer is not JSON: {raw[:200]!r}")
        return raw


OPEN_ITEMS = [
    {"external_id": "INV-2026-000123", "kind": "receivable", "partner_id": "C1", "partner_name": "Nordic Design AS",
     "partner_accounts": ["NO8330001234567"], "document_number": "2026-000123",
     "structured_reference": "RF18539007547034", "amount": "1250.00", "open_amount": "1250.00", "currency": "EUR",
     "issue_date": "2026-10-20", "due_date": "2026-11-19"},
    {"external_id": "INV-1", "kind": "receivable", "partner_id": "C2", "partner_name": "Fjord Living AB",
     "document_number": "INV-1", "amount": "100.00", "currency": "EUR", "due_date": "2026-11-18"},
    {"external_id": "INV-2", "kind": "receivable", "partner_id": "C3", "partner_name": "Polar Home Oy",
     "document_number": "INV-2", "amount": "200.00", "currency": "EUR", "due_date": "2026-11-18"},
    {"external_id": "FEE-A", "kind": "payable", "partner_id": "BANK", "partner_name": "The Bank",
     "amount": "-99.50", "currency": "EUR", "due_date": "2026-11-20"},
    {"external_id": "FEE-B", "kind": "payable", "partner_id": "BANK", "partner_name": "The Bank",
     "amount": "-99.50", "currency": "EUR", "due_date": "2026-11-21"},
]


def read(path):
    with open(path, "rb") as f:
        return f.read()


def main():
    url, direct, token, fixtures = sys.argv[1], sys.argv[2], sys.argv[3], sys.argv[4]
    api = Api(url, direct, token)

    # Operators.
    api.call("GET", "/healthz", 200, token=False)
    api.call("GET", "/readyz", 200, token=False)
    api.call("GET", "/metrics", 200, token=False)
    api.call("GET", "/v1/openapi.json", 200)
    api.call("GET", "/v1/statements", 401, token=False, off_schema=True)
    api.call("GET", "/v1/nowhere", 404, off_schema=True)

    # The ERP pushes its open items, as JSON and as NDJSON, twice (the second time unchanged).
    api.call("POST", "/v1/open-items", 200, OPEN_ITEMS[:3], headers={"Idempotency-Key": "items-1"})
    api.call("POST", "/v1/open-items", 200, OPEN_ITEMS[:3], headers={"Idempotency-Key": "items-1"})
    ndjson = "\n".join(json.dumps(i) for i in OPEN_ITEMS[3:]).encode()
    api.call("POST", "/v1/open-items", 200, ndjson, ctype="application/x-ndjson")
    api.call("POST", "/v1/open-items", 422, [{"external_id": "X", "amount": "1.005", "currency": "EUR"}])
    api.call("GET", "/v1/open-items", 200)
    api.call("GET", "/v1/open-items?status=open&partner=Nordic&amount_min=1.00&amount_max=5000.00&currency=EUR"
             "&due_from=2026-01-01&due_to=2026-12-31&limit=2", 200)
    api.call("GET", "/v1/open-items?due_from=yesterday", 400, off_schema=True)

    # A clerk uploads statements: new, again, unreadable, empty, as a multipart form.
    camt = read(fixtures + "/camt/camt053_v08_basic.xml")
    up = api.call("POST", "/v1/statements", 201, camt, ctype="application/octet-stream")
    api.call("POST", "/v1/statements", 200, camt, ctype="application/octet-stream")
    api.call("POST", "/v1/statements", 422, read(fixtures + "/camt/camt053_bad_amount.xml"),
             ctype="application/octet-stream")
    api.call("POST", "/v1/statements", (400, 422), b"", ctype="application/octet-stream", off_schema=True)
    boundary = "recondboundary"
    mt940 = read(fixtures + "/mt940/year_end.sta")
    form = (f"--{boundary}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"year_end.sta\"\r\n"
            f"Content-Type: application/octet-stream\r\n\r\n").encode() + mt940 + f"\r\n--{boundary}--\r\n".encode()
    api.call("POST", "/v1/statements", 201, form, ctype=f"multipart/form-data; boundary={boundary}")
    api.call("POST", "/v1/statements?format=nonsense", (400, 422), b"abc", ctype="application/octet-stream")

    statement_id = up["statements"][0]["id"] if isinstance(up, dict) and up.get("statements") else "st_1"
    api.call("GET", "/v1/statements", 200)
    api.call("GET", "/v1/statements?status=processed&date_from=2026-01-01&date_to=2026-12-31&limit=1", 200)
    api.call("GET", f"/v1/statements/{statement_id}", 200)
    api.call("GET", "/v1/statements/st_999999", 404)
    api.call("GET", "/v1/statements/nonsense", (400, 404))
    lines = api.call("GET", f"/v1/lines?statement_id={statement_id}", 200)
    api.call("GET", "/v1/lines?status=unmatched&currency=EUR&amount_min=0.01&q=invoice&limit=5", 200)
    api.call("GET", "/v1/lines?status=everything", 400, off_schema=True)

    # Matching: a dry run, a synchronous run, an asynchronous one.
    api.call("POST", "/v1/reconcile?dry_run=true", 200, {})
    api.call("POST", "/v1/reconcile", 200, {})
    queued = api.call("POST", "/v1/reconcile?async=true", 202, {})
    if isinstance(queued, dict) and "run_id" in queued:
        api.call("GET", f"/v1/runs/{queued['run_id']}", 200)
    api.call("GET", "/v1/runs/run_999999", 404)
    api.call("POST", "/v1/reconcile", 400, [1, 2], off_schema=True)

    applied = api.call("GET", "/v1/matches?status=applied", 200)
    proposed = api.call("GET", "/v1/matches?status=proposed&limit=50", 200)
    api.call("GET", "/v1/matches?date_from=2026-01-01&date_to=2026-12-31", 200)
    api.call("GET", "/v1/matches?status=maybe", 400)
    applied_ids = [m["id"] for m in applied.get("items", [])] if isinstance(applied, dict) else []
    proposal_ids = [m["id"] for m in proposed.get("items", [])] if isinstance(proposed, dict) else []
    if applied_ids:
        api.call("GET", f"/v1/matches/{applied_ids[0]}", 200)
        api.call("POST", f"/v1/matches/{applied_ids[0]}/reverse", 200)
        api.call("POST", f"/v1/matches/{applied_ids[0]}/reverse", 409)
    api.call("GET", "/v1/matches/mt_999999", 404)
    if proposal_ids:
        api.call("POST", f"/v1/matches/{proposal_ids[0]}/reject", 200)
        api.call("POST", f"/v1/matches/{proposal_ids[0]}/approve", 409)
    if len(proposal_ids) > 1:
        api.call("POST", "/v1/matches/review", 200,
                 {"decisions": [{"id": proposal_ids[1], "action": "approve"},
                                {"id": "mt_999999", "action": "reject"}]})
    api.call("POST", "/v1/matches/review", 400, {"decisions": [{"id": "mt_1", "action": "maybe"}]}, off_schema=True)
    api.call("POST", "/v1/matches/mt_999999/approve", 404)

    # A manual match of a line still open, and candidates for it.
    open_lines = api.call("GET", "/v1/lines?status=unmatched&limit=100", 200)
    line = next((l for l in open_lines.get("items", []) if l["amount"] == "1250.00"), None) \
        if isinstance(open_lines, dict) else None
    if line:
        api.call("GET", f"/v1/lines/{line['id']}/candidates", 200)
        api.call("POST", "/v1/matches", 201,
                 {"line_ids": [line["id"]], "allocations": [{"external_id": "INV-2026-000123", "amount": "1250.00"}]})
    api.call("POST", "/v1/matches", (400, 404, 409, 422),
             {"line_ids": ["ln_999999"], "allocations": [{"external_id": "INV-1", "amount": "1.00"}]})
    api.call("GET", "/v1/lines/ln_999999/candidates", 404)

    # Rules and what recond learned.
    rules = api.call("GET", "/v1/rules", 200)
    if isinstance(rules, dict):
        api.call("PUT", "/v1/rules", 200, {"rules": rules.get("rules", [])})
    api.call("PUT", "/v1/rules", (400, 422), {"rules": [{"kind": "no_such_rule"}]})
    api.call("GET", "/v1/partners/C1/payers", 200)

    # Bank connections: the list, refusals, dead letters.
    api.call("GET", "/v1/connections", 200)
    api.call("GET", "/v1/connections/cn_999999", 404)
    api.call("POST", "/v1/connections", (400, 422), {"name": "x", "type": "no-such-type"})
    api.call("GET", "/v1/connections/cn_999999/pulls", 404)
    api.call("GET", "/v1/dead-letters", 200)
    api.call("POST", "/v1/dead-letters/dl_999999/replay", 404)
    api.call("GET", "/oauth/callback?state=unknown&code=nothing", 404, token=False)

    # Jobs, receipts of received files, CSV profiles (issue 11).
    jobs = api.call("GET", "/v1/jobs", 200)
    api.call("GET", "/v1/jobs?status=dead&limit=5", 200)
    job_ids = [j["id"] for j in jobs.get("items", [])] if isinstance(jobs, dict) else []
    if job_ids:
        api.call("GET", f"/v1/jobs/{job_ids[0]}", 200)
        api.call("POST", f"/v1/jobs/{job_ids[0]}/replay", 409)  # not dead: nothing to replay
    api.call("GET", "/v1/jobs/job_999999", 404)
    api.call("GET", "/v1/uploads", 200)
    api.call("GET", "/v1/uploads?outcome=refused&source=upload&limit=5", 200)
    api.call("GET", "/v1/uploads?outcome=maybe", 400, off_schema=True)
    upload_id = up.get("upload_id") if isinstance(up, dict) else None
    if upload_id:
        api.call("GET", f"/v1/uploads/{upload_id}", 200)
        api.call("GET", f"/v1/uploads/{upload_id}/content", 200)
    api.call("GET", "/v1/uploads/up_999999", 404)
    api.call("GET", "/v1/uploads/up_999999/content", 404)
    api.call("GET", "/v1/csv-profiles", 200)
    shipped = api.call("GET", "/v1/csv-profiles/ing-de", 200)
    api.call("GET", "/v1/csv-profiles/no-such-profile", 404)
    if isinstance(shipped, dict):
        api.call("PUT", "/v1/csv-profiles/exercise-ing", 201, shipped["profile"])
        api.call("PUT", "/v1/csv-profiles/exercise-ing", 200, shipped["profile"])
        api.call("GET", "/v1/csv-profiles/exercise-ing", 200)
        api.call("DELETE", "/v1/csv-profiles/exercise-ing", 204)
        api.call("DELETE", "/v1/csv-profiles/exercise-ing", 404)
    api.call("PUT", "/v1/csv-profiles/exercise-bad", 400, {"delimiter": 5})

    # Limits: a body nested deeper than json_depth_max (413 beyond json_bytes_max: tests/server).
    api.call("POST", "/v1/reconcile", 400, b"[" * 100 + b"]" * 100, off_schema=True)

    if api.failures:
        print("\n".join(["", "failures:"] + api.failures))
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
