# syntax=docker/dockerfile:1
#
# Batch container for scheduled retraining: the `vitrine` CLI on TensorFlow.js with the CUDA
# backend. tfjs-node-gpu 4.22 downloads libtensorflow 2.9.1 in its install script; that build
# was compiled against CUDA 11.2 and cuDNN 8.1, hence this base image. Everywhere else (developer
# machines, CI) the package stays uninstalled and training falls back to the WASM backend.
#
# The same image runs the creative half of `vitrine pipeline` (GAN on the GPU backend, ONNX export
# checked on onnxruntime-web and -node, library banners with satori/resvg and the Inter faces from
# node_modules; the bundled Fashion-MNIST subset under data/ unless --gan-data names another).
#
# Build from the repository root:
#   docker build -f infra/container/batch.Dockerfile -t vitrine-batch:<tag> .

# Node 20 comes from the official Node image; its binaries need glibc ≥ 2.28 (Ubuntu 20.04 has 2.31).
FROM node:20-bookworm-slim AS node

FROM nvidia/cuda:11.2.2-cudnn8-runtime-ubuntu20.04
# The CUDA image has no unprivileged user (unlike the node images): create the one the job runs
# as, with the uid the CronJob's securityContext names (runAsUser: 1000).
RUN groupadd --gid 1000 node \
 && useradd --uid 1000 --gid node --create-home --shell /usr/sbin/nologin node
COPY --from=node /usr/local/bin/node /usr/local/bin/node
COPY --from=node /usr/local/lib/node_modules /usr/local/lib/node_modules
RUN ln -s ../lib/node_modules/npm/bin/npm-cli.js /usr/local/bin/npm \
 && ln -s ../lib/node_modules/npm/bin/npx-cli.js /usr/local/bin/npx \
 && apt-get update \
 && apt-get install -y --no-install-recommends ca-certificates python3 make g++ \
 && rm -rf /var/lib/apt/lists/* \
 # package.json's allowScripts needs npm 11; older npm would run every install script.
 && npm install -g npm@11

WORKDIR /app
COPY package.json package-lock.json .npmrc ./
# The lockfile pins everything; install scripts run only for the packages package.json allows.
RUN npm ci \
 # …and then, explicitly, the CUDA build of libtensorflow for the GPU backend.
 && cd node_modules/@tensorflow/tfjs-node-gpu && npm run install

COPY shared ./shared
COPY batch ./batch
COPY data ./data
COPY tsconfig.base.json tsconfig.json ./

ENV NODE_ENV=production \
    # Fail loudly instead of silently training on the CPU if the GPU backend does not load.
    VITRINE_TF_BACKEND=tensorflow-gpu
USER node
ENTRYPOINT ["node", "--import", "tsx", "batch/bin/vitrine.ts"]
CMD ["pipeline", "--help"]
