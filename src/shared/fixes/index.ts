/**
 * Server snippets for a fix plan: each target writes the plan's headers in its own syntax, with the
 * plan's real origin, methods and header names, checked (values.ts) and quoted for that syntax
 * (quote.ts). Pure: the panel, the CLI and reports can all use it.
 */
import { apacheTarget } from './apache';
import { caddyTarget } from './caddy';
import { djangoTarget } from './django';
import { expressTarget } from './express';
import { expressCorsTarget } from './express-cors';
import { fastapiTarget } from './fastapi';
import { fastifyTarget } from './fastify';
import { flaskTarget } from './flask';
import { goTarget } from './go';
import { haproxyTarget } from './haproxy';
import { headersTarget } from './headers';
import { honoTarget } from './hono';
import { koaTarget } from './koa';
import { laravelTarget } from './laravel';
import { nextjsTarget } from './nextjs';
import { nginxTarget } from './nginx';
import { railsTarget } from './rails';
import { apigatewayTarget } from './apigateway';
import { aspnetTarget } from './aspnet';
import { cloudflareTarget } from './cloudflare';
import { netlifyTarget } from './netlify';
import { s3Target } from './s3';
import { springTarget } from './spring';
import { vercelTarget } from './vercel';
import type { FixTarget } from './types';

export type { FixTarget, Snippet } from './types';

/** In the order a picker shows them: the raw headers first, then servers, frameworks and platforms. */
export const FIX_TARGETS: readonly FixTarget[] = Object.freeze([
  headersTarget,
  // Web servers and proxies.
  nginxTarget, apacheTarget, caddyTarget, haproxyTarget,
  // Node.
  expressCorsTarget, expressTarget, fastifyTarget, koaTarget, honoTarget, nextjsTarget,
  // Python, Go, Ruby, PHP, Java, .NET.
  flaskTarget, djangoTarget, fastapiTarget, goTarget, railsTarget, laravelTarget, springTarget, aspnetTarget,
  // Platforms.
  s3Target, apigatewayTarget, cloudflareTarget, netlifyTarget, vercelTarget,
]);

export function targetById(id: string): FixTarget | undefined {
  return FIX_TARGETS.find((t) => t.id === id);
}
