#!/usr/bin/env bash
# Runs a command (the test suite: `scripts/with-secret-service.sh vitest run`) with a real Secret
# Service of its own, so the OS-keychain tests never touch a real user's keyring:
#
#   1. re-runs itself inside `dbus-run-session` (a private session bus, gone when the command ends);
#   2. starts `gnome-keyring-daemon --foreground --unlock --components=secrets` on that bus, with a
#      throwaway password on its stdin and XDG_DATA_HOME / XDG_RUNTIME_DIR in a temporary folder;
#   3. waits until org.freedesktop.secrets is on the bus, sets JOINTKEY_REQUIRE_SECRET_SERVICE=1 (so
#      the keychain tests fail, not skip, if they cannot reach it) and runs the command;
#   4. stops the daemon by its pid and removes the folder, and exits with the command's status.
#
# Without dbus-run-session or gnome-keyring-daemon (apt-get install dbus gnome-keyring) it runs the
# command directly, and the keychain tests report themselves skipped with the reason.
set -euo pipefail

self="$(cd "$(dirname "$0")" && pwd)/$(basename "$0")"

if [ -z "${JOINTKEY_PRIVATE_BUS:-}" ]; then
  for tool in dbus-run-session dbus-send gnome-keyring-daemon; do
    if ! command -v "$tool" >/dev/null 2>&1; then
      echo "with-secret-service: $tool is not installed, so the OS-keychain tests will be skipped (apt-get install dbus gnome-keyring to run them)." >&2
      exec "$@"
    fi
  done
  export JOINTKEY_PRIVATE_BUS=1
  exec dbus-run-session -- "$self" "$@"
fi

tmp="$(mktemp -d "${TMPDIR:-/tmp}/jointkey-secret-service.XXXXXX")"
mkdir -m 0700 "$tmp/run" "$tmp/data"

# A throwaway password for the throwaway login keyring: it never leaves this process tree. The
# daemon alone gets the temporary XDG folders; the command keeps its own environment.
password="$(od -An -tx1 -N16 /dev/urandom | tr -d ' \n')"
XDG_RUNTIME_DIR="$tmp/run" XDG_DATA_HOME="$tmp/data" \
  gnome-keyring-daemon --foreground --unlock --components=secrets <<<"$password" >"$tmp/daemon.log" 2>&1 &
daemon=$!
unset password

cleanup() {
  kill "$daemon" 2>/dev/null || true
  wait "$daemon" 2>/dev/null || true
  rm -rf "$tmp"
}
trap cleanup EXIT
trap 'exit 129' HUP
trap 'exit 130' INT
trap 'exit 143' TERM

has_secrets() {
  dbus-send --session --print-reply --dest=org.freedesktop.DBus /org/freedesktop/DBus \
    org.freedesktop.DBus.NameHasOwner string:org.freedesktop.secrets 2>/dev/null | grep -q 'boolean true'
}
for _ in $(seq 1 100); do
  has_secrets && break
  if ! kill -0 "$daemon" 2>/dev/null; then break; fi
  sleep 0.1
done
if ! has_secrets; then
  echo "with-secret-service: gnome-keyring-daemon did not come up on the private session bus within 10 s. Its output:" >&2
  cat "$tmp/daemon.log" >&2
  exit 1
fi

export JOINTKEY_REQUIRE_SECRET_SERVICE=1
set +e
"$@"
status=$?
set -e
exit "$status"
