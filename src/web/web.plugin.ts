/**
 * Serves the built web app from the same process: hashed assets as static files, and the
 * single page for every other browser path, with this response's CSP nonce written into its
 * script tags (the policy allows no script without it).
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import fastifyStatic from '@fastify/static';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { errorBody } from '../core/http/error-handler.js';
import type { GuildServer } from '../core/http/server.js';

const PLACEHOLDER_PAGE = `<!doctype html><html lang="en"><head><meta charset="utf-8">
<title>Guild</title></head><body><main><h1>Guild</h1>
<p>The web app is not built. Run <code>npm run build</code>, or use the API at
<a href="/docs">/docs</a>.</p></main></body></html>`;

function withNonce(page: string, nonce: string): string {
  return page.replace(/<script\b/g, `<script nonce="${nonce}"`);
}

/** Registers the web app (or a placeholder page when it has not been built). */
export async function registerWebApp(app: GuildServer, distDir: string): Promise<void> {
  const indexFile = path.join(distDir, 'index.html');
  const built = existsSync(indexFile);
  const page = built ? readFileSync(indexFile, 'utf8') : PLACEHOLDER_PAGE;

  if (built) {
    await app.register(fastifyStatic, {
      root: path.join(distDir, 'assets'),
      prefix: '/assets/',
      immutable: true,
      maxAge: '365d',
      index: false,
      wildcard: true,
    });
  }

  const sendPage = (request: FastifyRequest, reply: FastifyReply) => {
    const apiLike = /^\/(api|assets|docs)\b/.test(request.url);
    if (apiLike || request.method !== 'GET') {
      return reply.code(404).send(errorBody(request, 'not_found'));
    }
    return reply
      .code(200)
      .header('cache-control', 'no-store')
      .type('text/html; charset=utf-8')
      .send(withNonce(page, reply.cspNonce.script));
  };
  app.setNotFoundHandler(sendPage);
}
