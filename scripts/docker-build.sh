#!/usr/bin/env bash
# Builds the camara-harness image on this machine without a registry or npm inside the build: the
# context is streamed as a tar holding the sources, the host's installed node_modules (followed when
# it is a symlink) and, with --local-base, the host's node binary (as .docker/node) for a plain Debian
# base made by scripts/docker-local-base.sh. Prints the time of each step and the image size.
#
# Usage: scripts/docker-build.sh [--tag camara-harness:latest] [--local-base] [--base IMAGE]
#   --local-base   base local/debian:bookworm (built with debootstrap when missing) + the host's node
#   --base IMAGE   another base image holding node (default node:20-bookworm-slim, needs Docker Hub)
set -euo pipefail
cd "$(dirname "$0")/.."

tag="camara-harness:latest"
base=""
local_base=""
while [ $# -gt 0 ]; do
  case "$1" in
    --tag) tag="$2"; shift 2 ;;
    --base) base="$2"; shift 2 ;;
    --local-base) local_base=1; shift ;;
    *) echo "unknown option $1" >&2; exit 2 ;;
  esac
done

node_modules="$(realpath node_modules 2>/dev/null || true)"
[ -d "$node_modules" ] && [ "$(basename "$node_modules")" = "node_modules" ] || {
  echo "no installed node_modules here: run npm ci first" >&2
  exit 1
}

build_args=()
node_member=()
if [ -n "$local_base" ]; then
  step=$SECONDS
  scripts/docker-local-base.sh "${base:-local/debian:bookworm}"
  echo "step base image: $((SECONDS - step)) s"
  build_args+=(--build-arg "BASE_IMAGE=${base:-local/debian:bookworm}" --build-arg NODE_FROM=context)
  node_bin="$(realpath "$(command -v node)")"
  node_member=(-C "$(dirname "$node_bin")" --transform "s,^$(basename "$node_bin")\$,.docker/node," "$(basename "$node_bin")")
  echo "node from the host: $node_bin ($(node --version))"
elif [ -n "$base" ]; then
  build_args+=(--build-arg "BASE_IMAGE=$base")
fi

# without the buildx plugin, the classic builder (it reads a tar context from stdin the same way)
if ! docker buildx version >/dev/null 2>&1; then export DOCKER_BUILDKIT=0; fi

# the context carries the production packages plus what compiling needs (pruned again in the image);
# src/testcontainers (a client-side module, needs the dev dependency testcontainers) stays out
excludes="$(mktemp)"
trap 'rm -f "$excludes"' EXIT
node scripts/docker/prune-dev-dependencies.mjs --list --keep typescript --keep @types --keep openapi-typescript >"$excludes"
printf '%s\n' node_modules/.vite node_modules/.vite-temp node_modules/.cache src/testcontainers >>"$excludes"

log="${TMPDIR:-/tmp}/camara-harness-docker-build.log"
step=$SECONDS
set +e
tar -c --anchored --exclude-from="$excludes" \
  Dockerfile .dockerignore package.json package-lock.json tsconfig.json tsconfig.build.json \
  bin src suites generated specs data scripts/docker \
  "${node_member[@]}" \
  -C "$(dirname "$node_modules")" node_modules \
  | docker build -t "$tag" "${build_args[@]}" - 2>&1 \
  | while IFS= read -r line; do echo "[$((SECONDS - step)) s] $line"; done >"$log"
status=("${PIPESTATUS[@]}")
set -e
if [ "${status[0]}" != 0 ] || [ "${status[1]}" != 0 ]; then
  tail -n 30 "$log" >&2
  echo "image build failed after $((SECONDS - step)) s (tar ${status[0]}, docker build ${status[1]}; log: $log)" >&2
  exit 1
fi
size="$(docker image inspect -f '{{.Size}}' "$tag" | awk '{printf "%.0f MB", $1/1e6}')"
echo "step image build: $((SECONDS - step)) s (log with the time of each step: $log)"
echo "built $tag ($size)"
