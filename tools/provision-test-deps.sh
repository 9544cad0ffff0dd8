#!/usr/bin/env bash
# What the test suite needs from the machine besides npm packages: Debian's Chromium (browser tests),
# Dovecot (the IMAP server of the mail tests), nginx (docker/nginx's config in the scale test) and
# PostgreSQL's server tools (the fault suite makes a throwaway cluster with initdb/pg_ctl).
# `npm test` runs this first (pretest), and so does `.ci/run`: missing packages are installed when this
# user may (root with apt-get), otherwise it stops at once and names the command to run.
set -euo pipefail

missing=()
command -v chromium >/dev/null 2>&1 || [ -x "${CHROMIUM_PATH:-/usr/bin/chromium}" ] || missing+=(chromium)
[ -x /usr/sbin/dovecot ] || missing+=(dovecot-imapd)
[ -x /usr/sbin/nginx ] || missing+=(nginx-light)
ls /usr/lib/postgresql/*/bin/pg_ctl >/dev/null 2>&1 || missing+=(postgresql)

[ ${#missing[@]} -eq 0 ] && exit 0

command="apt-get update && apt-get install -y --no-install-recommends ${missing[*]}"
if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
  echo "[provision] installing from Debian's packages: ${missing[*]}"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}"
  exit 0
fi
echo "[provision] The tests need Debian packages that are not installed: ${missing[*]}" >&2
echo "[provision] Install them first, as root:  $command" >&2
exit 1
