#!/usr/bin/env bash
# Installs what the test suite needs beyond npm packages, from Debian's packages, when it is missing:
# Chromium (consent page and dashboard rendered headless), a PostgreSQL server (registry tests) and
# docker-compose (validates docker-compose.yml; no Docker engine is needed for that).
set -euo pipefail

missing=()
[ -x /usr/bin/chromium ] || missing+=(chromium)
ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || missing+=(postgresql)
command -v docker-compose >/dev/null 2>&1 || missing+=(docker-compose)
[ ${#missing[@]} -eq 0 ] && exit 0

echo "[test prerequisites] installing ${missing[*]} from Debian's packages"
if ! command -v apt-get >/dev/null 2>&1; then
  echo "[test prerequisites] apt-get not found: install ${missing[*]} with your system's package manager" >&2
  exit 1
fi
sudo=""
if [ "$(id -u)" -ne 0 ]; then
  if command -v sudo >/dev/null 2>&1; then sudo="sudo"; else
    echo "[test prerequisites] need root to install ${missing[*]}: run 'apt-get install ${missing[*]}' as root" >&2
    exit 1
  fi
fi
export DEBIAN_FRONTEND=noninteractive
$sudo apt-get update -qq
$sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
echo "[test prerequisites] installed ${missing[*]}"
