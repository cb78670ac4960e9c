#!/bin/sh
# node:22-bookworm-slim without what a Node service never runs (README, "Image sizes"): Node's
# npm, npx, corepack, yarn and C headers (addons compile in the deps stage); Debian's package
# manager and what only it uses (apt, gpgv, the GnuTLS stack), perl (dpkg's and debconf's
# scripts), the openssl CLI and its libssl (Node has its own OpenSSL), the ext2/3/4 tools; apt's
# lists and caches, docs (the copyright files stay), man pages, message translations (the C.UTF-8
# locale stays) and glibc's iconv modules (Node has ICU). Packages go through `dpkg --purge`, so
# the package database (which image scanners read) lists only what is still installed. Fails if
# a binary or library that stays lost a library it links.
# Run by the runtime-base stage of every apps/*/Dockerfile, which then deletes this file.
set -eu
rm -rf /usr/local/lib/node_modules /usr/local/include /usr/local/share/doc /usr/local/share/man \
  /usr/local/share/systemtap /usr/local/CHANGELOG.md /usr/local/README.md /opt/yarn-v*
rm -f /usr/local/bin/npm /usr/local/bin/npx /usr/local/bin/corepack /usr/local/bin/yarn \
  /usr/local/bin/yarnpkg
dpkg --purge --force-remove-essential --force-depends \
  apt libapt-pkg6.0 gpgv libgnutls30 libp11-kit0 libtasn1-6 libnettle8 libhogweed6 libidn2-0 \
  libunistring2 libffi8 openssl libssl3 e2fsprogs libext2fs2 libss2
dpkg --purge --force-remove-essential --force-depends perl-base
rm -rf /var/lib/apt /var/cache/apt /etc/apt /var/cache/debconf/*-old /var/log/apt \
  /var/log/dpkg.log /var/log/alternatives.log /var/log/bootstrap.log
find /usr/share/doc -mindepth 1 ! -type d ! -name copyright -delete
find /usr/share/doc -mindepth 1 -type d -empty -delete
rm -rf /usr/share/man /usr/share/info /usr/share/lintian /usr/share/doc-base
find /usr/share/locale -mindepth 1 -maxdepth 1 ! -name locale.alias -exec rm -rf {} +
rm -rf /usr/lib/x86_64-linux-gnu/gconv
missing=$(find /usr/bin /usr/sbin /usr/lib /usr/local/bin -type f -perm -u+x -o -type f -name '*.so*' \
  | while read -r f; do ldd "$f" 2>/dev/null | sed -n "s|^\s*\(\S*\) => not found|$f: \1|p"; done)
if [ -n "$missing" ]; then
  echo "libraries missing after the trim:" >&2
  echo "$missing" >&2
  exit 1
fi
