#!/usr/bin/env bash
# Installs what Minerva needs from outside NuGet on a fresh Debian machine. Idempotent; safe to re-run.
# Native: libvips (image decoding for PDQ hashing); Debian's chromium (the web UI's browser tests, driven by Playwright
# with ExecutablePath set to it: Playwright's own browser download is not needed); PostgreSQL 15 with its contrib modules
# (the team server, and its tests: tools/postgres starts a private server for them as the postgres user, on a Unix socket).
set -euo pipefail
if ! command -v dotnet >/dev/null 2>&1; then
  echo "setup: the .NET 10 SDK is required (https://dot.net); it is not installed by this script" >&2
  exit 1
fi
sudo=""
if [ "$(id -u)" -ne 0 ]; then sudo="sudo"; fi
updated=""
install() {
  if [ -z "$updated" ]; then $sudo apt-get update -qq; updated=1; fi
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "$@" >/dev/null
}
if ldconfig -p 2>/dev/null | grep -q 'libvips.so.42'; then
  echo "setup: libvips already installed"
else
  echo "setup: installing libvips42 (Debian package) for image hashing"
  install libvips42
fi
if command -v chromium >/dev/null 2>&1; then
  echo "setup: chromium already installed"
else
  echo "setup: installing chromium (Debian package) for the web UI's browser tests"
  install chromium
fi
if ls /usr/lib/postgresql/*/bin/pg_ctl >/dev/null 2>&1; then
  echo "setup: PostgreSQL already installed"
else
  echo "setup: installing postgresql-15 (Debian package) for the team server and its tests"
  install postgresql-15 postgresql-contrib
fi
echo "setup: dotnet $(dotnet --version); libvips $(ldconfig -p | grep -o 'libvips.so.42' | head -1); $(chromium --version 2>/dev/null || echo 'chromium missing'); PostgreSQL $(ls /usr/lib/postgresql 2>/dev/null | sort -V | tail -1)"
