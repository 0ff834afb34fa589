#!/usr/bin/env python3
"""healthcheck: exit 0 when motcuad answers grpc.health.v1.Health/Check with
SERVING, 1 otherwise (the container's HEALTHCHECK, deploy/Dockerfile).

    deploy/healthcheck.py [HOST:PORT]      (default 127.0.0.1:50051)

Plaintext only (the container listens in plaintext unless given TLS flags;
with TLS, point it at a plaintext admin listener on loopback). Needs only
python3-grpcio: the request (an empty HealthCheckRequest) and the answer
(status = SERVING, field 1 = 1) are written as their protobuf bytes.
"""
import sys

import grpc

SERVING = b"\x08\x01"


def main():
    target = sys.argv[1] if len(sys.argv) > 1 else "127.0.0.1:50051"
    try:
        with grpc.insecure_channel(target) as channel:
            check = channel.unary_unary("/grpc.health.v1.Health/Check")
            reply = check(b"", timeout=3)
    except grpc.RpcError as e:
        print("not healthy: %s" % e.code().name, file=sys.stderr)
        return 1
    except Exception as e:  # a bad target, never a traceback
        print("not healthy: %s" % e, file=sys.stderr)
        return 1
    if reply != SERVING:
        print("not serving", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
