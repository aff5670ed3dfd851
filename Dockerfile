# Workers' image: Node for the workflows and activities, the trainer's Python venv for training.
FROM node:24-bookworm
RUN apt-get update && apt-get install -y --no-install-recommends python3 python3-venv python3-pip \
    && rm -rf /var/lib/apt/lists/*
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY . .
RUN npm run build && node dist/cli/agi-core.js trainer setup
STOPSIGNAL SIGTERM
CMD ["node", "dist/cli/agi-core.js", "worker"]
