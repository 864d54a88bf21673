# weekwise runs from its TypeScript sources through tsx (see bin/weekwise.js): no build stage needed.
FROM node:20-bookworm-slim
WORKDIR /app
ENV NODE_ENV=production
COPY package.json package-lock.json prisma.config.ts ./
COPY prisma ./prisma
RUN npm ci --no-audit --no-fund
COPY . .
USER node
ENTRYPOINT ["node", "bin/weekwise.js"]
CMD ["--help"]
