# syntax=docker/dockerfile:1
# appgen's webhook server (default command) and its queue workers (`node --import tsx app/worker.ts`), one image.
# Stage 1 installs the production dependencies from the lockfile; stage 2 carries only those and the sources
# appgen reads at run time, and runs as the unprivileged `node` user. tsx and typescript are runtime dependencies:
# appgen runs its TypeScript directly and parses generated code when it fixes it.

FROM node:20-bookworm-slim AS deps
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm install --omit=dev --no-audit --no-fund && npm cache clean --force

FROM node:20-bookworm-slim AS runtime
# git: the CLI in the image (`appgen generate`, `appgen fix`) commits to local repositories; tini: forwards signals
# (SIGTERM drains the queue) and reaps child processes.
RUN apt-get update \
 && apt-get install -y --no-install-recommends git ca-certificates tini \
 && rm -rf /var/lib/apt/lists/*
ENV NODE_ENV=production \
    PORT=3000 \
    APPGEN_DATA_DIR=/var/lib/appgen
WORKDIR /app
# Everything stays owned by root and read-only for the user the server runs as.
COPY --from=deps /app/node_modules ./node_modules
COPY package.json package-lock.json tsconfig.json ./
COPY bin ./bin
COPY app ./app
COPY schemas ./schemas
COPY templates ./templates
COPY workflows ./workflows
# The diagnose action is vendored into every generated project (action.yml, package.json, compiled dist).
COPY actions/diagnose/action.yml actions/diagnose/package.json ./actions/diagnose/
COPY actions/diagnose/dist ./actions/diagnose/dist
# The embedded run store (without DATABASE_URL): the one directory the server may write; mount a volume there.
RUN install -d -o node -g node /var/lib/appgen
VOLUME /var/lib/appgen
USER node
EXPOSE 3000
HEALTHCHECK --interval=30s --timeout=5s --start-period=20s \
  CMD ["node", "-e", "fetch(`http://127.0.0.1:${process.env.PORT}/healthz`).then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]
ENTRYPOINT ["/usr/bin/tini", "--"]
CMD ["node", "--import", "tsx", "app/server.ts"]
