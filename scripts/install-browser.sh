#!/bin/sh
# Install what the browser test (tests/browser) needs: Debian's Chromium and the Playwright package.
# Playwright's own browser download (`playwright install`) is not used: the test drives /usr/bin/chromium.
# As root with apt available this installs chromium; otherwise it prints how and exits non-zero.
set -eu

PYTHON="${PYTHON:-.venv/bin/python}"

if [ -x /usr/bin/chromium ]; then
    echo "chromium: $(/usr/bin/chromium --version 2>/dev/null || echo present) at /usr/bin/chromium"
elif [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null 2>&1; then
    echo "installing Debian's chromium with apt-get"
    apt-get update
    DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends chromium
else
    echo "Chromium is missing and cannot be installed here (needs root and apt-get)." >&2
    echo "Install it with:  sudo apt-get update && sudo apt-get install -y chromium" >&2
    echo "(the browser test expects the binary at /usr/bin/chromium)" >&2
    exit 1
fi

if [ -x "$PYTHON" ] && ! "$PYTHON" -c "import playwright" 2>/dev/null; then
    echo "installing the playwright package into $(dirname "$PYTHON")/.."
    "$PYTHON" -m pip install "playwright>=1.45"
fi
echo "browser test ready: .venv/bin/pytest tests/browser -q"
