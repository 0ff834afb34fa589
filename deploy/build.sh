#!/usr/bin/env bash
# Configures and builds motcua in ./build (Release, Ninja, ccache when
# present, warnings are errors). Used by deploy/run.sh and deploy/test.sh.
set -euo pipefail
cd "$(dirname "$0")/.."
if [ ! -f build/build.ninja ]; then
  cmake -S . -B build -G Ninja -DCMAKE_BUILD_TYPE=Release -DMOTCUA_WERROR=ON
elif ! grep -q '^MOTCUA_WERROR:BOOL=ON' build/CMakeCache.txt; then
  cmake -S . -B build -DMOTCUA_WERROR=ON
fi
cmake --build build -j "$(nproc)"
