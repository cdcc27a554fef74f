# Sourced by .ci/run: the container image for test/container (issue 18), best effort and time-boxed.
# container_image_start installs a Docker engine and debootstrap when it can, starts the engine and
# builds the Debian base in the background (while `npm ci` runs); container_image_finish builds the
# image and exports CAMARA_HARNESS_IMAGE. On any failure it prints why and exports
# CAMARA_CONTAINER_SKIP_REASON: the container tests then skip with that reason; the run goes on.
CONTAINER_LOG_DIR="${TMPDIR:-/tmp}/camara-harness-ci-container"
CONTAINER_IMAGE_TAG="${CONTAINER_IMAGE_TAG:-camara-harness:ci}"

container_skip() {
  echo "container image: $1 (the container tests will skip)"
  export CAMARA_CONTAINER_SKIP_REASON="$1"
  CONTAINER_BASE_PID=""
}

container_image_start() {
  CONTAINER_T0=$SECONDS
  CONTAINER_BASE_PID=""
  mkdir -p "$CONTAINER_LOG_DIR"
  if [ -n "${CAMARA_SKIP_CONTAINER:-}" ]; then container_skip "not built (CAMARA_SKIP_CONTAINER is set)"; return 0; fi
  local sudo=""
  if [ "$(id -u)" != "0" ]; then
    if sudo -n true 2>/dev/null; then sudo="sudo"; else container_skip "not root and no password-less sudo to install or start a Docker engine"; return 0; fi
  fi
  if ! command -v dockerd >/dev/null 2>&1 || ! command -v debootstrap >/dev/null 2>&1; then
    echo "container image: installing docker.io and debootstrap (apt-get)"
    if ! { $sudo apt-get update -qq && DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq docker.io debootstrap; } >"$CONTAINER_LOG_DIR/apt.log" 2>&1; then
      container_skip "apt-get install docker.io debootstrap failed: $(tail -n 1 "$CONTAINER_LOG_DIR/apt.log")"
      return 0
    fi
  fi
  if ! docker info >/dev/null 2>&1; then
    echo "container image: starting dockerd"
    $sudo sh -c "dockerd >'$CONTAINER_LOG_DIR/dockerd.log' 2>&1 &"
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
  if [ "$base_status" = 124 ]; then
    container_skip "the Debian base took longer than its time box (240 s; log $CONTAINER_LOG_DIR/base.log)"
    return 0
  elif [ "$base_status" != 0 ]; then
    container_skip "the Debian base failed: $(tail -n 1 "$CONTAINER_LOG_DIR/base.log")"
    return 0
  fi
  echo "container image: base ready ($(tail -n 1 "$CONTAINER_LOG_DIR/base.log"); waited $((SECONDS - waited)) s for it)"
  local built=$SECONDS
  local status=0
  timeout 360 scripts/docker-build.sh --local-base --tag "$CONTAINER_IMAGE_TAG" >"$CONTAINER_LOG_DIR/build.log" 2>&1 || status=$?
  if [ "$status" = 124 ]; then
    container_skip "the image build took longer than its time box (360 s; log $CONTAINER_LOG_DIR/build.log)"
    return 0
  elif [ "$status" != 0 ]; then
    container_skip "the image build failed: $(tail -n 1 "$CONTAINER_LOG_DIR/build.log")"
    return 0
  fi
  export CAMARA_HARNESS_IMAGE="$CONTAINER_IMAGE_TAG"
  # the reaper image of testcontainers cannot be pulled where no registry is reachable
  export TESTCONTAINERS_RYUK_DISABLED="${TESTCONTAINERS_RYUK_DISABLED:-true}"
  echo "container image: $(tail -n 1 "$CONTAINER_LOG_DIR/build.log") in $((SECONDS - built)) s; container steps $((SECONDS - CONTAINER_T0)) s in all"
}
