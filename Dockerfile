# syntax=docker/dockerfile:1
#
# One image for all six apps and the payment sandbox. The command picks what runs:
#   node dist/apps/<app>/src/main.js     the app (gateway, permits, payments, complaints, audit, worker,
#                                        or payment-sandbox, the stand-in card provider)
#   node dist/apps/<app>/src/migrate.js  its migration job (every app that owns a schema; not worker)
#
# docker build -t civic-platform:local .
#   --build-arg WEB_TRUSTED_LOG_KEYS="$(cat keys.json)"   the audit log's public keys that the web UI
#   pins (the saved answer of /api/v1/audit/public-keys; docs/web.md, "Pinned log keys"). Without
#   it the build pins a key made for the build alone, and the pages' proof checks fail.
# docker run --rm civic-platform:local node dist/apps/permits/src/migrate.js
#
# The COPY lines name the sources one by one, so that node_modules/, dist/, .data/ and
# .tools/ of a working copy never reach the image.

ARG NODE_IMAGE=node:24-slim

# --- build: all dependencies, SWC to dist/, the prebuilt workflow bundle -------------------
FROM ${NODE_IMAGE} AS build
WORKDIR /app
COPY package.json package-lock.json ./
# npm ci = npm install strictly from the lockfile (fails when it is out of date).
RUN npm ci --no-audit --no-fund
COPY tsconfig.json .swcrc ./
COPY deploy/build.mjs deploy/web.mjs deploy/trusted-log-keys.mjs deploy/
COPY libs libs
COPY workflows workflows
COPY apps apps
# deploy/build.mjs: SWC compiles apps/, libs/, workflows/ to dist/, bundles the workflow code
# once into dist/workflows/bundle.js (the worker loads it at start), then builds the web UI into
# dist/web (deploy/web.mjs), which the gateway serves under /, with the log keys pinned.
ARG WEB_TRUSTED_LOG_KEYS=""
RUN npm run build

# --- production dependencies only -------------------------------------------------------
FROM ${NODE_IMAGE} AS prod-deps
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --omit=dev --no-audit --no-fund && npm cache clean --force

# --- runtime ------------------------------------------------------------------------------
FROM ${NODE_IMAGE} AS runtime
# tini as PID 1 forwards SIGTERM to node and reaps; node itself then drains and exits.
RUN apt-get update \
  && apt-get install -y --no-install-recommends tini \
  && rm -rf /var/lib/apt/lists/*
# NODE_OPTIONS: a small young generation, which keeps an idle app's resident memory low; the
# worker runs with it, while the gateway and the services set a larger one in their own
# NODE_OPTIONS (SEMI_SPACE_MB in libs/devstack/src/apps.ts, deploy/README.md).
ENV NODE_ENV=production \
  NODE_OPTIONS=--max-semi-space-size=2 \
  OPS_HOST=0.0.0.0 \
  GATEWAY_HOST=0.0.0.0 \
  WORKER_WORKFLOW_BUNDLE=/app/dist/workflows/bundle.js
WORKDIR /app
# Code and dependencies belong to root and are read-only for the user that runs them.
COPY --from=prod-deps /app/node_modules node_modules
COPY --from=build /app/package.json package.json
COPY --from=build /app/dist dist
# The payment sandbox's state (a SQLite file): a volume mounted here starts owned by "node".
RUN mkdir -p /var/lib/payment-sandbox && chown node:node /var/lib/payment-sandbox
# Uploaded files with FILE_STORAGE=local (FILE_STORAGE_DIR=/data/files): the one folder the
# app may write; mount a volume there (a new named volume takes this owner).
RUN mkdir -p /data/files && chown node:node /data/files
# The "node" user (uid 1000) of the official image.
USER node
# 3000: gateway HTTP. 3100: the payment sandbox (API and hosted page). 9400-9405: internal ops
# ports (/health, /metrics), never routed from outside.
EXPOSE 3000 3100 9400-9405
ENTRYPOINT ["/usr/bin/tini", "--"]
CMD ["node", "dist/apps/gateway/src/main.js"]
