#!/usr/bin/env node
// weekwise runs from its TypeScript sources (the Prisma client is generated as TypeScript too): tsx's
// loader compiles them on the fly, so `npx weekwise` works straight after `npm ci`, with no build step.
import { register } from 'tsx/esm/api';

register();
await import('../src/cli/main.ts');
