#!/usr/bin/env bash
# Installs what Minerva needs from outside NuGet on a fresh Debian machine. Idempotent; safe to re-run.
# Native: libvips (image decoding for PDQ hashing). PostgreSQL arrives with the team server.
set -euo pipefail
if ! command -v dotnet >/dev/null 2>&1; then
  echo "setup: the .NET 10 SDK is required (https://dot.net); it is not installed by this script" >&2
  exit 1
fi
if ldconfig -p 2>/dev/null | grep -q 'libvips.so.42'; then
  echo "setup: libvips already installed"
else
  sudo=""
  if [ "$(id -u)" -ne 0 ]; then sudo="sudo"; fi
  echo "setup: installing libvips42 (Debian package) for image hashing"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends libvips42 >/dev/null
fi
echo "setup: dotnet $(dotnet --version); libvips $(ldconfig -p | grep -o 'libvips.so.42' | head -1)"
