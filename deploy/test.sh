#!/usr/bin/env bash
# Installs what is missing, builds, and runs the whole test suite (ctest) in
# ./build (Release), then the same suite under AddressSanitizer +
# UndefinedBehaviorSanitizer in ./build-asan (integration tests included:
# they start the ASan motcuad). With MOTCUA_TEST_FULL=1, a short run of every
# fuzz target follows (./build-fuzz, clang). README "Reliability testing"
# (what CI runs and how long it takes). MOTCUA_TEST_ASAN=0 skips the ASan
# stage for a quick local run; CI never sets it.
set -euo pipefail
cd "$(dirname "$0")/.."
deploy/install-deps.sh
deploy/build.sh
(cd build && ctest --output-on-failure -j "$(nproc)" --timeout 300)

if [ "${MOTCUA_TEST_ASAN:-1}" != 0 ]; then
  # Debug at -O1 keeps ASan's reports exact and the run fast; benchmarks are
  # not tests and are skipped.
  if [ ! -f build-asan/build.ninja ]; then
    cmake -S . -B build-asan -G Ninja -DCMAKE_BUILD_TYPE=Debug \
      -DCMAKE_CXX_FLAGS_DEBUG="-g -O1" -DMOTCUA_SANITIZE=address,undefined \
      -DMOTCUA_BENCHMARKS=OFF -DMOTCUA_WERROR=ON
  fi
  cmake --build build-asan -j "$(nproc)"
  # clang_format and engine_purity read the sources, already checked above.
  (cd build-asan &&
    ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 \
    UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
    ctest --output-on-failure -j "$(nproc)" --timeout 600 \
      -E '^(clang_format|engine_purity)$')
fi

if [ "${MOTCUA_TEST_FULL:-0}" = 1 ]; then
  tests/fuzz/smoke.sh build-fuzz "${MOTCUA_FUZZ_SECONDS:-10}"
fi
