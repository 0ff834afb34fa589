#!/usr/bin/python3
"""Signs and posts one carrier report to motcuad's postal webhook, as a
carrier's tracking system would (deploy/postal/README.md).

  webhook_call.py URL CARRIER SECRET JSON_BODY [TIMESTAMP]

Prints "<http status> <response body>" and exits 0 (the caller checks).
"""
import hashlib
import hmac
import sys
import time
import urllib.error
import urllib.request


def main(argv):
    url, carrier, secret, body = argv[1], argv[2], argv[3], argv[4].encode()
    ts = argv[5] if len(argv) > 5 else str(int(time.time()))
    sig = hmac.new(secret.encode(), ts.encode() + b"." + body,
                   hashlib.sha256).hexdigest()
    req = urllib.request.Request(
        f"{url}/v1/carriers/{carrier}/events", data=body, method="POST",
        headers={"Content-Type": "application/json",
                 "X-Motcua-Timestamp": ts,
                 "X-Motcua-Signature": "sha256=" + sig})
    try:
        with urllib.request.urlopen(req, timeout=20) as resp:
            print(resp.status, resp.read().decode())
    except urllib.error.HTTPError as e:
        print(e.code, e.read().decode())
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
