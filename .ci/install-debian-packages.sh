#!/usr/bin/env bash
# Installs the Debian packages in .ci/apt-packages.txt (comments and blank lines ignored).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")"
mapfile -t packages < <(sed -e 's/#.*//' -e '/^\s*$/d' apt-packages.txt)
[ "${#packages[@]}" -gt 0 ] || exit 0
missing=()
for pkg in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q 'install ok installed' || missing+=("$pkg")
done
if [ "${#missing[@]}" -gt 0 ]; then
  export DEBIAN_FRONTEND=noninteractive
  # Packages of another architecture (`wine32:i386`) need that architecture enabled before the
  # package lists are fetched.
  for arch in $(printf '%s\n' "${missing[@]}" | sed -n 's/^[^:]*:\([a-z0-9]*\)$/\1/p' | sort -u); do
    dpkg --print-foreign-architectures | grep -qx "$arch" || dpkg --add-architecture "$arch"
  done
  # A mirror caught mid-sync fails one list now and then: try again, then go on with the lists
  # that did arrive (the install below says clearly if something is still missing).
  for attempt in 1 2 3; do
    apt-get update -qq && break
    [ "$attempt" -lt 3 ] && sleep 10 || echo "apt-get update failed 3 times; going on" >&2
  done
  if ! apt-get install -y -qq --no-install-recommends "${missing[@]}"; then
    # Multi-arch libraries must have the same version on every architecture: when one
    # architecture's security lists lag behind, the release suite's versions still agree.
    # shellcheck disable=SC1091
    . /etc/os-release
    apt-get install -y -qq --no-install-recommends -t "$VERSION_CODENAME" "${missing[@]}"
  fi
fi
