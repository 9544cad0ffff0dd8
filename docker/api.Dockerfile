# syntax=docker/dockerfile:1
# The Pidtrymka API (NestJS). Build from the repository root:
#   docker build -f docker/api.Dockerfile -t pidtrymka-api .
# Runs `node apps/api/dist/main.js` as the unprivileged `node` user; every
# setting comes from the environment (docker/.env.example lists them).

# --- build: the whole workspace's dependencies, then tsc -b of the API and its libs
FROM node:24-bookworm-slim AS build
WORKDIR /app
# The CMS has its own image (cms.Dockerfile): the root postinstall must not install it here.
ENV PIDTRYMKA_SKIP_CMS_INSTALL=true NX_DAEMON=false NX_NO_CLOUD=true CI=true
COPY . .
RUN --mount=type=cache,target=/root/.npm npm ci --no-audit --no-fund
RUN npm run build

# --- prod-deps: only what runs (no TypeScript, Angular, jest …)
FROM node:24-bookworm-slim AS prod-deps
WORKDIR /app
ENV PIDTRYMKA_SKIP_CMS_INSTALL=true
# npm ci needs every workspace's package.json beside the lockfile; .dockerignore keeps the rest small.
COPY . .
RUN --mount=type=cache,target=/root/.npm npm ci --omit=dev --no-audit --no-fund

# --- runtime
FROM node:24-bookworm-slim AS runtime
# One API worker per core of the container (API_WORKERS=1 to run one process and scale by replicas instead).
ENV NODE_ENV=production PORT=3000 DATA_DIR=/data API_WORKERS=auto
WORKDIR /app
COPY --from=prod-deps /app/package.json /app/package-lock.json ./
COPY --from=prod-deps /app/node_modules ./node_modules
# The workspace packages node_modules links to: their manifests and built code.
COPY --from=build /app/libs/contracts/package.json ./libs/contracts/
COPY --from=build /app/libs/contracts/dist ./libs/contracts/dist
COPY --from=build /app/libs/plugin-sdk/package.json ./libs/plugin-sdk/
COPY --from=build /app/libs/plugin-sdk/dist ./libs/plugin-sdk/dist
COPY --from=build /app/apps/api/package.json ./apps/api/
COPY --from=build /app/apps/api/bin ./apps/api/bin
COPY --from=build /app/apps/api/dist ./apps/api/dist
# DATA_DIR: generated secrets and, with ATTACHMENT_STORE=filesystem, attachments (mount a volume).
RUN mkdir -p /data && chown node:node /data
USER node
EXPOSE 3000
# Liveness: the process answers and reaches PostgreSQL. node:*-slim has no curl.
HEALTHCHECK --interval=15s --timeout=5s --start-period=60s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:'+(process.env.PORT||3000)+'/api/health').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"]
CMD ["node", "apps/api/dist/main.js"]
