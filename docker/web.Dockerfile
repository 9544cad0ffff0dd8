# syntax=docker/dockerfile:1
# The web app: nginx serving the Angular build (`ng build web`) and proxying
# /api (and, restricted, /metrics) to the API replicas. Build from the repository root:
#   docker build -f docker/web.Dockerfile -t pidtrymka-web .

# --- build: the Angular CLI from the root workspace
FROM node:24-bookworm-slim AS build
WORKDIR /app
ENV PIDTRYMKA_SKIP_CMS_INSTALL=true NX_DAEMON=false NX_NO_CLOUD=true CI=true NG_CLI_ANALYTICS=false
COPY . .
RUN --mount=type=cache,target=/root/.npm npm ci --no-audit --no-fund
# angular.json: outputPath apps/web/dist, the browser files under browser/.
RUN npx ng build web --configuration production && node tools/compress-web.mjs

# --- runtime: nginx as its unprivileged `nginx` user, listening on 8080
FROM nginx:1.28-bookworm AS runtime
# The entrypoint renders /etc/nginx/templates/*.template with the environment into conf.d.
ENV API_UPSTREAM=api:3000 \
    CLIENT_MAX_BODY_SIZE=6m \
    METRICS_ALLOW=10.0.0.0/8 \
    DNS_RESOLVER=127.0.0.11 \
    NGINX_ENVSUBST_FILTER='^(API_UPSTREAM|CLIENT_MAX_BODY_SIZE|METRICS_ALLOW|DNS_RESOLVER)$'
COPY docker/nginx/nginx.conf /etc/nginx/nginx.conf
COPY docker/nginx/default.conf.template /etc/nginx/templates/default.conf.template
COPY docker/nginx/security-headers.conf /etc/nginx/snippets/security-headers.conf
COPY --from=build /app/apps/web/dist/browser /usr/share/nginx/html
RUN rm -f /etc/nginx/conf.d/default.conf \
 && chown -R nginx:nginx /etc/nginx/conf.d /var/cache/nginx
USER nginx
EXPOSE 8080
HEALTHCHECK --interval=15s --timeout=5s --start-period=10s --retries=3 \
  CMD ["curl", "-fsS", "-o", "/dev/null", "http://127.0.0.1:8080/nginx-health"]
