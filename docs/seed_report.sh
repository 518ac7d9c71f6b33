#!/usr/bin/env bash
# Rebuild docs/seed_report.png: the HTML report of the seed article as headless Chromium shows it.
# Needs the package installed (pip install -e .) and Debian's chromium.
set -euo pipefail
cd "$(dirname "$0")/.."
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
textrepair examples/seed_article.txt --gazetteer examples/seed_gazetteer.tsv --html "$tmp/seed.html" >/dev/null
chromium --headless --no-sandbox --disable-gpu --disable-quic --no-first-run --disable-background-networking \
  --disable-component-update --disable-sync --user-data-dir="$tmp/profile" --hide-scrollbars \
  --force-device-scale-factor=1 --window-size=1320,1240 --screenshot="$PWD/docs/seed_report.png" \
  "file://$tmp/seed.html" 2>/dev/null
