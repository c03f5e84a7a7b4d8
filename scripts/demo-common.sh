# shellcheck shell=bash
# What scripts/demo, scripts/demo-customers and scripts/demo-sweden share; sourced, with $root
# set to the repository.
: "${root:?}"

# demo_build TARGET...: installs the packages and builds TARGET... in the dev preset; sets
# $build to it.
demo_build() {
    "$root/scripts/install-deps"
    (cd "$root" && cmake --preset dev >/dev/null &&
        cmake --build --preset dev -j "$(nproc)" --target "$@")
    build="$root/build"
}

# demo_serve FOLDER NAME PROGRAM OPTION...: PROGRAM from $build/bin, an emulator that prints
# "listening on URL" first, with its log in FOLDER/NAME.log. Exports FERRY_DEMO_URL (its
# address), sets $emulator_pid and stops it when the script exits (`trap - EXIT` keeps it
# running).
demo_serve() {
    local folder=$1 name=$2 program=$3
    shift 3
    "$build/bin/$program" "$@" >"$folder/$name.log" 2>&1 &
    emulator_pid=$!
    # shellcheck disable=SC2064 # the pid is known now
    trap "kill $emulator_pid 2>/dev/null || true" EXIT
    FERRY_DEMO_URL=""
    for _ in $(seq 100); do
        FERRY_DEMO_URL=$(sed -n 's/^listening on //p' "$folder/$name.log")
        [[ -n "$FERRY_DEMO_URL" ]] && break
        kill -0 "$emulator_pid" 2>/dev/null || { cat "$folder/$name.log" >&2 && exit 1; }
        sleep 0.1
    done
    [[ -n "$FERRY_DEMO_URL" ]] || { echo "scripts/${0##*/}: the emulator did not start" >&2 && exit 1; }
    export FERRY_DEMO_URL
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
    demo_serve "$folder" emulator economic-emulator --port 0 --state "$folder/emulator.jsonl" \
        --no-fsync "${options[@]}"
}

# demo_start_fortnox_emulator FOLDER OPTION...: the Fortnox emulator from $build on a free
# loopback port (API under /3, OAuth under /oauth-v1), its state in FOLDER/fortnox.jsonl and its
# log in FOLDER/fortnox.log; OPTION... are its --tenant and --client options. Exports
# FERRY_DEMO_URL, sets $emulator_pid and stops it when the script exits, as demo_start_emulator.
demo_start_fortnox_emulator() {
    local folder=$1
    shift
    demo_serve "$folder" fortnox fortnox-emulator --port 0 --state "$folder/fortnox.jsonl" \
        --no-fsync "$@"
}
