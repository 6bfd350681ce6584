#!/usr/bin/env bash
# Makes 32-bit (i386) programs runnable for the Wine tests, on every kind of host.
#
#   bash .ci/setup-i386-emulation.sh probe      prints `native`, `emulated` or `none`
#   bash .ci/setup-i386-emulation.sh enable     registers qemu-user emulation where the kernel
#                                               refuses i386 code; prints the mode it leaves
#   bash .ci/setup-i386-emulation.sh disable    removes the registration this script made
#   bash .ci/setup-i386-emulation.sh probe-program FILE
#                                               writes the probe program (below) to FILE
#
# Some hosts run i386 ELF natively; others refuse it (`IA-32 emulation off`: execve returns
# ENOEXEC, and `wine` fails with "Exec format error"). There, user-mode emulation works:
# qemu-i386 from qemu-user 10.x (bookworm-backports; bookworm's own 7.2 is far too slow for
# Wine), registered with binfmt_misc. It is fetched into a private apt state (no change to the
# system's apt sources), signed by the Debian archive keyring, and the static binary is cached
# so later runs don't download again.
#
# NHICARD_I386=emulate forces the emulated path even where i386 runs natively (binfmt_misc
# entries are matched before the kernel's own ELF loader), so both paths can be exercised.
set -euo pipefail

CACHE_DIR="${NHICARD_I386_CACHE:-/var/cache/nhicard-i386}"
ENTRY_NAME=nhicard-qemu-i386
BINFMT=/proc/sys/fs/binfmt_misc
# The i386 ELF header fields qemu matches on: class 32-bit, little endian, version 1, OS ABI and
# padding zero (bytes 4..15), type EXEC or DYN (byte 16, masked), machine 3 = i386 (byte 18).
ELF_MAGIC='\x7fELF\x01\x01\x01\x00\x00\x00\x00\x00\x00\x00\x00\x00\x02\x00\x03\x00'
ELF_MASK='\xff\xff\xff\xff\xff\xfe\xfe\x00\xff\xff\xff\xff\xff\xff\xff\xff\xfe\xff\xff\xff'

log() { printf 'i386: %s\n' "$*" >&2; }

# A 96-byte static i386 program that exits 42 (mov eax,1; mov ebx,42; int 0x80). Its first
# EI_PAD byte is 1, so the emulation entry above (which wants zero padding) never matches it:
# it exits 42 only where the kernel itself runs i386 code.
write_probe_elf() {
  local hex=(
    7f 45 4c 46 01 01 01 00 00 01 00 00 00 00 00 00 # e_ident: ELF32, LE, v1, pad[0]=1
    02 00 03 00 01 00 00 00 54 80 04 08             # e_type EXEC, e_machine 386, e_version, e_entry
    34 00 00 00 00 00 00 00 00 00 00 00             # e_phoff 52, e_shoff 0, e_flags 0
    34 00 20 00 01 00 00 00 00 00 00 00             # e_ehsize 52, e_phentsize 32, e_phnum 1, no sections
    01 00 00 00 00 00 00 00 00 80 04 08 00 80 04 08 # PT_LOAD, offset 0, vaddr, paddr 0x08048000
    60 00 00 00 60 00 00 00 05 00 00 00 00 10 00 00 # filesz 96, memsz 96, flags R+X, align 4096
    b8 01 00 00 00 bb 2a 00 00 00 cd 80             # mov eax,1 (exit); mov ebx,42; int 0x80
  )
  printf "$(printf '\\x%s' "${hex[@]}")" >"$1"
  chmod +x "$1"
}

runs_natively() {
  local probe status
  probe=$(mktemp)
  write_probe_elf "$probe"
  set +e
  "$probe" 2>/dev/null
  status=$?
  set -e
  rm -f "$probe"
  [ "$status" -eq 42 ]
}

# Whether Wine's 32-bit loader starts at all (natively or through an emulation entry).
wine_runs() {
  [ -x /usr/lib/wine/wine ] && /usr/lib/wine/wine --version >/dev/null 2>&1
}

mode() {
  if runs_natively && [ ! -e "$BINFMT/$ENTRY_NAME" ]; then
    echo native
  elif [ -e "$BINFMT/$ENTRY_NAME" ] && grep -qx enabled "$BINFMT/$ENTRY_NAME"; then
    echo emulated
  else
    echo none
  fi
}

# The mirror the system already uses for bookworm, read from its own apt sources.
debian_mirror() {
  local uri
  uri=$(grep -hE '^(URIs:|deb )' /etc/apt/sources.list.d/*.sources /etc/apt/sources.list 2>/dev/null |
    grep -v -e security -e nodesource -e google | head -n 1 |
    sed -E -e 's/^URIs:[[:space:]]*//' -e 's/^deb[[:space:]]+(\[[^]]*\][[:space:]]+)?//' |
    awk '{print $1}')
  [ -n "$uri" ] || { log 'no Debian mirror found in the apt sources'; return 1; }
  echo "$uri"
}

fetch_qemu() {
  local work mirror deb apt_opts
  work=$(mktemp -d)
  mirror=$(debian_mirror)
  mkdir -p "$work/lists/partial" "$work/archives/partial"
  echo "deb [signed-by=/usr/share/keyrings/debian-archive-keyring.gpg] $mirror bookworm-backports main" \
    >"$work/sources.list"
  apt_opts=(
    -o "Dir::Etc::SourceList=$work/sources.list" -o Dir::Etc::SourceParts=/dev/null
    -o "Dir::State::Lists=$work/lists" -o "Dir::Cache::Archives=$work/archives"
    -o Dir::Etc::Preferences=/dev/null -o Dir::Etc::PreferencesParts=/dev/null
    -o APT::Architectures::=amd64 -o APT::Sandbox::User=root -o Debug::NoLocking=1 -qq
  )
  log "fetching qemu-user from bookworm-backports"
  for attempt in 1 2 3; do
    apt-get "${apt_opts[@]}" update && break
    [ "$attempt" -lt 3 ] || { rm -rf "$work"; return 1; }
    sleep 5
  done
  (cd "$work" && apt-get "${apt_opts[@]}" download qemu-user)
  deb=$(ls "$work"/qemu-user_*.deb)
  log "unpacking $(basename "$deb")"
  dpkg-deb --fsys-tarfile "$deb" | tar -x -C "$work" ./usr/bin/qemu-i386
  mkdir -p "$CACHE_DIR"
  install -m 0755 "$work/usr/bin/qemu-i386" "$CACHE_DIR/qemu-i386.new"
  mv "$CACHE_DIR/qemu-i386.new" "$CACHE_DIR/qemu-i386"
  basename "$deb" >"$CACHE_DIR/qemu-i386.source"
  rm -rf "$work"
}

enable() {
  if [ "${NHICARD_I386:-auto}" != emulate ] && runs_natively; then
    log 'the kernel runs i386 code natively: no emulation needed'
    echo native
    return
  fi
  if [ -e "$BINFMT/$ENTRY_NAME" ]; then
    mode
    return
  fi
  [ -x "$CACHE_DIR/qemu-i386" ] || fetch_qemu
  "$CACHE_DIR/qemu-i386" --version | head -n 1 | sed 's/^/i386: /' >&2
  if [ ! -e "$BINFMT/register" ]; then
    mount -t binfmt_misc binfmt_misc "$BINFMT"
  fi
  # F: the interpreter is opened now, so it works inside other mount namespaces too;
  # P: argv[0] is preserved, which Wine's loader relies on.
  printf ':%s:M::%s:%s:%s:FP\n' "$ENTRY_NAME" "$ELF_MAGIC" "$ELF_MASK" "$CACHE_DIR/qemu-i386" \
    >"$BINFMT/register"
  if ! wine_runs; then
    log 'registered, but Wine still does not start'
  fi
  mode
}

disable() {
  if [ -e "$BINFMT/$ENTRY_NAME" ]; then
    echo -1 >"$BINFMT/$ENTRY_NAME"
    log 'emulation entry removed'
  fi
}

case "${1:-}" in
  probe) mode ;;
  enable) enable ;;
  disable) disable ;;
  probe-program) write_probe_elf "${2:?probe-program needs a file name}" ;;
  *)
    echo "usage: $0 probe|enable|disable|probe-program FILE" >&2
    exit 2
    ;;
esac
