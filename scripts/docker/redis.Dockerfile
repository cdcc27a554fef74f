# A Redis image for the replica tests where no registry is reachable: Debian's redis-server from apt,
# on the local Debian base (scripts/docker-local-base.sh). Elsewhere the official `redis` image does.
#   docker build -t local/redis:bookworm - < scripts/docker/redis.Dockerfile   (no context: it copies nothing)
ARG BASE_IMAGE=local/debian:bookworm
FROM ${BASE_IMAGE}
RUN apt-get update -qq \
 && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends redis-server >/dev/null \
 && rm -rf /var/lib/apt/lists/*
USER redis
EXPOSE 6379
# a test server: every interface, no persistence
CMD ["redis-server", "--bind", "0.0.0.0", "--protected-mode", "no", "--save", "", "--appendonly", "no"]
