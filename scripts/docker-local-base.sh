#!/usr/bin/env bash
# Builds a plain Debian image (local/debian:bookworm by default) with debootstrap + `docker import`,
# for machines that reach no container registry. Idempotent: does nothing when the image exists.
# Usage: scripts/docker-local-base.sh [image-tag]   (needs root, debootstrap and a Docker engine)
set -euo pipefail
tag="${1:-local/debian:bookworm}"
suite="${DEBIAN_SUITE:-bookworm}"
mirror="${DEBIAN_MIRROR:-http://deb.debian.org/debian}"

if docker image inspect "$tag" >/dev/null 2>&1; then
  echo "base image $tag already present"
  exit 0
fi
command -v debootstrap >/dev/null || { echo "debootstrap is not installed (apt-get install debootstrap)" >&2; exit 1; }
[ "$(id -u)" = "0" ] || { echo "debootstrap needs root" >&2; exit 1; }

root="$(mktemp -d /tmp/debian-rootfs.XXXXXX)"
trap 'rm -rf "$root"' EXIT
started=$SECONDS
echo "debootstrap --variant=minbase $suite into $root ($mirror)"
debootstrap --variant=minbase "$suite" "$root" "$mirror" >"$root.log" 2>&1 || { tail -n 20 "$root.log" >&2; exit 1; }
# apt caches and lists are not needed in a base image
rm -rf "$root"/var/cache/apt/archives/*.deb "$root"/var/lib/apt/lists/*
echo "debootstrap done in $((SECONDS - started)) s"
tar -C "$root" -c . | docker import - "$tag" >/dev/null
rm -f "$root.log"
echo "imported $tag in $((SECONDS - started)) s ($(docker image inspect -f '{{.Size}}' "$tag" | awk '{printf "%.0f MB", $1/1e6}'))"
