#!/usr/bin/python3
"""What a web-based desk does over HTTP/JSON, with nothing but urllib.

Usage: http_json_client.py BASE_URL TOKEN_FILE

Runs against a motcuad started with --http-listen: errors (401, 404, 405,
400 with the field), submit, transfer, get, a refused action (409 and 400
FAILED_PRECONDITION), the Form 06 report and a citizen lookup. Prints one
line per check and exits 1 at the first failure.
"""
import datetime
import json
import sys
import urllib.error
import urllib.request

BASE = sys.argv[1]
with open(sys.argv[2], encoding="utf-8") as f:
    TOKEN = f.read().strip()


def call(method, path, body=None, token=TOKEN, raw=None, headers=None):
    """(status, headers, parsed JSON or bytes) of one request."""
    data = raw if raw is not None else (
        None if body is None else json.dumps(body).encode("utf-8"))
    req = urllib.request.Request(BASE + path, data=data, method=method)
    if data is not None:
        req.add_header("Content-Type", "application/json")
    if token:
        req.add_header("Authorization", "Bearer " + token)
    for k, v in (headers or {}).items():
        req.add_header(k, v)
    try:
        with urllib.request.urlopen(req, timeout=20) as resp:
            status, hdrs, payload = resp.status, resp.headers, resp.read()
    except urllib.error.HTTPError as e:
        status, hdrs, payload = e.code, e.headers, e.read()
    if hdrs.get("Content-Type", "").startswith("application/json"):
        return status, hdrs, json.loads(payload)
    return status, hdrs, payload


def check(what, ok, detail=""):
    print(("ok   " if ok else "FAIL ") + what + ("" if ok else ": " + str(detail)))
    if not ok:
        sys.exit(1)


# Errors a client can act on.
status, hdrs, body = call("GET", "/v1/whoami", token=None)
check("401 without a token", status == 401 and body["status"] ==
      "UNAUTHENTICATED" and body["code"] == 16 and
      hdrs.get("WWW-Authenticate") == "Bearer", (status, body))
status, _, body = call("GET", "/v1/whoami", token="mct_not-a-token")
check("401 with a wrong token", status == 401, (status, body))
status, _, body = call("GET", "/v1/whoami")
check("whoami with the token", status == 200 and "principal" in body,
      (status, body))
status, _, body = call("GET", "/v1/no/such/route")
check("404 for an unknown route", status == 404 and
      body["status"] == "NOT_FOUND", (status, body))
status, _, body = call("GET", "/forms/ABC-123/receipt-slip.pdf")
check("GET /forms/{code}/... is routed: a malformed code is 400 naming code",
      status == 400 and body["message"].startswith("code"), (status, body))
status, hdrs, body = call("DELETE", "/v1/dossiers/X")
check("405 for a wrong method", status == 405 and
      hdrs.get("Allow") == "GET", (status, dict(hdrs), body))
status, _, body = call("POST", "/v1/dossiers", raw=b'{"client_id": ')
check("400 for bad JSON", status == 400 and "JSON" in body["message"],
      (status, body))

submission = {
    "client_id": "web-desk", "request_id": "http-0001",
    "agency_code": "H55.1", "procedure_code": "1.001234",
    "applicant": {"full_name": "Nguyễn Văn An",
                  "personal_id": "001190012345", "phone": "0912345678",
                  "address": "12 Tràng Tiền, Hà Nội"},
    "channel": "CHANNEL_DIRECT",
    "documents": [{"name": "Tờ khai", "originals": 1}]}
bad = json.loads(json.dumps(submission))
bad["request_id"] = "http-bad"
bad["applicant"]["personal_id"] = "12"
status, _, body = call("POST", "/v1/dossiers", bad)
check("400 naming the field", status == 400 and body["code"] == 3 and
      body["message"].startswith("applicant.personal_id"), (status, body))
# Every bad field, as google.rpc.BadRequest in the details (issue 14 item 8).
bad["applicant"]["phone"] = "x"
bad["documents"] = []
status, _, body = call("POST", "/v1/dossiers", bad)
violations = [v.get("field") for d in body.get("details", [])
              if d.get("@type", "").endswith("google.rpc.BadRequest")
              for v in d.get("field_violations", d.get("fieldViolations", []))]
check("400 lists every bad field", status == 400 and
      {"applicant.personal_id", "applicant.phone", "documents"} <=
      set(violations), (status, body))

# Submit, act, get.
status, _, body = call("POST", "/v1/dossiers", submission)
check("submit", status == 200 and body["dossier"]["code"].startswith(
    "H55.1-"), (status, body))
code = body["dossier"]["code"]
secret = body["lookup_secret"]
status, _, body = call("POST", "/v1/dossiers", submission)
check("submit again replays", status == 200 and body["replayed"] is True and
      body["dossier"]["code"] == code, (status, body))
transfer = {"client_id": "web-desk", "request_id": "http-0002",
            "agency_code": "H55.1", "officer": "Lê Thị Hoa",
            "to_agency": "H55.10"}
status, _, body = call("POST", "/v1/dossiers/%s:transfer" % code, transfer)
check("transfer", status == 200 and body["dossier"]["state"] ==
      "DOSSIER_STATE_TRANSFERRED", (status, body))
status, hdrs, pdf = call("GET", "/forms/%s/receipt-slip.pdf" % code)
check("receipt slip as raw PDF bytes", status == 200 and
      hdrs.get("Content-Type", "").startswith("application/pdf") and
      isinstance(pdf, bytes) and pdf.startswith(b"%PDF-"),
      (status, hdrs.get("Content-Type"), pdf[:40]))
status, _, body = call("GET", "/forms/%s/no-such-form.pdf" % code)
check("unknown form is 400 naming file", status == 400 and
      "file" in body.get("message", ""), (status, body))
status, _, body = call("GET", "/v1/dossiers/" + code)
check("get", status == 200 and body["dossier"]["holder_agency"] == "H55.10" and
      body["dossier"]["applicant"]["full_name"] == "Nguyễn Văn An",
      (status, body))
stale = dict(transfer, request_id="http-0003", expected_version="1")
status, _, body = call("POST", "/v1/dossiers/%s:transfer" % code, stale)
check("409 for a stale expected_version", status == 409 and
      body["status"] == "ABORTED", (status, body))
again = dict(transfer, request_id="http-0004")
status, _, body = call("POST", "/v1/dossiers/%s:transfer" % code, again)
check("400 FAILED_PRECONDITION for a refused action", status == 400 and
      body["status"] == "FAILED_PRECONDITION", (status, body))
status, _, body = call("GET", "/v1/dossiers/H55.1-200101-9999")
check("404 for an unknown dossier", status == 404 and
      body["status"] == "NOT_FOUND", (status, body))
status, _, body = call(
    "GET", "/v1/dossiers?agency_code=H55.1&states=DOSSIER_STATE_TRANSFERRED")
check("list with query parameters", status == 200 and
      [d["code"] for d in body["dossiers"]] == [code], (status, body))

# A report: the Decree 09/2019 quarter of today (Vietnam time).
today = (datetime.datetime.now(datetime.timezone.utc) +
         datetime.timedelta(hours=7)).date()
year, month = today.year, today.month
if today.day >= 15:
    month += 1
if month == 13:
    year, month = year + 1, 1
quarter = (month + 2) // 3
status, _, body = call(
    "GET", "/v1/reports/form06?period.kind=PERIOD_KIND_QUARTER"
    "&period.year=%d&period.number=%d" % (year, quarter))
check("form 06 report", status == 200 and "form" in body and
      "total" in body["form"], (status, body))
status, _, body = call("GET", "/v1/reports/form06?period.year=x")
check("400 for a bad query parameter", status == 400 and
      "period.year" in body["message"], (status, body))

# The event stream as newline-delimited JSON, up to the head.
req = urllib.request.Request(BASE + "/v1/events?stop_at_head=true")
req.add_header("Authorization", "Bearer " + TOKEN)
with urllib.request.urlopen(req, timeout=20) as resp:
    kind = resp.headers.get("Content-Type")
    lines = [json.loads(line) for line in resp.read().splitlines() if line]
check("event stream", kind == "application/x-ndjson" and len(lines) >= 2 and
      all(e["dossier_code"] == code for e in lines) and
      [int(e["global_seq"]) for e in lines] ==
      sorted(int(e["global_seq"]) for e in lines), (kind, lines))
status, _, body = call("GET", "/v1/events?after_seq=x")
check("event stream: 400 before streaming", status == 400, (status, body))

# A citizen lookup through a portal: the secret goes in the body.
status, _, body = call("POST", "/v1/lookup/" + code, {"secret": secret})
check("lookup", status == 200 and "status" in body, (status, body))
print("all HTTP/JSON checks passed")
