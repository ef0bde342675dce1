#!/usr/bin/env bash
# Installs what Minerva needs from outside NuGet on a fresh Debian machine. Idempotent; safe to re-run.
# Today: nothing native is required (SQLite ships inside Microsoft.Data.Sqlite). libvips arrives with image
# linking and PostgreSQL with the team server; both will be installed here.
set -euo pipefail
if ! command -v dotnet >/dev/null 2>&1; then
  echo "setup: the .NET 10 SDK is required (https://dot.net); it is not installed by this script" >&2
  exit 1
fi
echo "setup: dotnet $(dotnet --version); no native packages needed yet"
