import type { ErrorBody } from './types';

/** Base path of every Guild API route. */
export const API_BASE = '/api/v1';

type Method = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
type QueryValue = string | number | boolean | null | undefined;

/** An error answered by the server (or a network failure), in the API's one error shape. */
export class ApiError extends Error {
  readonly code: string;
  readonly status: number;
  readonly details: Record<string, unknown> | undefined;
  readonly requestId: string | undefined;

  constructor(
    status: number,
    code: string,
    message: string,
    details?: Record<string, unknown>,
    requestId?: string,
  ) {
    super(message);
    this.name = 'ApiError';
    this.status = status;
    this.code = code;
    this.details = details;
    this.requestId = requestId;
  }
}

export function isApiError(value: unknown): value is ApiError {
  return value instanceof ApiError;
}

export function isAbortError(value: unknown): boolean {
  return value instanceof DOMException && value.name === 'AbortError';
}

let csrfToken: string | null = null;
let csrfRefresher: (() => Promise<string | null>) | null = null;
let unauthenticatedListener: (() => void) | null = null;

/** Remembers the token from `GET /session` or the sign-in answer. */
export function setCsrfToken(token: string | null): void {
  csrfToken = token;
}

/** How to fetch a fresh CSRF token when the server refuses ours (set by the session store). */
export function setCsrfRefresher(refresher: () => Promise<string | null>): void {
  csrfRefresher = refresher;
}

/** Called when a request answers 401, so the session store can forget the member. */
export function onUnauthenticated(listener: () => void): void {
  unauthenticatedListener = listener;
}

/** Builds `path?a=1&b=2`, leaving out empty values. */
export function withQuery(path: string, query: Record<string, QueryValue>): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) {
    if (value !== undefined && value !== null && value !== '') {
      params.set(key, String(value));
    }
  }
  const text = params.toString();
  return text ? `${path}?${text}` : path;
}

function isErrorBody(value: unknown): value is ErrorBody {
  if (typeof value !== 'object' || value === null || !('error' in value)) {
    return false;
  }
  const error = value.error;
  return (
    typeof error === 'object' &&
    error !== null &&
    typeof (error as { code?: unknown }).code === 'string' &&
    typeof (error as { message?: unknown }).message === 'string'
  );
}

async function readJson(response: Response): Promise<unknown> {
  const text = await response.text();
  if (!text) {
    return undefined;
  }
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

async function toApiError(response: Response): Promise<ApiError> {
  const body = await readJson(response);
  const headerId = response.headers.get('X-Request-Id') ?? undefined;
  if (isErrorBody(body)) {
    const { code, message, details, requestId } = body.error;
    return new ApiError(response.status, code, message, details, requestId ?? headerId);
  }
  return new ApiError(
    response.status,
    `http_${response.status}`,
    response.statusText || 'Request failed',
    undefined,
    headerId,
  );
}

/** A request body: JSON to encode, or raw bytes (a file) sent with their own type. */
type Body = { json: unknown } | { raw: Blob; type: string } | undefined;

async function send(
  method: Method,
  path: string,
  body: Body,
  signal: AbortSignal | undefined,
): Promise<Response> {
  const headers: Record<string, string> = { Accept: 'application/json' };
  let payload: BodyInit | undefined;
  if (body !== undefined && 'raw' in body) {
    headers['Content-Type'] = body.type;
    payload = body.raw;
  } else if (body !== undefined) {
    headers['Content-Type'] = 'application/json';
    payload = JSON.stringify(body.json);
  }
  if (method !== 'GET' && csrfToken) {
    headers['X-CSRF-Token'] = csrfToken;
  }
  try {
    return await fetch(`${API_BASE}${path}`, {
      method,
      headers,
      credentials: 'same-origin',
      body: payload,
      signal,
    });
  } catch (error) {
    if (isAbortError(error)) {
      throw error;
    }
    throw new ApiError(0, 'network_error', 'The server could not be reached.');
  }
}

/**
 * Calls one API route and answers its JSON (undefined for 204). Throws ApiError otherwise.
 * A refused CSRF token is refreshed once and the request repeated.
 */
export function request<T>(
  method: Method,
  path: string,
  body?: unknown,
  signal?: AbortSignal,
): Promise<T> {
  return call<T>(method, path, body === undefined ? undefined : { json: body }, signal);
}

async function call<T>(
  method: Method,
  path: string,
  body: Body,
  signal: AbortSignal | undefined,
): Promise<T> {
  let response = await send(method, path, body, signal);
  if (!response.ok && method !== 'GET' && response.status === 403 && csrfRefresher) {
    const error = await toApiError(response.clone());
    if (error.code === 'csrf_failed') {
      csrfToken = await csrfRefresher();
      response = await send(method, path, body, signal);
    }
  }
  if (!response.ok) {
    const error = await toApiError(response);
    if (error.status === 401 && unauthenticatedListener) {
      unauthenticatedListener();
    }
    throw error;
  }
  if (response.status === 204) {
    return undefined as T;
  }
  return (await readJson(response)) as T;
}

/** POSTs a file as the whole request body (not a form), with the CSRF token like any write. */
export function apiUpload<T>(path: string, file: Blob, type: string): Promise<T> {
  return call<T>('POST', path, { raw: file, type }, undefined);
}

export function apiGet<T>(path: string, signal?: AbortSignal): Promise<T> {
  return request<T>('GET', path, undefined, signal);
}

export function apiPost<T>(path: string, body?: unknown): Promise<T> {
  return request<T>('POST', path, body ?? {});
}

export function apiPut<T>(path: string, body?: unknown): Promise<T> {
  return request<T>('PUT', path, body);
}

export function apiPatch<T>(path: string, body: unknown): Promise<T> {
  return request<T>('PATCH', path, body);
}

export function apiDelete<T = void>(path: string): Promise<T> {
  return request<T>('DELETE', path);
}

/** Encodes one path segment (slugs, usernames, ids). */
export function seg(value: string): string {
  return encodeURIComponent(value);
}
