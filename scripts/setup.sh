#!/usr/bin/env bash
# Creates the project's virtual environments. Idempotent: reinstalls only when requirements change.
#   scripts/setup.sh full     .venv       Python 3.10: pipeline, site, Rasa bot, tests (make run / make test)
#   scripts/setup.sh site     .venv-site  any Python >= 3.10: site preview and content check (editors)
#   scripts/setup.sh browser  Debian's chromium for the browser tests
set -euo pipefail
cd "$(dirname "$0")/.."

python_ok() {  # $1: interpreter, $2: minimum minor, $3: maximum minor
  "$1" -c "import sys; sys.exit(0 if (3,$2) <= sys.version_info[:2] <= (3,$3) else 1)" >/dev/null 2>&1
}

find_python() {  # $1 min minor, $2 max minor, then candidates
  local min=$1 max=$2; shift 2
  for candidate in "$@"; do
    if command -v "$candidate" >/dev/null 2>&1 && python_ok "$candidate" "$min" "$max"; then
      command -v "$candidate"; return 0
    fi
    for found in $candidate; do  # glob candidates
      if [ -x "$found" ] && python_ok "$found" "$min" "$max"; then echo "$found"; return 0; fi
    done
  done
  return 1
}

make_venv() {  # $1 dir, $2 python, $3 requirements file
  local dir=$1 py=$2 req=$3
  local stamp="$dir/.installed" want
  want=$(cat "$req" requirements-site.txt pyproject.toml | sha256sum | cut -d' ' -f1)
  if [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$want" ] && [ -x "$dir/bin/python" ]; then
    return 0
  fi
  echo "Cài đặt môi trường $dir bằng $("$py" --version 2>&1) (vài phút)..."
  [ -x "$dir/bin/python" ] || "$py" -m venv "$dir"
  "$dir/bin/python" -m pip install --quiet --disable-pip-version-check -r "$req"
  "$dir/bin/python" -m pip install --quiet --disable-pip-version-check --no-deps -e .
  echo "$want" > "$stamp"
}

case "${1:-full}" in
  full)
    py=$(find_python 10 10 python3.10 "$HOME/.pyenv/versions/3.10*/bin/python3.10" /usr/local/bin/python3.10 /usr/bin/python3.10) || {
      echo "Cần Python 3.10 (Rasa 3.6 cần < 3.11, underthesea 9.5 cần >= 3.10). Cài python3.10 rồi chạy lại." >&2; exit 1; }
    make_venv .venv "$py" requirements.txt ;;
  site)
    py=$(find_python 10 99 python3 python3.13 python3.12 python3.11 python3.10 "$HOME/.pyenv/versions/3.1*/bin/python3") || {
      echo "Cần Python >= 3.10 để xem trước trang." >&2; exit 1; }
    make_venv .venv-site "$py" requirements-site.txt ;;
  browser)
    if [ -x /usr/bin/chromium ]; then exit 0; fi
    if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
      echo "Cài Debian chromium cho kiểm thử trình duyệt..."
      apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null
    else
      echo "Thiếu /usr/bin/chromium: chạy «sudo apt-get install -y chromium» rồi thử lại." >&2; exit 1
    fi ;;
  *) echo "usage: scripts/setup.sh full|site|browser" >&2; exit 2 ;;
esac
