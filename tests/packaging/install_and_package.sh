#!/usr/bin/env bash
# Installs the build into a scratch prefix and builds the .deb, checking what a clinic's server
# would get: the binary finds its plugins, the unit is hardened, the package runs its scripts.
set -euo pipefail
build="$1"
scratch="$(mktemp -d)"
trap 'rm -rf "$scratch"' EXIT
fail() { echo "FAIL: $*" >&2; exit 1; }

cmake --install "$build" --prefix "$scratch/usr" >/dev/null
for file in usr/bin/ferry usr/bin/oioubl-generate usr/lib/ferry/store-lmdb.so usr/lib/ferry/source-novax.so \
            usr/lib/ferry/sink-postgres.so usr/lib/ferry/source-economic.so usr/lib/systemd/system/ferry.service usr/share/doc/ferry/README.md \
            usr/include/ferry/sdk/sdk.hpp; do
    [[ -e "$scratch/$file" ]] || fail "install lacks $file"
done
[[ ! -e "$scratch/usr/lib/ferry/sink-recording.so" ]] || fail "test plugins must not be installed"
"$scratch/usr/bin/oioubl-generate" --count 2 --seed 1 --cvr 16356706 --out "$scratch/generated" \
    >/dev/null || fail "the installed oioubl-generate does not run"
[[ "$(ls "$scratch/generated" | wc -l)" == 2 ]] || fail "oioubl-generate --count 2 wrote: $(ls "$scratch/generated")"

# The installed binary finds the installed plugins through ../lib/ferry, with no path given.
listing="$(env -u FERRY_PLUGIN_PATH "$scratch/usr/bin/ferry" plugins)"
grep -q "^store-lmdb  *store" <<<"$listing" || fail "installed ferry does not list store-lmdb: $listing"
grep -q "^source-novax  *source" <<<"$listing" || fail "installed ferry does not list source-novax"

unit="$scratch/usr/lib/systemd/system/ferry.service"
for setting in "User=ferry" "ProtectSystem=strict" "StateDirectory=ferry" "NoNewPrivileges=yes" \
               "PrivateTmp=yes" "ExecReload=/bin/kill -HUP \$MAINPID"; do
    grep -qxF "$setting" "$unit" || fail "unit lacks $setting"
done

(cd "$build" && cpack -G DEB -B "$scratch/package" >/dev/null) || fail "cpack failed"
deb="$(ls "$scratch"/package/ferry_*.deb)"
contents="$(dpkg-deb -c "$deb")"
for file in ./usr/bin/ferry ./usr/bin/oioubl-generate ./usr/lib/ferry/store-lmdb.so \
            ./usr/lib/systemd/system/ferry.service; do
    grep -q " $file\$" <<<"$contents" || fail "package lacks $file"
done
dpkg-deb -I "$deb" postinst | grep -q "adduser --system" || fail "package lacks its postinst"
dpkg-deb -f "$deb" Depends | grep -q "libyaml-cpp" || fail "package does not depend on its libraries"
dpkg-deb -f "$deb" Depends | grep -q "libpq5" || fail "package does not depend on libpq5 (sink-postgres)"
echo "installed layout, unit and package: ok ($(basename "$deb"))"
