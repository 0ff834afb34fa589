#!/usr/bin/env bash
# Installs every Debian 12 package motcua needs to build, test and run.
# Idempotent: when everything is present it installs nothing and does not
# touch the network. Needs root (or sudo) only when something is missing.
set -euo pipefail

PACKAGES=(
  # toolchain
  g++ cmake ninja-build ccache pkg-config clang-format
  # fuzzing (libFuzzer) and sanitizers
  clang libclang-rt-14-dev
  # libraries
  libgrpc++-dev protobuf-compiler-grpc libprotobuf-dev protobuf-compiler
  librocksdb-dev libboost-dev libboost-system-dev libssl-dev
  nlohmann-json3-dev libcli11-dev libxlsxwriter-dev libicu-dev
  # operations: config, logs, metrics, systemd notify
  libtomlplusplus-dev libspdlog-dev prometheus-cpp-dev libsystemd-dev
  # printable forms: PDF with cairo, a Vietnamese-capable font, QR codes;
  # pdftotext checks the rendered text in tests
  libcairo2-dev fonts-dejavu-core libqrencode-dev poppler-utils
  # tests and benchmarks; systemd-analyze verifies the service unit
  libgtest-dev libgmock-dev libbenchmark-dev systemd
  # the example/integration client (README "Calling it")
  python3 python3-grpcio python3-protobuf grpc-proto
)

missing=()
for p in "${PACKAGES[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$p")
  fi
done

if [ ${#missing[@]} -eq 0 ]; then
  exit 0
fi

echo "install-deps: installing ${missing[*]}" >&2
SUDO=""
if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}"
