# One image for the API and the alert worker (RUNNING.md):
#   API (default):  node dist/apps/api/src/main.js
#   worker:         node dist/apps/worker/src/main.js
#   migrations:     node dist/libs/platform/src/database/migrate.js
#   all of them:    node scripts/start.js   (what `npm start` runs)

FROM node:20-bookworm-slim AS build
WORKDIR /app
# Dependencies first: this layer is rebuilt only when the lock file changes.
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY . .
RUN npm run build && npm prune --omit=dev --no-audit --no-fund

FROM node:20-bookworm-slim
ENV NODE_ENV=production
WORKDIR /app
COPY --from=build /app/package.json /app/package-lock.json ./
COPY --from=build /app/node_modules ./node_modules
COPY --from=build /app/dist ./dist
COPY --from=build /app/scripts/start.js ./scripts/start.js
# The app writes nothing to its own tree in production, so it runs unprivileged on a root-owned one.
# The worker appends the audit chain's checkpoints here (COUNCIL_AUDIT_CHECKPOINT_DIR; a volume in compose).
RUN mkdir -p /var/lib/council/audit-checkpoints && chown node:node /var/lib/council/audit-checkpoints
USER node
EXPOSE 3000
CMD ["node", "dist/apps/api/src/main.js"]
