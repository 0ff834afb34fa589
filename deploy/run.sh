#!/usr/bin/env bash
# Installs what is missing, builds, and runs motcuad in the foreground on
# 127.0.0.1:50051 with its RocksDB in ./data. Extra arguments go to motcuad,
# e.g. deploy/run.sh --listen 0.0.0.0:50051 --tls-cert server.crt \
#   --tls-key server.key --data /var/lib/motcua (plaintext off loopback is
# refused unless --allow-plaintext; README "TLS and listeners")
set -euo pipefail
cd "$(dirname "$0")/.."
deploy/install-deps.sh
deploy/build.sh
# The build tree has no installed data (README "Install"): name this
# checkout's calendars, catalogue and carrier statuses.
exec build/bin/motcuad --listen 127.0.0.1:50051 --data ./data \
  --calendars deploy/calendars --catalogue deploy/catalogue \
  --postal-statuses deploy/postal/carrier_statuses.json "$@"
