#!/usr/bin/env bash
# The demo's text corpus, offline: the reStructuredText sources of Python 3.11's documentation, as
# Debian's python3.11-doc package installs them (PSF licence: free to use and redistribute; we
# only read them on the user's machine). Which files, and their SHA-256, are pinned in
# corpus-train.sha256 and corpus-heldout.sha256 beside this script; a file whose checksum differs
# stops the script (the corpus must be the same wherever the demo runs).
#
#   demo/gather-corpus.sh OUT_DIR     → OUT_DIR/train.txt, OUT_DIR/heldout.txt
#
# Markup is thinned so that the model reads prose and code, not Sphinx: directive and label lines,
# heading underlines and role names (:keyword:`if` → if) are dropped; documents are separated by a
# blank line.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
out="${1:?usage: gather-corpus.sh OUT_DIR}"
src="${PYDOC_SOURCES:-/usr/share/doc/python3.11/html/_sources}"

if [ ! -d "$src" ]; then
  if [ "$(id -u)" = 0 ]; then
    echo "Installing: python3.11-doc (the demo corpus)"
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq python3.11-doc >/dev/null
  else
    echo "The demo corpus needs Debian's python3.11-doc — run: sudo apt-get install python3.11-doc" >&2
    exit 1
  fi
fi

clean() {
  sed -E \
    -e '/^\.\. /d' \
    -e '/^   :[a-z-]+:/d' \
    -e '/^[=*~^"#+-]{3,}$/d' \
    -e 's/:[a-z]+(:[a-z]+)*:`[!~]?([^`<]*[^ `<])( <[^`]*>)?`/\2/g' \
    "$1"
  echo
}

mkdir -p "$out"
for split in train heldout; do
  list="$here/corpus-$split.sha256"
  if ! (cd "$src" && sha256sum --check --quiet --strict "$list") >&2; then
    echo "error: $src: the files above differ from $list (another python3.11-doc version?)" >&2
    exit 1
  fi
  tmp="$out/$split.txt.partial"
  : >"$tmp"
  while read -r _ file; do clean "$src/$file" >>"$tmp"; done <"$list"
  mv "$tmp" "$out/$split.txt"
  echo "corpus $split: $(wc -l <"$list") files, $(wc -c <"$out/$split.txt") bytes → $out/$split.txt"
done
