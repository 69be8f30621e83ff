# syntax=docker/dockerfile:1.7
# Every Node.js service (api, worker): dependencies -> build -> slim runtime; `development` runs
# tsc --watch with node --watch for hot reload. The service's context is its own directory; its
# port and health path arrive as build args (infra/services.ts), its entry point is package.json "main".

FROM node:22.23.5-bookworm-slim AS base
WORKDIR /app
# OS dependencies first (they change least): tini reaps zombies and forwards SIGTERM as PID 1.
RUN apt-get update \
    && apt-get install -y --no-install-recommends tini \
    && rm -rf /var/lib/apt/lists/*
ARG SERVICE_PORT=8080
ARG HEALTH_PATH=/health
ENV PORT=${SERVICE_PORT} HEALTH_URL=http://127.0.0.1:${SERVICE_PORT}${HEALTH_PATH}
EXPOSE ${SERVICE_PORT}

FROM base AS dependencies
COPY package.json package-lock.json ./
# A private registry token, if any, arrives as a BuildKit secret: never in a layer or build arg.
RUN --mount=type=cache,target=/root/.npm \
    --mount=type=secret,id=npmrc,target=/root/.npmrc,required=false \
    npm ci --no-audit --no-fund

FROM dependencies AS development
COPY tsconfig.json ./
COPY src ./src
USER 1000:1000
CMD ["npm", "run", "dev"]

FROM dependencies AS build
COPY tsconfig.json ./
COPY src ./src
RUN npm run build && npm prune --omit=dev

FROM base AS runtime
ENV NODE_ENV=production
# Files stay owned by root: the service (uid 1000) can read its code, never change it.
COPY --from=build /app/package.json ./
COPY --from=build /app/node_modules ./node_modules
COPY --from=build /app/dist ./dist
USER 1000:1000
HEALTHCHECK --interval=30s --timeout=3s --start-period=10s --retries=3 \
    CMD ["node", "-e", "require('http').get(process.env.HEALTH_URL,r=>process.exit(r.statusCode===200?0:1)).on('error',()=>process.exit(1))"]
ENTRYPOINT ["/usr/bin/tini", "--"]
CMD ["node", "."]
