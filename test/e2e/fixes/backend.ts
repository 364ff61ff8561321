/**
 * The application (app-spec.ts) as a plain Node server without CORS: what nginx, Apache, Caddy and HAProxy
 * proxy to in their tests. It listens on a loopback port of its own.
 */
import { createServer, type Server } from 'node:http';
import { listenLoopback } from '../support/http';
import { answer } from './app-spec';

export async function startBackend(): Promise<{ origin: string; port: number; close(): Promise<void> }> {
  const server: Server = createServer((req, res) => {
    const a = answer(req.method ?? 'GET', req.url ?? '/', { cookie: req.headers.cookie, authorization: req.headers.authorization });
    req.resume();
    res.writeHead(a.status, { 'Content-Type': 'application/json' }).end(a.body);
  });
  const origin = await listenLoopback(server);
  return { origin, port: Number(new URL(origin).port), close: () => new Promise((r) => server.close(() => r())) };
}
