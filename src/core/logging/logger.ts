/**
 * Guild's one logger. Every line is JSON (or pretty text locally), carries a category from a
 * closed list, and never carries a secret: keys that look like credentials are censored.
 * User-supplied strings are JSON-encoded by pino, so newlines and ANSI escapes in them can
 * never forge a log line.
 */
import { pino, type Logger, type LoggerOptions } from 'pino';
import type { LogLevel } from '../config/config.js';

export type LogCategory = 'http' | 'db' | 'job' | 'auth' | 'audit' | 'app' | 'cli' | 'demo';

export type GuildLogger = Logger;

const REDACTED_PATHS = [
  'password',
  '*.password',
  'token',
  '*.token',
  'secret',
  '*.secret',
  'req.headers.authorization',
  'req.headers.cookie',
  'req.headers["x-csrf-token"]',
  'res.headers["set-cookie"]',
];

/** Options shared by the root logger and Fastify's request logger. */
export function loggerOptions(level: LogLevel, pretty: boolean): LoggerOptions {
  return {
    level,
    base: { service: 'guild' },
    redact: { paths: REDACTED_PATHS, censor: '[redacted]' },
    timestamp: pino.stdTimeFunctions.isoTime,
    ...(pretty
      ? { transport: { target: 'pino-pretty', options: { translateTime: 'SYS:HH:MM:ss' } } }
      : {}),
  };
}

/** Creates the root logger. */
export function createLogger(level: LogLevel, pretty = false): GuildLogger {
  return pino(loggerOptions(level, pretty));
}

/** A child logger that tags each line with its category. */
export function categoryLogger(root: GuildLogger, category: LogCategory): GuildLogger {
  return root.child({ category });
}
