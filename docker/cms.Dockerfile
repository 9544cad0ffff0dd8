# syntax=docker/dockerfile:1
# The knowledge-base CMS (Strapi 5, cms/ with its own lockfile). Build from the repository root:
#   docker build -f docker/cms.Dockerfile -t pidtrymka-cms .

# --- build: cms/ alone; nothing compiles (better-sqlite3 13 ships its Node-API binaries in its npm package)
FROM node:24-bookworm-slim AS build
WORKDIR /app/cms
ENV NODE_ENV=production STRAPI_TELEMETRY_DISABLED=true
COPY cms/package.json cms/package-lock.json ./
# Dev dependencies (types only) are needed by `strapi build` of a TypeScript project.
RUN --mount=type=cache,target=/root/.npm npm ci --include=dev --no-audit --no-fund
COPY cms/ ./
RUN npm run build \
 && npm prune --omit=dev --no-audit --no-fund

# --- runtime: the built project and its production dependencies
FROM node:24-bookworm-slim AS runtime
ENV NODE_ENV=production STRAPI_TELEMETRY_DISABLED=true HOST=0.0.0.0 PORT=1337 \
    CMS_SECRETS_FILE=/data/secrets.json CMS_API_TOKEN_FILE=/data/api-token.txt DATABASE_FILENAME=/data/data.db
WORKDIR /app/cms
COPY --from=build --chown=node:node /app/cms ./
# /data: SQLite (when DATABASE_CLIENT=sqlite) and generated secrets; public/uploads: editors' media. Mount volumes on both.
RUN mkdir -p /data public/uploads && chown node:node /data public/uploads
USER node
EXPOSE 1337
HEALTHCHECK --interval=15s --timeout=5s --start-period=90s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:'+(process.env.PORT||1337)+'/_health').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"]
# strapi itself as PID 1, so that `docker stop` reaches it (npm would not pass the signal on).
CMD ["node", "node_modules/@strapi/strapi/bin/strapi.js", "start"]
