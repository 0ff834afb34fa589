#!/usr/bin/env bash
# Configures (once) and builds motcua in ./build (Release, Ninja, ccache when
# present). Used by deploy/run.sh and deploy/test.sh.
set -euo pipefail
cd "$(dirname "$0")/.."
if [ ! -f build/build.ninja ]; then
  cmake -S . -B build -G Ninja -DCMAKE_BUILD_TYPE=Release
fi
cmake --build build -j "$(nproc)"
