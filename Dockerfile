# syntax=docker/dockerfile:1
# Tianbao container image: the SPA built with Node, embedded into a static Go binary, on a
# distroless runtime as a non-root user. The build steps are the ones `make build` runs:
#   frontend/scripts/build.sh                      (npm ci + vite build into frontend/dist)
#   CGO_ENABLED=0 go build -tags embedspa -ldflags "-X .../app.Version=$VERSION" ./backend/cmd/tianbao
#
#   docker build -t tianbao:$(git describe --tags --always) --build-arg VERSION=$(git describe --tags --always) .

ARG GO_VERSION=1.26
ARG NODE_VERSION=20
# The runtime base; point it at a mirror of the same image where gcr.io is unreachable.
ARG RUNTIME_IMAGE=gcr.io/distroless/static-debian12:nonroot

# --- 1. the SPA -------------------------------------------------------------------------
FROM node:${NODE_VERSION}-bookworm-slim AS spa
# A registry mirror where the public one is slow or blocked (deploy/README.md, "Registry mirrors").
ARG NPM_CONFIG_REGISTRY=https://registry.npmjs.org/
WORKDIR /src/frontend
# Dependencies first, so a source change does not reinstall them.
COPY frontend/package.json frontend/package-lock.json ./
RUN npm ci --no-audit --no-fund --loglevel=error
COPY frontend/ ./
RUN bash scripts/build.sh

# --- 2. the binary ----------------------------------------------------------------------
FROM golang:${GO_VERSION}-bookworm AS build
# A Go module proxy mirror, e.g. --build-arg GOPROXY=https://goproxy.cn,direct (deploy/README.md).
ARG GOPROXY=https://proxy.golang.org,direct
WORKDIR /src
COPY go.mod go.sum ./
RUN go mod download
COPY . .
COPY --from=spa /src/frontend/dist ./frontend/dist
ARG VERSION=dev
RUN CGO_ENABLED=0 go build -trimpath -tags embedspa \
      -ldflags "-s -w -X github.com/tianbao-edu/tianbao/backend/app.Version=${VERSION}" \
      -o /out/tianbao ./backend/cmd/tianbao \
 && /out/tianbao version \
 && mkdir -p /out/data

# --- 3. runtime -------------------------------------------------------------------------
# distroless/static: CA certificates, tzdata, /etc/passwd with "nonroot" (65532); no shell, no curl.
FROM ${RUNTIME_IMAGE}
COPY --from=build /out/tianbao /usr/local/bin/tianbao
COPY --from=build --chown=65532:65532 /out/data /data
USER 65532:65532
WORKDIR /data
ENV TIANBAO_ADDR=:8080 \
    TIANBAO_DATA_DIR=/data \
    TIANBAO_DB=sqlite:/data/tianbao.db \
    TZ=Asia/Shanghai
EXPOSE 8080
VOLUME ["/data"]
# The binary is its own probe: distroless has no curl.
HEALTHCHECK --interval=15s --timeout=5s --start-period=30s --retries=3 \
  CMD ["/usr/local/bin/tianbao", "healthcheck"]
# SIGTERM (docker stop, Kubernetes) starts the graceful shutdown: give it
# TIANBAO_SHUTDOWN_TIMEOUT plus a margin (docker stop -t 30, terminationGracePeriodSeconds: 30).
STOPSIGNAL SIGTERM
ENTRYPOINT ["/usr/local/bin/tianbao"]
CMD ["serve"]
