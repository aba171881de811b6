# syntax=docker/dockerfile:1
# Node 20.20.2: the same release as development and CI (.nvmrc, package.json "engines"), so tests run what production runs.
# Multi-stage: build with dev dependencies, run with production dependencies only, as non-root.
FROM node:20.20.2-bookworm-slim AS build
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY tsconfig.json tsconfig.build.json ./
COPY apps ./apps
COPY libs ./libs
RUN npm run build

FROM node:20.20.2-bookworm-slim AS runtime
ENV NODE_ENV=production APP_ROOT=/app
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --omit=dev --no-audit --no-fund
COPY --from=build /app/dist ./dist
COPY config ./config
USER node
EXPOSE 3000
CMD ["npm", "run", "start:api"]
