# shellcheck shell=bash
# What scripts/demo and scripts/demo-customers share; sourced, with $root set to the repository.
: "${root:?}"

# demo_build TARGET...: installs the packages and builds TARGET... in the dev preset; sets
# $build to it.
demo_build() {
    "$root/scripts/install-deps"
    (cd "$root" && cmake --preset dev >/dev/null &&
        cmake --build --preset dev -j "$(nproc)" --target "$@")
    build="$root/build"
}

# demo_start_emulator FOLDER GRANT:CVR...: the e-conomic emulator from $build on a free loopback
# port with one agreement per GRANT:CVR, its state and log in FOLDER. Exports FERRY_DEMO_URL
# (its address) and ECONOMIC_APP_SECRET, sets $emulator_pid and stops it when the script exits
# (`trap - EXIT` keeps it running).
demo_start_emulator() {
    local folder=$1 agreement
    shift
    local options=()
    for agreement; do options+=(--agreement "$agreement"); done
    export ECONOMIC_APP_SECRET=emulator-app-secret
    "$build/bin/economic-emulator" --port 0 --state "$folder/emulator.jsonl" --no-fsync \
        "${options[@]}" >"$folder/emulator.log" 2>&1 &
    emulator_pid=$!
    # shellcheck disable=SC2064 # the pid is known now
    trap "kill $emulator_pid 2>/dev/null || true" EXIT
    FERRY_DEMO_URL=""
    for _ in $(seq 100); do
        FERRY_DEMO_URL=$(sed -n 's/^listening on //p' "$folder/emulator.log")
        [[ -n "$FERRY_DEMO_URL" ]] && break
        kill -0 "$emulator_pid" 2>/dev/null || { cat "$folder/emulator.log" >&2 && exit 1; }
        sleep 0.1
    done
    [[ -n "$FERRY_DEMO_URL" ]] || { echo "scripts/${0##*/}: the emulator did not start" >&2 && exit 1; }
    export FERRY_DEMO_URL
}
