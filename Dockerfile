# The camara-harness image: the compiled CLI, `mock` by default on 0.0.0.0:4010 (PORT), as user 10001.
#
# The base is a build argument. Default: the official Node image, on any machine that reaches Docker Hub
#   docker build -t camara-harness .
# Offline (no registry): a plain Debian image plus the host's node binary, which the build context
# carries as .docker/node (scripts/docker-build.sh prepares the context and builds this way)
#   docker build --build-arg BASE_IMAGE=local/debian:bookworm --build-arg NODE_FROM=context ...
#
# Nothing is downloaded during the build: node_modules comes from the build context (an `npm ci` done
# on the host, same OS and architecture as the image), dev dependencies are pruned after compiling.
# No `# syntax` line: the classic builder (no BuildKit) must work too, and it builds every stage, so
# the stage for NODE_FROM=context must not fail when the context has no node binary.
ARG BASE_IMAGE=node:20-bookworm-slim
ARG NODE_FROM=image

# --- where node comes from: the base image itself, or the build context ---
FROM ${BASE_IMAGE} AS node-from-image

FROM ${BASE_IMAGE} AS node-from-context
# package.json makes the COPY valid when the optional .docker/node is absent (one layer, no second copy)
COPY package.json .docker/nod[e] /usr/local/bin/
RUN rm /usr/local/bin/package.json

FROM node-from-${NODE_FROM} AS runtime-base
RUN node --version || { echo "no node in the image: use a Node base image, or NODE_FROM=context with .docker/node in the context" >&2; exit 1; }

# --- build: compile TypeScript to dist/, then drop the dev dependencies ---
FROM runtime-base AS build
# the classic builder keeps this stage as an untagged image (layer cache for the next build); remove
# with: docker image prune --filter label=camara-harness.stage=build
LABEL camara-harness.stage=build
WORKDIR /app
COPY package.json package-lock.json tsconfig.json tsconfig.build.json ./
COPY node_modules ./node_modules
COPY scripts/docker/prune-dev-dependencies.mjs ./scripts/docker/
COPY bin ./bin
COPY specs ./specs
COPY data ./data
COPY generated ./generated
COPY suites ./suites
COPY src ./src
RUN node node_modules/typescript/bin/tsc -p tsconfig.build.json \
 && node scripts/docker/prune-dev-dependencies.mjs

# --- the image ---
FROM runtime-base
# a fixed unprivileged user (written directly: minbase Debian has no useradd)
RUN echo "camara:x:10001:10001:camara-harness:/app:/usr/sbin/nologin" >> /etc/passwd \
 && echo "camara:x:10001:" >> /etc/group \
 && mkdir -p /app/reports && chown 10001:10001 /app/reports
WORKDIR /app
COPY --from=build /app/package.json ./package.json
COPY --from=build /app/node_modules ./node_modules
COPY --from=build /app/bin ./bin
COPY --from=build /app/specs ./specs
COPY --from=build /app/data ./data
COPY --from=build /app/dist ./dist
COPY scripts/docker/entrypoint.mjs ./docker-entrypoint.mjs
ENV NODE_ENV=production PORT=4010
USER 10001:10001
EXPOSE 4010
# node itself (no curl in a minimal base); discovery is public even when the control plane is protected
HEALTHCHECK --interval=10s --timeout=3s --start-period=30s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:'+(process.env.PORT||4010)+'/.well-known/openid-configuration').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"]
# the CLI; `mock` on 0.0.0.0 unless the arguments say otherwise (scripts/docker/entrypoint.mjs)
ENTRYPOINT ["node", "/app/docker-entrypoint.mjs"]
CMD ["mock"]
