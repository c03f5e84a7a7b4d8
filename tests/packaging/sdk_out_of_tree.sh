#!/usr/bin/env bash
# A plugin author's path, end to end: install Ferry into a scratch prefix, build the example
# plugins and freshly scaffolded ones out of tree against the installed SDK, run the conformance
# kit on each, and run the installed ferry on a pipeline source-simple-csv -> sink-jsonl with store-lmdb.
set -euo pipefail
build="$1"
source_dir="$2"
scratch="$(mktemp -d)"
trap 'rm -rf "$scratch"' EXIT
fail() { echo "FAIL: $*" >&2; exit 1; }
prefix="$scratch/usr"

cmake --install "$build" --prefix "$prefix" >/dev/null
[[ -e "$prefix/include/ferry/sdk/testing/conformance.hpp" ]] || fail "install lacks the conformance kit"
config="$(find "$prefix/lib" -name FerrySDKConfig.cmake)"
[[ -n "$config" ]] || fail "install lacks the FerrySDK CMake package"

# Debug: the quickest to compile; the toolchain tag, not the build type, must match the host.
project() {  # project NAME SOURCE_FOLDER: configure, build, run its tests, install into the prefix
    local out="$scratch/build-$1"
    cmake -S "$2" -B "$out" -G Ninja -DCMAKE_BUILD_TYPE=Debug -DCMAKE_PREFIX_PATH="$prefix" \
          -DCMAKE_INSTALL_PREFIX="$prefix" -DCMAKE_CXX_COMPILER_LAUNCHER=ccache >"$out.log" 2>&1 \
        || { cat "$out.log"; fail "$1: configure failed"; }
    cmake --build "$out" --parallel 2 >>"$out.log" 2>&1 || { cat "$out.log"; fail "$1: build failed"; }
    ctest --test-dir "$out" --output-on-failure >>"$out.log" 2>&1 \
        || { cat "$out.log"; fail "$1: conformance checks failed"; }
    grep -q "conformance: " "$out.log" || fail "$1: ran no conformance checks"
    cmake --install "$out" >/dev/null || fail "$1: install failed"
    echo "$1: built out of tree, conformance checks pass"
}

project sink-jsonl "$source_dir/examples/sink-jsonl"
project source-simple-csv "$source_dir/examples/source-simple-csv"
# One scaffold of each kind, built side by side in one tree as a team vendoring plugins would.
mkdir -p "$scratch/scaffolds"
for kind in source sink store; do
    "$prefix/bin/ferry" new-plugin demo --kind "$kind" --dir "$scratch/scaffolds/$kind-demo" \
        >"$scratch/new-plugin.out" || fail "ferry new-plugin --kind $kind failed"
    grep -qF -- "-DCMAKE_PREFIX_PATH=$prefix " "$scratch/new-plugin.out" \
        || fail "ferry new-plugin does not say where its SDK is: $(cat "$scratch/new-plugin.out")"
done
cat >"$scratch/scaffolds/CMakeLists.txt" <<'CMAKE'
cmake_minimum_required(VERSION 3.25)
project(scaffolds CXX)
include(CTest)
foreach(plugin IN ITEMS source-demo sink-demo store-demo)
  add_subdirectory(${plugin})
endforeach()
CMAKE
project scaffolds "$scratch/scaffolds"
for kind in source sink store; do
    grep -q "$kind-demo conformance: " "$scratch/build-scaffolds.log" \
        || fail "the $kind scaffold ran no conformance checks"
done

ferry=(env -u FERRY_PLUGIN_PATH "$prefix/bin/ferry")
listing="$("${ferry[@]}" plugins)"
for plugin in sink-jsonl source-simple-csv source-demo sink-demo store-demo; do
    grep -q "^$plugin " <<<"$listing" || fail "installed ferry does not list $plugin: $listing"
done

mkdir -p "$scratch/invoices"
cp "$source_dir"/examples/source-simple-csv/tests/samples/*.csv "$scratch/invoices/"
cat >"$scratch/archive.yaml" <<YAML
pipeline: archive
store: { plugin: store-lmdb, path: $scratch/ledger }
source: { plugin: source-simple-csv, path: $scratch/invoices, company_cvr: "12345678" }
sink: { plugin: sink-jsonl, path: $scratch/archive.jsonl }
YAML
"${ferry[@]}" once "$scratch/archive.yaml" >"$scratch/once.log" 2>&1 \
    || { cat "$scratch/once.log"; fail "ferry once on the example pipeline failed"; }
"${ferry[@]}" once "$scratch/archive.yaml" >>"$scratch/once.log" 2>&1 \
    || { cat "$scratch/once.log"; fail "the second pass failed"; }
[[ "$(wc -l <"$scratch/archive.jsonl")" == 3 ]] \
    || { cat "$scratch/archive.jsonl"; fail "expected 3 JSON lines after two passes"; }
for key in 12345678/invoice/1001 12345678/invoice/1002 12345678/credit-note/7; do
    grep -q "\"key\":\"$key\"" "$scratch/archive.jsonl" || fail "archive.jsonl lacks $key"
done
grep '"key":"12345678/invoice/1001"' "$scratch/archive.jsonl" | grep -q '"gross":"687.50"' \
    || fail "invoice 1001 does not total 687.50: $(cat "$scratch/archive.jsonl")"
"${ferry[@]}" status "$scratch/archive.yaml" | grep -q "company 12345678: delivered 3" \
    || fail "ferry status shows no delivered documents"
echo "installed ferry ran source-simple-csv -> sink-jsonl exactly once: ok"
