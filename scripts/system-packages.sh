#!/usr/bin/env bash
# Install the Debian packages named as arguments when they are missing: with apt as
# root, otherwise say what to install and stop. EGOV_SYSTEM_PACKAGES=skip skips the
# check (a machine that provides them another way).
set -euo pipefail
[ "${EGOV_SYSTEM_PACKAGES:-}" = "skip" ] && exit 0
missing=()
for pkg in "$@"; do
  dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || missing+=("$pkg")
done
[ ${#missing[@]} -eq 0 ] && exit 0
if [ "$(id -u)" -eq 0 ] && command -v apt-get >/dev/null; then
  echo "Installing Debian packages: ${missing[*]}"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
else
  echo "egov needs these Debian packages: ${missing[*]}" >&2
  echo "Install them with: sudo apt-get install ${missing[*]}" >&2
  echo "(or set EGOV_SYSTEM_PACKAGES=skip if this machine provides them another way)" >&2
  exit 1
fi
