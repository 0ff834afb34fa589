#!/bin/sh
# install_layout (ctest): `cmake --install BUILD --prefix TMP` puts every
# file where README "Install" says, and the installed motcuad starts with
# no path flags (its calendars, catalogue and carrier statuses are found
# next to it), checks the installed example config, and stops cleanly.
set -eu
build=$1
tmp=$(mktemp -d)
pid=""
cleanup() {
  if [ -n "$pid" ]; then kill -9 "$pid" 2>/dev/null || true; fi
  rm -rf "$tmp"
}
trap cleanup EXIT
fail() { echo "install_layout: $*" >&2; exit 1; }

cmake --install "$build" --prefix "$tmp/prefix" >/dev/null
p=$tmp/prefix
for f in bin/motcuad bin/motcuactl; do
  [ -x "$p/$f" ] || fail "missing $f"
done
for f in share/motcua/calendars/calendars.json \
         share/motcua/calendars/holidays.rules \
         share/motcua/calendars/vn-2026.schedule \
         share/motcua/catalogue/sample.catalogue \
         share/motcua/postal/carrier_statuses.json \
         etc/motcua/motcuad.toml \
         lib/systemd/system/motcuad.service \
         lib/sysusers.d/motcua.conf; do
  [ -f "$p/$f" ] || fail "missing $f"
done
grep -q '^Type=notify$' "$p/lib/systemd/system/motcuad.service" ||
  fail "the unit is not Type=notify"
grep -q "^ExecStart=/.*/motcuad --config /.*/motcua/motcuad.toml" \
  "$p/lib/systemd/system/motcuad.service" || fail "ExecStart"

# The unit as systemd reads it (when systemd-analyze is here): no unknown
# or misspelt key, and its hardening keeps the exposure score at 2.0 or
# below (1.5 when written). ExecStart points at this prefix so that verify
# finds the binary.
if command -v systemd-analyze >/dev/null 2>&1; then
  mkdir "$tmp/unit"
  sed -E "s|^ExecStart=[^ ]*/bin/motcuad |ExecStart=$p/bin/motcuad |" \
    "$p/lib/systemd/system/motcuad.service" >"$tmp/unit/motcuad.service"
  systemd-analyze verify "$tmp/unit/motcuad.service" >"$tmp/verify.out" 2>&1 ||
    { cat "$tmp/verify.out" >&2; fail "systemd-analyze verify"; }
  [ ! -s "$tmp/verify.out" ] ||
    { cat "$tmp/verify.out" >&2; fail "systemd-analyze verify warns"; }
  systemd-analyze security --offline=true --threshold=20 \
    "$tmp/unit/motcuad.service" >"$tmp/security.out" 2>&1 ||
    { tail -3 "$tmp/security.out" >&2; fail "exposure above 2.0"; }
else
  echo "install_layout: systemd-analyze not found; unit not verified"
fi

"$p/bin/motcuad" --version | head -1 | grep -q '^motcuad [0-9]' ||
  fail "--version"
# The example config checks out against the installed data (its data
# directory is only named, never opened, by --check-config).
"$p/bin/motcuad" --check-config --config "$p/etc/motcua/motcuad.toml" \
  >"$tmp/check.out" 2>&1 || { cat "$tmp/check.out" >&2; fail "--check-config"; }

# Started from elsewhere, without --calendars/--catalogue/--postal-statuses.
mkdir "$tmp/run"
cd "$tmp/run"
"$p/bin/motcuad" --listen 127.0.0.1:0 --data "$tmp/data" \
  >"$tmp/out" 2>"$tmp/err" &
pid=$!
i=0
until grep -q '^motcuad listening on 127.0.0.1:' "$tmp/out"; do
  i=$((i + 1))
  if [ $i -gt 200 ] || ! kill -0 "$pid" 2>/dev/null; then
    cat "$tmp/out" "$tmp/err" >&2
    fail "the installed motcuad did not start"
  fi
  sleep 0.1
done
kill -TERM "$pid"
status=0
wait "$pid" || status=$?
pid=""
[ "$status" -eq 0 ] || { cat "$tmp/err" >&2; fail "exit status $status"; }
echo "install_layout: ok"
