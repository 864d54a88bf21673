import { type Logger, pino } from 'pino';
import pretty from 'pino-pretty';

export type { Logger } from 'pino';

/**
 * Keys whose values never reach a log line, wherever they appear in a logged object (two levels deep,
 * which covers request headers and provider responses).
 */
const SECRET_KEYS = [
  'access_token',
  'accessToken',
  'refresh_token',
  'refreshToken',
  'token',
  'code_verifier',
  'codeVerifier',
  'client_secret',
  'clientSecret',
  'password',
  'secret',
  'authorization',
  'Authorization',
  'cookie',
  'encryptionKey',
  'userAccessToken',
  'set-cookie',
];
export const REDACT_PATHS = SECRET_KEYS.flatMap((key) => [key, `*.${key}`, `*.*.${key}`]);

export interface LoggerOptions {
  level: string;
  /** Human-readable lines (a terminal); JSON lines otherwise. */
  pretty?: boolean;
  destination?: NodeJS.WritableStream;
}

/** The one logger factory. Logs go to stderr so that a command's stdout stays clean for --json. */
export function createLogger(options: LoggerOptions): Logger {
  const destination = options.destination ?? process.stderr;
  const base = { level: options.level, redact: { paths: REDACT_PATHS, censor: '[redacted]' } };
  if (options.pretty) {
    return pino(
      base,
      pretty({
        destination,
        sync: true,
        colorize: true,
        ignore: 'pid,hostname',
        translateTime: 'SYS:HH:MM:ss',
      }),
    );
  }
  return pino(base, destination);
}
