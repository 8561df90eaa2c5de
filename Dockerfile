# Homeward's worker and API image. Multi-stage: build with dev dependencies, run with production ones only.
# The workflow bundle is prebuilt, so a worker starts without webpack.

FROM node:20.19-bookworm-slim AS build
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY tsconfig.json tsconfig.build.json ./
COPY src ./src
COPY scripts ./scripts
RUN npx tsc -p tsconfig.build.json \
 && node dist/scripts/bundle-workflows.js dist/workflow-bundle.js \
 && npm prune --omit=dev

FROM node:20.19-bookworm-slim AS runtime
# MALLOC_ARENA_MAX: glibc's malloc keeps two arenas, not eight per core, for the Temporal SDK's native threads
# (about 100 MiB less worker RSS with every case open; bench/RESULTS.md). glibc reads it at process start only.
ENV NODE_ENV=production \
    WORKFLOW_BUNDLE_PATH=/app/dist/workflow-bundle.js \
    API_HOST=0.0.0.0 \
    MALLOC_ARENA_MAX=2
WORKDIR /app
COPY --from=build --chown=node:node /app/node_modules ./node_modules
COPY --from=build --chown=node:node /app/dist ./dist
COPY --chown=node:node package.json ./
USER node
EXPOSE 3000 8080
# Both processes answer a health probe: the API on /healthz, the worker on WORKER_HEALTH_PORT.
HEALTHCHECK --interval=10s --timeout=3s --start-period=30s --retries=5 \
  CMD node dist/scripts/healthcheck.js
CMD ["node", "dist/src/workers/api.js"]
