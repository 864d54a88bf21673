import { createLogger } from '../../src/logging/logger.ts';

export const silentLogger = createLogger({ level: 'silent' });
