# The harness as an image: the `golden-path` command with its suites, framework and env files, run
# by the Kubernetes recipe (deploy/kubernetes) and any CI that runs containers. Build context: the
# repository root (.dockerignore keeps out what neither this image nor reference/Dockerfile needs).
#   docker build -t golden-path .
#   docker run --rm -v "$PWD/reports:/reports" -e E2E_ENV=staging -e E2E_USERS golden-path run
# See docs/docker.md.
FROM node:20-bookworm-slim

WORKDIR /app
COPY package.json package-lock.json ./
# Production dependencies are the whole harness: vitest, and tsx to run TypeScript without a build step.
RUN npm ci --omit=dev --ignore-scripts --no-audit --no-fund && npm cache clean --force
COPY bin ./bin
COPY framework ./framework
COPY suites ./suites
COPY env ./env
# Only the default env (local) needs it: `docker run golden-path run` then checks the image itself
# against the embedded reference stack.
COPY reference ./reference
COPY vitest.config.ts tsconfig.json ./

# Reports go to the volume mounted at /reports. Root, not `node`: a fresh volume (a Kubernetes PVC,
# a host directory) is owned by root, and a harness that cannot write loses the run's evidence.
ENV E2E_REPORT_DIR=/reports
# tar: deploy/kubernetes copies the reports out of a pod of this image with `kubectl cp`.
RUN mkdir -p /reports && tar --version >/dev/null

# node itself as PID 1 (not npx): SIGTERM reaches the command, which writes the reports of what ran.
ENTRYPOINT ["node", "bin/golden-path.js"]
CMD ["--help"]
