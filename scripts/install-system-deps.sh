#!/usr/bin/env bash
# Install the Debian packages a target needs, once: a no-op (no apt call) when they are already there.
#   scripts/install-system-deps.sh browser   Chromium (browser tests, screenshots) and poppler-utils (PDF checks)
#   scripts/install-system-deps.sh pdf       TeX (xelatex, latexmk) and fonts for the PDF book, without recommends
#   scripts/install-system-deps.sh node      Node.js and npm (axe-core for the accessibility tests), unless already on PATH
set -euo pipefail
declare -A GROUPS_=(
  [browser]="chromium poppler-utils"
  [node]="nodejs npm"
  [pdf]="texlive-latex-extra texlive-xetex latexmk texlive-fonts-recommended fonts-freefont-otf fonts-noto-cjk poppler-utils"
)
wanted=()
for group in "$@"; do
  [[ -n "${GROUPS_[$group]:-}" ]] || { echo "install-system-deps: unknown group '$group' (known: ${!GROUPS_[*]})" >&2; exit 2; }
  # A Node.js already on PATH (not from Debian) is fine: don't install a second one beside it.
  [[ $group == node ]] && command -v npm >/dev/null && continue
  wanted+=(${GROUPS_[$group]})
done
missing=()
for pkg in "${wanted[@]+"${wanted[@]}"}"; do
  dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || missing+=("$pkg")
done
[[ ${#missing[@]} -eq 0 ]] && exit 0
echo "installing Debian packages: ${missing[*]}"
SUDO=""; [[ $(id -u) -eq 0 ]] || SUDO="sudo"
$SUDO apt-get update -qq
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}"
