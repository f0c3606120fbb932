/**
 * The one place an error becomes a response. Catalogue errors keep their code and message;
 * Fastify's own errors are mapped onto the catalogue; anything else is logged in full and
 * answered with a generic 500 that leaks neither stack nor SQL.
 */
import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { ERROR_CATALOGUE, GuildError, type ErrorCode } from '../errors/errors.js';
import { isUnavailable } from '../db/db-errors.js';

export interface ErrorBody {
  error: { code: ErrorCode; message: string; details?: unknown; requestId: string };
}

const FASTIFY_CODES: Record<string, ErrorCode> = {
  FST_ERR_CTP_INVALID_MEDIA_TYPE: 'unsupported_media_type',
  FST_ERR_CTP_BODY_TOO_LARGE: 'payload_too_large',
  FST_ERR_CTP_INVALID_JSON_BODY: 'validation_failed',
  FST_ERR_CTP_EMPTY_JSON_BODY: 'validation_failed',
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: 'validation_failed',
  FST_ERR_VALIDATION: 'validation_failed',
};

function validationDetails(error: FastifyError) {
  return (error.validation ?? []).map((issue) => ({
    where: error.validationContext ?? 'body',
    path: issue.instancePath || '/',
    message: issue.message ?? 'is not valid',
  }));
}

/** Builds the catalogue-shaped body for `code`. */
export function errorBody(
  request: FastifyRequest,
  code: ErrorCode,
  message?: string,
  details?: unknown,
): ErrorBody {
  return {
    error: {
      code,
      message: message ?? ERROR_CATALOGUE[code].message,
      ...(details === undefined ? {} : { details }),
      requestId: request.id,
    },
  };
}

function classify(error: FastifyError | GuildError): {
  code: ErrorCode;
  message?: string;
  details?: unknown;
} {
  if (error instanceof GuildError) {
    return { code: error.code, message: error.message, details: error.details };
  }
  if (error.validation) {
    return { code: 'validation_failed', details: validationDetails(error) };
  }
  if (error.statusCode === 429) {
    return { code: 'rate_limited' };
  }
  const mapped = error.code ? FASTIFY_CODES[error.code] : undefined;
  if (mapped) {
    return { code: mapped };
  }
  if (error.statusCode === 405) {
    return { code: 'method_not_allowed' };
  }
  // The database restarting, unreachable or out of disk space: a fault of the moment that a
  // retry may cure, answered as such rather than as an internal error.
  if (isUnavailable(error)) {
    return { code: 'service_unavailable' };
  }
  const status = error.statusCode ?? 500;
  // Any other client error Fastify raises (a malformed URL, an over-long parameter) is a
  // request that is not valid; only server-side faults are internal errors.
  return { code: status >= 400 && status < 500 ? 'validation_failed' : 'internal_error' };
}

/** Fastify error handler: answers every failure in the catalogue's shape. */
export function handleError(
  error: FastifyError | GuildError,
  request: FastifyRequest,
  reply: FastifyReply,
): FastifyReply {
  const { code, message, details } = classify(error);
  const status = ERROR_CATALOGUE[code].status;

  if (status >= 500) {
    request.log.error({ err: error, category: 'http' }, 'request failed');
  } else {
    request.log.info({ code, category: 'http' }, 'request refused');
  }

  if (code === 'rate_limited' && !reply.hasHeader('retry-after')) {
    reply.header('retry-after', '60');
  }
  if (code === 'service_unavailable' && !reply.hasHeader('retry-after')) {
    reply.header('retry-after', '5');
  }
  return reply
    .code(status)
    .send(errorBody(request, code, status >= 500 ? undefined : message, details));
}
