#!/usr/bin/env bash
# Installs what the test suite needs beyond npm packages, from Debian's packages, when it is missing:
# Chromium (consent page and dashboard rendered headless), a PostgreSQL server (registry tests) and
# docker-compose (validates docker-compose.yml; no Docker engine is needed for that). Then Schemathesis, pinned, from
# PyPI into a virtual environment under the cache (the OpenAPI fuzzing test runs it).
set -euo pipefail

schemathesis_version=4.32.5
schemathesis_venv="${HOMEWARD_CACHE_DIR:-${XDG_CACHE_HOME:-$HOME/.cache}/homeward}/schemathesis-$schemathesis_version"

install_schemathesis() {
  [ -f "$schemathesis_venv/.installed" ] && return 0
  echo "[test prerequisites] installing Schemathesis $schemathesis_version from PyPI into $schemathesis_venv"
  rm -rf "$schemathesis_venv"
  python3 -m venv "$schemathesis_venv"
  "$schemathesis_venv/bin/pip" install -q "schemathesis==$schemathesis_version"
  touch "$schemathesis_venv/.installed"
}

missing=()
[ -x /usr/bin/chromium ] || missing+=(chromium)
ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || missing+=(postgresql)
command -v docker-compose >/dev/null 2>&1 || missing+=(docker-compose)
python3 -c 'import venv, ensurepip' >/dev/null 2>&1 || missing+=(python3-venv)
if [ ${#missing[@]} -eq 0 ]; then
  install_schemathesis
  exit 0
fi

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
install_schemathesis
