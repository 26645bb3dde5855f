#!/usr/bin/env bash
# Renders the installer icons in packaging/icons/ from the app's own mark,
# renderer/public/favicon.svg: 512x512.png and 256x256.png (Linux; macOS makes its .icns from the
# 512), and icon.ico (Windows, 16-256 px). The results are committed: packaging never runs this.
# Run it again after changing the mark. Needs rsvg-convert and ImageMagick's convert
# (Debian: apt-get install librsvg2-bin imagemagick).
#
# The SVG is rasterised by rsvg-convert, the renderer ImageMagick itself delegates SVG to:
# ImageMagick 6's built-in SVG coder (MSVG, used when present) outlines every shape in black.
set -euo pipefail
cd "$(dirname "$0")/.."
svg=renderer/public/favicon.svg
out=packaging/icons
mkdir -p "$out"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

for size in 512 256; do
  rsvg-convert --width "$size" --height "$size" "$svg" --output "$tmp/$size.png"
  # -strip: no timestamps in the file, so a re-render of the same mark is byte-identical.
  convert "$tmp/$size.png" -strip -depth 8 "$out/${size}x${size}.png"
done
convert "$tmp/512.png" -strip -depth 8 -define icon:auto-resize=256,128,64,48,32,16 "$out/icon.ico"
echo "icons: $(cd "$out" && ls | tr '\n' ' ')in $out"
