#!/bin/sh
# Deletes from node_modules what Node never loads (README, "Image sizes"): type declarations and
# TypeScript sources, source maps, Markdown (licences stay), each package's own tests, docs and
# examples, typeorm's browser build and rxjs's ESM and UMD builds (their package.json `exports`
# give Node the CommonJS build), argon2's prebuilt binaries for other platforms.
# Run by the deps stage of every apps/*/Dockerfile, in the folder that holds node_modules.
set -eu
cd node_modules
rm -rf @types typeorm/browser rxjs/src rxjs/dist/esm rxjs/dist/esm5 rxjs/dist/bundles
if [ -d argon2/prebuilds ]; then
  find argon2/prebuilds -mindepth 1 -maxdepth 1 \
    ! -name "$(node -p 'process.platform + "-" + process.arch')" -exec rm -rf {} +
fi
find . -type d \( -name test -o -name tests -o -name __tests__ -o -name docs -o -name doc \
  -o -name example -o -name examples -o -name benchmark -o -name benchmarks -o -name .github \) \
  -prune -exec sh -c 'for d; do if [ -f "$d/../package.json" ]; then rm -rf "$d"; fi; done' sh {} +
find . -type f \( -name '*.map' -o -name '*.ts' -o -name '*.mts' -o -name '*.cts' \
  -o -iname '*.md' -o -iname '*.markdown' \) ! -iname 'licen[cs]e*' -delete
