#!/usr/bin/env bash
# The README's "From package to first booked invoice", run as written against the .deb in a
# scratch root, so that a README step that stops working fails here instead of at a clinic.
#
#   readme_steps.sh BUILD_DIR SOURCE_DIR
#
# The scratch root is an overlay over the real / whose changes live on a tmpfs, inside private
# mount, network and PID namespaces: the package installs, the ferry user and /etc/ferry exist
# only there, and vanish with it. Exit 77 (skipped) where that cannot be built (not root, no
# unshare or overlayfs).
#
# The README's shell blocks are run verbatim, with only these substitutions:
#   - step 0 (scripts/package, a Release build of several minutes) is not run: the .deb is
#     built by cpack from this build tree, as scripts/package does from its own;
#   - `editor` is a shell function that writes what a person would type: each secret, and in
#     the pipeline the sink's `base_url` pointing at the e-conomic emulator on loopback; the
#     template's server, domain, user, CVR and provider number are kept (they are the test's);
#   - `novax-host` is 127.0.0.1 in the scratch root's /etc/hosts, where a Samba server of the
#     test serves the share `Faktura` on port 445 (the namespace's own loopback, so the URL is
#     the README's to the letter); NOVAX files from oioubl-generate are in it;
#   - smtp.clinic.dk gets no server: no step run here sends mail (`once` sends none; the daily
#     mail is the service's);
#   - the systemctl steps (6 and 8) need a running systemd and are not run; the unit they start
#     is checked to be installed and accepted by `systemd-analyze verify`;
#   - apt's questions are answered yes, as the person at the keyboard would; apt has no network
#     in the namespace, so it installs only from the .deb and what the real root already holds;
#   - commands run as root with a clean environment and no terminal (DEBIAN_FRONTEND=
#     noninteractive, so debconf does not look for one).
set -euo pipefail

readme_section="## From package to first booked invoice"
novax_password="Fakt-ura-2026"
app_secret="readme-app-secret"
grant="readme-grant-11223344"
cvr="11223344"
documents=8

fail() { echo "FAIL: $*" >&2; exit 1; }
skip() { echo "SKIPPED: $*"; exit 77; }

# --- Inside the namespaces: build the scratch root, run the steps --------------------------------

# Runs a command in the scratch root as root, in a login-like environment.
in_root() {
    chroot "$root" /usr/bin/env -i PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin \
        HOME=/root LANG=C.UTF-8 DEBIAN_FRONTEND=noninteractive /bin/bash -c "cd /root && $1"
}

# Runs one README step's shell block, echoed first, failing the test on the first failing
# command; its output is also kept in $work/step-N.log. apt's question is answered yes.
run_step() {
    local step="$1"
    echo "== README step $step:"
    sed 's/^/   $ /' "$work/steps/step-$step.sh"
    in_root "set -e; . /tmp/readme/editor.sh; yes | (. /tmp/readme/step-$step.sh)" 2>&1 |
        tee "$work/step-$step.log" || fail "README step $step failed as written (output above)"
}

# Runs one command of the "Removing Ferry" paragraph.
run_removal() {
    echo "== Removing Ferry: $1"
    in_root "yes | ($1)" 2>&1 | tee "$work/removal.log" || fail "'$1' failed (output above)"
}

# Installing must not leave the person wondering: no warning but apt's own about its CLI.
expect_quiet_install() {
    local warnings
    warnings="$(grep -i warn "$work/step-1.log" | grep -v 'apt does not have a stable CLI' || true)"
    [[ -z "$warnings" ]] || fail "installing warned: $warnings"
}

start_emulator() {
    "$build/bin/economic-emulator" --port 0 --no-fsync --app-secret "$app_secret" \
        --agreement "$grant:$cvr" >"$work/emulator.log" 2>&1 &
    for _ in $(seq 100); do
        emulator_url="$(sed -n 's/^listening on //p' "$work/emulator.log")"
        [[ -n "$emulator_url" ]] && return
        sleep 0.1
    done
    cat "$work/emulator.log" >&2
    fail "the e-conomic emulator did not start"
}

# Samba in the scratch root (its user exists only there), on the namespace's port 445.
start_samba() {
    mkdir -p "$root/srv/novax/Faktura" "$root/tmp/samba"/{private,lock,state,cache,pid,ncalrpc}
    cp -a "$work/share/." "$root/srv/novax/Faktura/"
    chmod -R a+rX "$root/srv/novax"
    cat >"$root/tmp/samba/smb.conf" <<EOF
[global]
workgroup = HOSTING
netbios name = NOVAX-HOST
server role = standalone server
interfaces = 127.0.0.1
bind interfaces only = yes
disable netbios = yes
smb ports = 445
server min protocol = SMB3
private dir = /tmp/samba/private
lock directory = /tmp/samba/lock
state directory = /tmp/samba/state
cache directory = /tmp/samba/cache
pid directory = /tmp/samba/pid
ncalrpc dir = /tmp/samba/ncalrpc
log file = /tmp/samba/smbd.log
passdb backend = tdbsam:/tmp/samba/private/passdb.tdb
map to guest = never
load printers = no
printcap name = /dev/null
disable spoolss = yes
# NOVAX's account is NovaxEksport; Unix names are lower case.
username map = /tmp/samba/users.map

[Faktura]
path = /srv/novax/Faktura
read only = yes
guest ok = no
valid users = novaxeksport
EOF
    echo "novaxeksport = NovaxEksport" >"$root/tmp/samba/users.map"
    in_root "useradd --system --no-create-home --shell /usr/sbin/nologin novaxeksport"
    printf '%s\n%s\n' "$novax_password" "$novax_password" |
        chroot "$root" smbpasswd -c /tmp/samba/smb.conf -s -a novaxeksport >/dev/null
    chroot "$root" smbd --foreground --no-process-group --debug-stdout -d 1 \
        -s /tmp/samba/smb.conf >"$work/smbd.log" 2>&1 &
    for _ in $(seq 100); do
        (exec 3<>/dev/tcp/127.0.0.1/445) 2>/dev/null && return
        sleep 0.1
    done
    cat "$work/smbd.log" >&2
    fail "smbd did not start listening on 127.0.0.1:445"
}

# `editor FILE`: writes what the person types into FILE, keeping its owner and mode as an
# editor does.
write_editor() {
    cat >"$root/tmp/readme/editor.sh" <<EOF
editor() {
    case "\$1" in
        /etc/ferry/novax.secret) echo '$novax_password' >"\$1" ;;
        /etc/ferry/economic-app.secret) echo '$app_secret' >"\$1" ;;
        /etc/ferry/economic-grant-$cvr.secret) echo '$grant' >"\$1" ;;
        /etc/ferry/smtp.secret) echo 'smtp-password-of-the-test' >"\$1" ;;
        /etc/ferry/pipelines/clinic.yaml)
            local edited
            edited="\$(sed '/^  plugin: sink-economic\$/a\\  base_url: $emulator_url' "\$1")"
            grep -q '^  base_url: ' <<<"\$edited" || { echo "editor: no sink section" >&2; return 1; }
            printf '%s\n' "\$edited" >"\$1" ;;
        *) echo "editor: the test knows nothing to write into \$1" >&2; return 1 ;;
    esac
}
EOF
}

mode_owner() { in_root "stat -c '%a %U:%G' $1"; }

inside() {
    ip link set lo up
    mkdir "$work/layer" "$root"
    mount -t tmpfs -o mode=0755 readme-layer "$work/layer"
    mkdir "$work/layer/upper" "$work/layer/work"
    mount -t overlay readme-root \
        -o "lowerdir=/,upperdir=$work/layer/upper,workdir=$work/layer/work" "$root" ||
        skip "cannot mount an overlay over / (overlayfs unavailable)"
    mount -t proc proc "$root/proc"
    mount --rbind /dev "$root/dev"
    mount -t sysfs sysfs "$root/sys"
    mount -t tmpfs -o mode=1777 tmpfs "$root/tmp"
    mount -t tmpfs -o mode=0755 tmpfs "$root/run"
    mkdir -p "$root/tmp/readme"
    cp "$work"/steps/*.sh "$root/tmp/readme/"
    echo "127.0.0.1 novax-host" >>"$root/etc/hosts"
    rm -f "$root"/root/ferry_*.deb
    cp "$deb" "$root/root/"

    start_emulator
    start_samba
    write_editor

    run_step 1
    expect_quiet_install
    in_root "getent passwd ferry" >/dev/null || fail "installing did not create the user ferry"
    [[ "$(mode_owner /etc/ferry/pipelines)" == "750 root:ferry" ]] ||
        fail "/etc/ferry/pipelines is $(mode_owner /etc/ferry/pipelines), expected 750 root:ferry"
    [[ "$(mode_owner /var/lib/ferry)" == "700 ferry:ferry" ]] ||
        fail "/var/lib/ferry is $(mode_owner /var/lib/ferry), expected 700 ferry:ferry"
    # The README shows the template; it must be what the package installs.
    diff <(sed 's/ *#.*//; /^$/d' "$root/usr/share/doc/ferry/examples/clinic.yaml") \
        "$work/steps/template.yaml" ||
        fail "the README's template differs from /usr/share/doc/ferry/examples/clinic.yaml"

    run_step 2
    for name in novax economic-app economic-grant-$cvr smtp; do
        [[ "$(mode_owner "/etc/ferry/$name.secret")" == "600 ferry:ferry" ]] ||
            fail "/etc/ferry/$name.secret is $(mode_owner "/etc/ferry/$name.secret")"
    done
    run_step 3
    run_step 4
    run_step 5
    local state
    state="$(curl -sf "$emulator_url/__emulator/agreements/$grant/state")" ||
        fail "cannot read the emulator's state"
    local booked
    booked="$(jq '.booked | length' <<<"$state")"
    [[ "$booked" == "$documents" ]] ||
        fail "step 5 booked $booked of the $documents documents in the share: $state"
    echo "step 5 booked all $documents documents in the emulator"

    echo "== README step 6 and 8 (systemctl) need a running systemd: not run here"
    [[ -f "$root/usr/lib/systemd/system/ferry.service" ]] || fail "the package has no ferry.service"
    if in_root "command -v systemd-analyze" >/dev/null; then
        in_root "systemd-analyze verify /usr/lib/systemd/system/ferry.service" ||
            fail "systemd-analyze does not accept ferry.service"
    fi
    [[ -f "$work/steps/step-6.sh" ]] && grep -q "systemctl enable --now ferry" "$work/steps/step-6.sh" ||
        fail "step 6 no longer starts the service with systemctl (update this test)"

    run_step 7
    # Whatever the steps ran, the service (user ferry) can still write every file of its ledger.
    local foreign
    foreign="$(find "$root/var/lib/ferry" ! -user "$(in_root "id -u ferry")" -printf '%P ')"
    [[ -z "$foreign" ]] || fail "the steps left files in /var/lib/ferry that ferry does not own: $foreign"

    run_removal "$remove_command"
    [[ ! -e "$root/usr/bin/ferry" ]] || fail "'$remove_command' left /usr/bin/ferry"
    [[ -f "$root/etc/ferry/pipelines/clinic.yaml" && -d "$root/var/lib/ferry/clinic" ]] ||
        fail "'$remove_command' did not keep /etc/ferry and the ledgers"

    run_removal "$purge_command"
    [[ ! -e "$root/etc/ferry" ]] || fail "purge left /etc/ferry (it holds the secrets)"
    [[ -d "$root/var/lib/ferry/clinic" ]] || fail "purge removed the ledger in /var/lib/ferry"
    in_root "getent passwd ferry" >/dev/null || fail "purge removed the user who owns the ledger"
    grep -q "kept the ledgers in /var/lib/ferry" "$work/removal.log" ||
        fail "purge did not say that it kept the ledgers"

    run_removal "$forget_command"
    [[ ! -e "$root/var/lib/ferry" ]] && ! in_root "getent passwd ferry" >/dev/null ||
        fail "'$forget_command' left the ledgers or the user"

    echo "== A purge with no ledger left removes the folder and the user itself"
    run_step 1
    run_removal "$purge_command"
    [[ ! -e "$root/var/lib/ferry" && ! -e "$root/etc/ferry" ]] ||
        fail "purging a Ferry that never ran left /var/lib/ferry or /etc/ferry"
    ! in_root "getent passwd ferry" >/dev/null || fail "purging a Ferry that never ran left the user"
    echo "the README's steps work as written"
}

# --- Outside: the package, the README's steps, and the real root left as it was -----------------

# Writes each README step's ```sh blocks to steps/step-N.sh, the template to steps/template.yaml,
# and prints the two removal commands of "Removing Ferry".
extract_readme() {
    local readme="$1" out="$2"
    awk -v out="$out" -v section="$readme_section" '
        /^## / { inside = ($0 == section); next }
        !inside { next }
        /^ *```/ && block { block = 0; next }
        /^ *```sh *$/ { block = 1; file = out "/step-" step ".sh"; next }
        /^ *```yaml *$/ { block = 1; file = out "/template.yaml"; next }
        block { sub(/^   /, ""); print >> file; next }
        /^[0-9]+\. \*\*/ { step = $1; sub(/\.$/, "", step) }
    ' "$readme"
    for step in 1 2 3 4 5 7; do
        [[ -s "$out/step-$step.sh" ]] || fail "README step $step has no shell block (update this test)"
    done
    # The removal paragraph's commands, as its inline code spans.
    awk -v section="$readme_section" '
        /^## / { inside = ($0 == section); next }
        inside && /^\*\*Removing Ferry/ { removal = 1 }
        removal { printf "%s ", $0 }
        removal && /^$/ { exit }
    ' "$readme" | grep -o '`[^`]*`' | tr -d '`'
}

main() {
    build="$(realpath "$1")"
    local source
    source="$(realpath "$2")"
    [[ $EUID -eq 0 ]] || skip "needs root to build a scratch root"
    command -v unshare >/dev/null || skip "needs unshare (util-linux)"
    grep -qw overlay /proc/filesystems || skip "needs overlayfs"
    unshare --mount --net --pid --fork true 2>/dev/null ||
        skip "cannot create mount, network and PID namespaces here"
    for tool in cpack smbd smbpasswd curl jq ip; do
        command -v "$tool" >/dev/null || fail "needs $tool"
    done

    work="$(mktemp -d "${TMPDIR:-/tmp}/ferry-readme.XXXXXX")"
    trap 'rm -rf --one-file-system "$work"' EXIT
    mkdir "$work/steps" "$work/share"
    local removal
    removal="$(extract_readme "$source/README.md" "$work/steps")"
    remove_command="$(grep -m1 '^apt remove ' <<<"$removal")" ||
        fail "'Removing Ferry' names no 'apt remove' command (update this test)"
    purge_command="$(grep -m1 '^apt purge ' <<<"$removal")" ||
        fail "'Removing Ferry' names no 'apt purge' command (update this test)"
    forget_command="$(grep -m1 '^rm -r /var/lib/ferry' <<<"$removal")" ||
        fail "'Removing Ferry' names no command that removes the ledgers (update this test)"

    (cd "$build" && cpack -G DEB -B "$work/package" >/dev/null) || fail "cpack failed"
    deb="$(ls "$work"/package/ferry_*_amd64.deb)"

    # NOVAX files of the template's CVR, each dated (modified) on its issue date as NOVAX writes
    # them: January to April 2026, after the template's first_date.
    "$build/bin/oioubl-generate" --count "$documents" --cvr "$cvr" --out "$work/share" >/dev/null
    for file in "$work"/share/*.xml; do
        touch -d "$(grep -o -m1 '<cbc:IssueDate>[^<]*' "$file" | cut -d'>' -f2) 12:00" "$file"
    done

    local before
    before="$(real_root_state)"
    export build work deb remove_command purge_command forget_command
    root="$work/root"
    export root
    local status=0
    unshare --mount --net --pid --fork --mount-proc "$0" --inside || status=$?
    [[ "$(real_root_state)" == "$before" ]] ||
        fail "the real root changed: before: $before; after: $(real_root_state)"
    return $status
}

# What installing Ferry would change in the real root; must be the same after the test.
real_root_state() {
    echo "user ferry: $(getent passwd ferry || echo none);" \
        "user novaxeksport: $(getent passwd novaxeksport || echo none);" \
        "package: $(dpkg-query -W -f '${Status}' ferry 2>/dev/null || echo none);" \
        "files: $(ls -d /etc/ferry /var/lib/ferry /usr/bin/ferry 2>/dev/null | tr '\n' ' ');" \
        "hosts: $(grep -c novax-host /etc/hosts || true)"
}

if [[ "${1:-}" == --inside ]]; then
    inside
else
    main "$@"
fi
