# The Voxel Academy course server (Express), run beside the hub as an external hub service.
# Build context: the repository root (see docker-compose.yml). npm workspaces: the root
# package.json and lock file plus every workspace's package.json, so the lock file matches.

# Node 24 LTS (the code supports Node 20.19+, 22 and 24; CI runs the suite on 20 and 24).
# --- build: compile protocol, kernel and server with the repository's TypeScript -----------
# (the server runs reference notebooks on the Node kernel to compute learners' variant keys)
FROM node:24-slim AS build
WORKDIR /app
COPY package.json package-lock.json tsconfig.base.json ./
COPY protocol/package.json protocol/
COPY kernel/package.json kernel/
COPY server/package.json server/
COPY labextension/package.json labextension/
# `npm install`, not `npm ci`: the lock may lack other platforms' optional native packages
# (see scripts/setup.mjs); install still honours it. The labextension's deps are not needed.
RUN npm install --no-audit --no-fund --include-workspace-root --workspace protocol --workspace kernel --workspace server
COPY protocol/tsconfig.json protocol/
COPY protocol/src protocol/src
COPY kernel/tsconfig.json kernel/
COPY kernel/src kernel/src
COPY server/tsconfig.json server/
COPY server/src server/src
RUN npx tsc -b protocol kernel server

# --- teaching data: fetched from Debian and npm and converted, as `npm start` does ----------
# (the image is Debian: `apt-get download` and `dpkg-deb` are there; phantoms stand in, and
# say so, when a source cannot be fetched).
FROM node:24-slim AS data
WORKDIR /app
COPY package.json package-lock.json tsconfig.base.json ./
COPY protocol/package.json protocol/
COPY kernel/package.json kernel/
COPY server/package.json server/
COPY labextension/package.json labextension/
RUN npm install --no-audit --no-fund --include-workspace-root --workspace protocol --workspace kernel
COPY protocol/tsconfig.json protocol/
COPY protocol/src protocol/src
COPY kernel/tsconfig.json kernel/
COPY kernel/src kernel/src
COPY curriculum curriculum
# Every course under curriculum/ gets the datasets its datasets.yaml declares.
RUN npx tsc -b protocol kernel && node kernel/dist/node/teaching-data/cli.js --datasets /app/datasets

# --- runtime: production dependencies, compiled JavaScript and the course content ----------
FROM node:24-slim
ENV NODE_ENV=production
WORKDIR /app
COPY package.json package-lock.json ./
COPY protocol/package.json protocol/
COPY kernel/package.json kernel/
COPY server/package.json server/
COPY labextension/package.json labextension/
RUN npm install --omit=dev --no-audit --no-fund --workspace protocol --workspace kernel --workspace server \
 && npm cache clean --force
COPY --from=build /app/protocol/dist protocol/dist
COPY --from=build /app/kernel/dist kernel/dist
COPY --from=build /app/server/dist server/dist
# Migrations the server applies at boot (SQLite, or PostgreSQL when DATABASE_URL is set).
COPY server/drizzle server/drizzle
COPY server/drizzle-pg server/drizzle-pg
# server/dist/config.js finds the content at ../../, i.e. /app: the curriculum, the lesson
# notebooks and the assessments (with their hidden keys and reference solutions, never served).
COPY curriculum curriculum
COPY notebooks notebooks
COPY assessments assessments
COPY --from=data /app/datasets /srv/academy/datasets
ENV ACADEMY_DATASETS_DIR=/srv/academy/datasets

# Named volume mounted here; created owned by `node` so the volume starts out writable.
RUN mkdir -p /srv/academy/data && chown node:node /srv/academy/data
ENV ACADEMY_DATA_DIR=/srv/academy/data
USER node
EXPOSE 8765
CMD ["node", "server/dist/main.js"]
