# Sourced by .ci/run: the container image for test/container (issue 18), best effort and time-boxed.
# container_image_start installs a Docker engine and debootstrap when it can, starts the engine and
# builds the Debian base in the background (while `npm ci` runs); container_image_finish builds the
# image (and the Redis image of the replica test) and exports CAMARA_HARNESS_IMAGE; container_image_stop
# stops the engine it started. Not root: nothing is installed or built, an existing image is used.
# On any failure it prints why and exports CAMARA_CONTAINER_SKIP_REASON: the container tests then skip
# with that reason; the run goes on.
CONTAINER_LOG_DIR="${TMPDIR:-/tmp}/camara-harness-ci-container"
CONTAINER_IMAGE_TAG="${CONTAINER_IMAGE_TAG:-camara-harness:ci}"

container_skip() {
  echo "container image: $1 (the container tests will skip)"
  export CAMARA_CONTAINER_SKIP_REASON="$1"
  CONTAINER_BASE_PID=""
}

# A time-boxed step ended with a non-zero status: `timeout` (124) or the step's own failure.
container_step_failed() { # what status seconds log
  if [ "$2" = 124 ]; then
    container_skip "$1 took longer than its time box ($3 s; log $4)"
  else
    container_skip "$1 failed: $(tail -n 1 "$4")"
  fi
}

container_image_start() {
  CONTAINER_T0=$SECONDS
  CONTAINER_BASE_PID=""
  CONTAINER_DOCKERD_PID=""
  mkdir -p "$CONTAINER_LOG_DIR"
  if [ -n "${CAMARA_SKIP_CONTAINER:-}" ]; then container_skip "not built (CAMARA_SKIP_CONTAINER is set)"; return 0; fi
  if [ "$(id -u)" != "0" ]; then
    # installing and starting an engine and debootstrap need root; an image built before still serves
    local image="${CAMARA_HARNESS_IMAGE:-camara-harness:latest}"
    if docker image inspect "$image" >/dev/null 2>&1; then
      echo "container image: not root, so nothing is built; the container tests use the image $image"
      export CAMARA_HARNESS_IMAGE="$image"
    else
      container_skip "not root, and no image $image to use (build one as root: scripts/docker-build.sh --local-base)"
    fi
    return 0
  fi
  if ! command -v dockerd >/dev/null 2>&1 || ! command -v debootstrap >/dev/null 2>&1; then
    echo "container image: installing docker.io and debootstrap (apt-get)"
    # .ci/run may have updated the package lists already (APT_LISTS_UPDATED)
    if ! { { [ -n "${APT_LISTS_UPDATED:-}" ] || apt-get update -qq; } && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq docker.io debootstrap; } >"$CONTAINER_LOG_DIR/apt.log" 2>&1; then
      container_skip "apt-get install docker.io debootstrap failed: $(tail -n 1 "$CONTAINER_LOG_DIR/apt.log")"
      return 0
    fi
  fi
  if ! docker info >/dev/null 2>&1; then
    echo "container image: starting dockerd (stopped again when .ci/run ends)"
    dockerd >"$CONTAINER_LOG_DIR/dockerd.log" 2>&1 &
    CONTAINER_DOCKERD_PID=$!
    for _ in $(seq 1 20); do docker info >/dev/null 2>&1 && break; sleep 0.5; done
    if ! docker info >/dev/null 2>&1; then
      container_skip "no Docker engine answers after 10 s: $(tail -n 1 "$CONTAINER_LOG_DIR/dockerd.log" 2>/dev/null)"
      return 0
    fi
  fi
  echo "container image: engine ready after $((SECONDS - CONTAINER_T0)) s; building the Debian base in the background"
  (timeout 240 scripts/docker-local-base.sh >"$CONTAINER_LOG_DIR/base.log" 2>&1) &
  CONTAINER_BASE_PID=$!
}

container_image_finish() {
  [ -n "${CONTAINER_BASE_PID:-}" ] || return 0
  local waited=$SECONDS
  local base_status=0
  wait "$CONTAINER_BASE_PID" || base_status=$?
  if [ "$base_status" != 0 ]; then container_step_failed "the Debian base" "$base_status" 240 "$CONTAINER_LOG_DIR/base.log"; return 0; fi
  echo "container image: base ready ($(tail -n 1 "$CONTAINER_LOG_DIR/base.log"); waited $((SECONDS - waited)) s for it)"
  local built=$SECONDS
  # the Redis image of test/container/replicas-on-redis.test.ts (no registry here), built beside the
  # project's image; without it that file skips, saying so. The Dockerfile copies nothing: no context.
  local redis_pid=""
  if ! docker image inspect local/redis:bookworm >/dev/null 2>&1; then
    (timeout 240 docker build -t local/redis:bookworm - <scripts/docker/redis.Dockerfile >"$CONTAINER_LOG_DIR/redis.log" 2>&1) &
    redis_pid=$!
  fi
  local status=0
  timeout 360 scripts/docker-build.sh --local-base --tag "$CONTAINER_IMAGE_TAG" >"$CONTAINER_LOG_DIR/build.log" 2>&1 || status=$?
  if [ -n "$redis_pid" ] && ! wait "$redis_pid"; then
    echo "container image: the Redis image failed ($(tail -n 1 "$CONTAINER_LOG_DIR/redis.log")); the replica container test will skip"
  fi
  if [ "$status" != 0 ]; then container_step_failed "the image build" "$status" 360 "$CONTAINER_LOG_DIR/build.log"; return 0; fi
  export CAMARA_HARNESS_IMAGE="$CONTAINER_IMAGE_TAG"
  echo "container image: $(tail -n 1 "$CONTAINER_LOG_DIR/build.log") in $((SECONDS - built)) s; container steps $((SECONDS - CONTAINER_T0)) s in all"
}

# Stops the engine container_image_start started (none when one was running already).
container_image_stop() {
  if [ -n "${CONTAINER_DOCKERD_PID:-}" ]; then
    kill "$CONTAINER_DOCKERD_PID" 2>/dev/null || true
    wait "$CONTAINER_DOCKERD_PID" 2>/dev/null || true
  fi
}
