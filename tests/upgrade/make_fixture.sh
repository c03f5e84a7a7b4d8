#!/usr/bin/env bash
# Writes the upgrade fixture of this release: a ledger as a clinic's disk would hold it after
# some weeks of real passes, made by this release's own ferry binary, store-lmdb, source-novax
# and sink-economic against the e-conomic emulator (tests/upgrade/README.md says what it holds).
#
#   tests/upgrade/make_fixture.sh [--build-dir DIR] [--force]
#
# Writes tests/upgrade/fixtures/<version>/ (the version `ferry --version` reports). A fixture
# of a released version is never rewritten: it is what that release left on users' disks, and
# the upgrade test of every later release reads it (--force is for a fixture not yet released).
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)

usage() {
    sed -n '2,10s/^# \{0,1\}//p' "$0"
    exit 2
}

build="$root/build" force=0
while (($#)); do
    case "$1" in
        --build-dir) build=$(realpath "${2:?--build-dir needs a folder}") && shift ;;
        --force) force=1 ;;
        -h | --help) usage ;;
        *) echo "make_fixture.sh: unknown argument '$1'" >&2 && usage ;;
    esac
    shift
done

for tool in curl jq; do
    command -v $tool >/dev/null ||
        { echo "make_fixture.sh: needs $tool (apt-get install $tool)" >&2 && exit 2; }
done
ferry_binary="$build/bin/ferry"
for binary in "$ferry_binary" "$build/bin/economic-emulator"; do
    [[ -x "$binary" ]] || {
        echo "make_fixture.sh: $binary is missing; build the ferry, economic-emulator," \
            "store-lmdb, source-novax and sink-economic targets first" >&2
        exit 2
    }
done
version=$("$ferry_binary" --version | sed -n 's/^ferry //p')
out="$root/tests/upgrade/fixtures/$version"
if [[ -e "$out" ]] && ((!force)); then
    echo "make_fixture.sh: $out exists; a released fixture is never rewritten (--force if" \
        "$version is not released yet)" >&2
    exit 2
fi

work=$(mktemp -d "${TMPDIR:-/tmp}/ferry-upgrade-fixture.XXXXXX")
emulator_pid=""
cleanup() {
    [[ -n "$emulator_pid" ]] && kill "$emulator_pid" 2>/dev/null
    rm -rf "$work"
}
trap cleanup EXIT

companies=(16356706 12345674 11668216 37990485 73624118 11223344)
export UPGRADE_DIR="$work" UPGRADE_APP_SECRET=emulator-app-secret UPGRADE_SECRET=not-used
for cvr in "${companies[@]}"; do
    export "UPGRADE_GRANT_$cvr=upgrade-grant-$cvr"
done
pipeline="$work/upgrade.yaml"
cp "$root/tests/upgrade/pipelines/upgrade.yaml" "$pipeline"

ferry() {
    "$ferry_binary" --plugin-path "$build/lib/ferry" "$@"
}

# The pipeline names every setting of the host and the plugins (their names, not their paths),
# so that the next release is held to reading each of them.
# shellcheck disable=SC2016 # the backquotes are the reference's Markdown, not the shell's
missing=$(ferry plugins --reference | sed -n 's/^| `\([^`]*\)` |.*/\1/p' | sed 's/.*[].]//' |
    sort -u | while read -r name; do
        grep -qE "(^|[ {,])$name:" "$pipeline" || echo "$name"
    done)
if [[ -n "$missing" ]]; then
    echo "make_fixture.sh: tests/upgrade/pipelines/upgrade.yaml lacks the setting(s):" \
        "${missing//$'\n'/ }" >&2
    exit 1
fi

# --- the e-conomic emulator, one agreement per company -------------------------------------
agreements=()
for cvr in "${companies[@]}"; do
    agreements+=(--agreement "upgrade-grant-$cvr:$cvr")
done
"$build/bin/economic-emulator" --port 0 --no-fsync "${agreements[@]}" >"$work/emulator.log" 2>&1 &
emulator_pid=$!
for _ in $(seq 100); do
    UPGRADE_ECONOMIC_URL=$(sed -n 's/^listening on //p' "$work/emulator.log")
    [[ -n "$UPGRADE_ECONOMIC_URL" ]] && break
    sleep 0.1
done
[[ -n "$UPGRADE_ECONOMIC_URL" ]] || { cat "$work/emulator.log" >&2 && exit 1; }
export UPGRADE_ECONOMIC_URL

emulator() { # METHOD PATH [BODY]
    curl -sS --fail-with-body -X "$1" -H 'Content-Type: application/json' \
        ${3:+--data "$3"} "$UPGRADE_ECONOMIC_URL$2"
}
economic() { # CVR METHOD PATH: a request of company CVR's own, as a bookkeeper's app would
    curl -sS --fail-with-body -X "$2" -H "X-AppSecretToken: $UPGRADE_APP_SECRET" \
        -H "X-AgreementGrantToken: upgrade-grant-$1" "$UPGRADE_ECONOMIC_URL$3"
}
agreement_state() { # CVR
    emulator GET "/__emulator/agreements/upgrade-grant-$1/state"
}

# --- the clinic's NOVAX folder ---------------------------------------------------------------
# Every file gets a fixed modification time (noon UTC, the same day in every time zone): the
# source's fingerprint is name, size and mtime, so the test rebuilds this folder exactly from
# inbox.txt and a document the ledger knows is the same document again.
mkdir "$work/inbox"
declare -A inbox
place() { # NAME SAMPLE|text:CONTENT UTC-DAY
    local file="$work/inbox/$1"
    if [[ "$2" == text:* ]]; then
        printf '%s' "${2#text:}" >"$file"
    else
        cp "$root/tests/samples/oioubl/$2" "$file"
    fi
    touch -d "$3 12:00:00 UTC" "$file"
    inbox[$1]="$(date -u -d "$3 12:00:00 UTC" +%s) $1 $2"
}
pass() { # what the pass's summary must say
    local output
    output=$(ferry once "$pipeline" 2>&1) || { echo "$output" >&2 && exit 1; }
    grep -q "$1" <<<"$output" || {
        echo "$output" >&2
        echo "make_fixture.sh: expected '$1' from the pass" >&2
        exit 1
    }
}

# Years of files from before the clinic started with Ferry: skipped, never read. With the first
# pass's other documents they are more than the 256 saved briefs after which the next pass folds
# the recent briefs into the brief snapshot, so the fixture holds a snapshot with entries beside
# recent briefs, as every ledger in use soon does.
for n in $(seq 250); do
    place "Novax_B$((4000 + n))_16356706_Faktura.xml" phive-2.0.2__BASPRO_01_01_00_Invoice_v2p2.xml \
        "2025-$(printf %02d $((n % 12 + 1)))-$(printf %02d $((n % 28 + 1)))"
done

# The first pass: booked, drafts left for review, refused by the source and by the target.
place Novax_A00095678_16356706_Faktura.xml phive-1.17.2__OIOUBL_Invoice_v2p2.xml 2026-03-02
place Novax_A00095679_16356706_Kreditnote.xml phive-1.17.2__OIOUBL_CreditNote_v2p2.xml 2026-03-02
place Novax_A00095680_16356706_Faktura.xml phive-2.0.2__ADVORD_02_02_00_Invoice_v2p2.xml 2026-03-02
place Novax_A00095682_16356706_Faktura.xml "text:<broken/>" 2026-03-02
place Novax_FINAL-FIK01_12345674_Faktura.xml gobl-convert-out__fik.xml 2026-03-02
place Novax_FINAL-DUAL-MIX_12345674_Faktura.xml gobl-convert-out__dual-currency-mixed.xml 2026-03-02
place Novax_70390_11668216_Kreditnote.xml gobl-parse__negative-rounding_real.xml 2026-03-02
place Novax_CN-001_37990485_Kreditnote.xml gobl-parse__credit-note-no-typecode.xml 2026-03-02
place Novax_A00095678_16356700_Faktura.xml gobl-parse__used-invoice_real.xml 2026-03-02
place Novax_A00095678_16356707_Faktura.xml phive-2.0.2__COMORG_03_03_00_Invoice_v2p2.xml 2026-03-02
pass "listed 260, delivered 6, rejected 4, retry later 0, skipped 250"

# A bookkeeper voids the broken file's number in NOVAX; Ferry is told never to deliver it.
ferry skip "$pipeline" 16356706/invoice/A00095682 --reason "voided in NOVAX" >/dev/null

# A bookkeeper deletes a draft left for review; it is sent again under generation 1.
draft=$(agreement_state 12345674 | jq -r '.drafts[] | select(.references.other ==
    "ferry:clinic:12345674/invoice/FINAL-FIK01") | .draftInvoiceNumber')
economic 12345674 DELETE "/invoices/drafts/$draft" >/dev/null
ferry retry "$pipeline" 12345674/invoice/FINAL-FIK01 --resend >/dev/null

# The second pass sends it again, and finds an invoice NOVAX printed again after delivery.
place Novax_A00095680_16356706_Faktura.xml phive-2.0.2__BASPRO_03_01_06_Invoice_B_v2p2.xml 2026-03-03
pass "delivered 1, rejected 0, retry later 0, skipped 0, changed after delivery 1"

# The third pass meets an agreement whose grant was withdrawn: retry later, after the pause
# (unauthorized_pause_minutes: 1, so that the test finds it due).
place Novax_202400095678_16356706_Faktura.xml \
    phive-3.0.1__OIOUBL3_Invoice_billing_with_response_Example.xml 2026-03-04
UPGRADE_GRANT_16356706=withdrawn pass "delivered 0, rejected 0, retry later 1"

# The fourth pass is killed while e-conomic creates the new company's customer: the document
# stays in intent, and the next pass must ask e-conomic before it sends anything.
place Novax_A00095678_73624118_Faktura.xml phive-2.0.2__COMPAY_01_01_00_Invoice_v2p2.xml 2026-03-05
emulator POST /__emulator/faults '{"latencyMs":10000,"method":"POST","pathPrefix":"/customers"}' \
    >/dev/null
ferry once "$pipeline" >"$work/killed-pass.log" 2>&1 &
killed_pass=$!
for _ in $(seq 300); do
    (($(agreement_state 73624118 | jq '.counts.customers') > 0)) && break
    sleep 0.1
done
# The shell's own "Killed" notice is no news here.
{ kill -KILL $killed_pass && wait $killed_pass; } 2>/dev/null || true
emulator POST /__emulator/faults '{"latencyMs":0}' >/dev/null

status=$(ferry status "$pipeline" --json 2>/dev/null)
for expected in '.companies["73624118"].intent == 1' '.companies["16356706"]["retry-later"] == 1'; do
    jq -e "$expected" <<<"$status" >/dev/null || {
        echo "$status" >&2
        echo "make_fixture.sh: the ledger does not hold what it should: $expected" >&2
        exit 1
    }
done

# --- the fixture -----------------------------------------------------------------------------
rm -rf "$out"
mkdir -p "$out/ledger" "$out/pipelines"
# data.mdb only: lock.mdb is LMDB's reader table, rebuilt on opening, and never backed up.
cp "$work/ledger/data.mdb" "$out/ledger/data.mdb"
ferry ledger export "$pipeline" -o "$out/ledger.jsonl" 2>/dev/null
chmod 0644 "$out/ledger.jsonl"
{
    echo "# The NOVAX folder the fixture's ledger was written from: mtime (seconds since 1970),"
    echo "# file name, and the sample in tests/samples/oioubl it is a copy of (text: its content)."
    for name in "${!inbox[@]}"; do
        echo "${inbox[$name]}"
    done | sort -k2
} >"$out/inbox.txt"
cp "$root/tests/upgrade/pipelines/upgrade.yaml" "$out/pipelines/upgrade.yaml"
# The example pipelines this release ships: users copied them.
cp "$root/pipelines/"*.yaml "$out/pipelines/"
# The code that wrote the ledger: the last commit of the host, plugins and SDK (a branch's own
# commit may not survive its merge).
commit=$(git -C "$root" log -1 --format=%h -- host plugins sdk)
git -C "$root" diff --quiet HEAD -- host plugins sdk || commit="$commit with uncommitted changes"
record_format=$(sed -n 's/.*current_record_format = \([0-9]*\);/\1/p' \
    "$root/plugins/store-lmdb/src/record_format.hpp")
upgrade_level=$(sed -n 's/.*current_upgrade_level = \([0-9]*\);/\1/p' \
    "$root/plugins/store-lmdb/src/ledger_upgrades.hpp")
{
    echo "# Upgrade fixture of Ferry $version"
    echo
    echo "Written by \`tests/upgrade/make_fixture.sh\` on $(date -u +%Y-%m-%d) with ferry $version"
    echo "(host, plugins and SDK as of commit $commit) against the e-conomic emulator. Ledger"
    echo "record format $record_format, ledger upgrade level $upgrade_level."
    echo "Never rewrite it: it is what this release left on users' disks (../../README.md)."
    echo
    echo "- \`ledger/data.mdb\` ($(stat -c %s "$out/ledger/data.mdb") bytes): the ledger folder's" \
        "data file as the last pass left it (\`lock.mdb\` is rebuilt on opening)."
    echo "- \`ledger.jsonl\`: \`ferry ledger export\` of it, $(wc -l <"$out/ledger.jsonl") records."
    echo "- \`inbox.txt\`: the NOVAX folder the passes read, to rebuild it file by file."
    echo "- \`pipelines/upgrade.yaml\`: the pipeline of the passes; \`clinic.yaml\` and" \
        "\`demo.yaml\`: the example pipelines this release ships."
    echo
    echo "The ledger's documents besides $(grep -c '"number":"B4' "$out/ledger.jsonl") old files" \
        "skipped as before first_date (series B):"
    echo
    echo "| document | state | generation | target | last error |"
    echo "|---|---|---|---|---|"
    grep -v '"number":"B4' "$out/ledger.jsonl" | jq -r '"| \(.company)/\(.kind)/\(.number) | \(.state)\(
        if .changed_fingerprint != "" then ", re-issued after delivery" else "" end) | \(
        .generation) | \(.target | to_entries | map("\(.key) \(.value)") | join(", ")) | \(
        .error_code) |"'
} >"$out/README.md"
echo "wrote $out"
