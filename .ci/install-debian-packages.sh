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
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends "${missing[@]}"
fi
