/**
 * app-spec.ts's application in each Node framework, as CommonJS source, written the way each
 * framework's own documentation does it: authentication as a middleware or hook ahead of the routes
 * that fails with the framework's usual error (so the snippet's headers must survive the error path),
 * routes for the 200s, and a not-found handler for the rest (PRELUDE's fallback). The snippet is pasted
 * where its comments say: right after the app is created, before authentication and the routes.
 */
import { paste, PRELUDE, type AppSource } from './node-rig';

/** Express 5: auth calls next(err); an error-handling middleware writes app-spec's body. */
export const expressApp: AppSource = (snippet, placement = {}) => `${PRELUDE}
const express = require("express");
const app = express();
${paste(snippet, placement, 'before')}
app.use((req, res, next) => {
  const refused = refusal(req.path, req.headers.cookie, req.headers.authorization);
  if (refused) return next(Object.assign(new Error(refused), { status: 401 }));
  next();
});
${paste(snippet, placement, 'after')}
app.use(express.json());
app.get("/api/public", (req, res) => res.type("application/json").send(BODY.public));
app.get("/api/me", (req, res) => res.type("application/json").send(BODY.me));
app.put("/api/items/1", (req, res) => res.type("application/json").send(BODY.item));
app.delete("/api/items/1", (req, res) => res.type("application/json").send(BODY.item));
app.use((req, res) => {
  const [status, body] = fallback(req.path);
  res.status(status).type("application/json").send(body);
});
app.use((err, req, res, next) => res.status(err.status || 500).type("application/json").send(err.message));
app.listen(PORT, "127.0.0.1");
`;

/** Fastify 5: an onRequest hook throws a 401 error; setErrorHandler writes app-spec's body. */
export const fastifyApp: AppSource = (snippet, placement = {}) => `${PRELUDE}
const fastify = require("fastify")();
${paste(snippet, placement, 'before')}
fastify.addHook("onRequest", async (request) => {
  const refused = refusal(request.url.split("?")[0], request.headers.cookie, request.headers.authorization);
  if (refused) throw Object.assign(new Error(refused), { statusCode: 401 });
});
${paste(snippet, placement, 'after')}
fastify.setErrorHandler((error, request, reply) => {
  reply.code(error.statusCode || 500).type("application/json").send(error.message);
});
fastify.get("/api/public", async (request, reply) => reply.type("application/json").send(BODY.public));
fastify.get("/api/me", async (request, reply) => reply.type("application/json").send(BODY.me));
fastify.route({ method: ["PUT", "DELETE"], url: "/api/items/1", handler: async (request, reply) => reply.type("application/json").send(BODY.item) });
fastify.setNotFoundHandler((request, reply) => {
  const [status, body] = fallback(request.url.split("?")[0]);
  reply.code(status).type("application/json").send(body);
});
fastify.listen({ port: PORT, host: "127.0.0.1" }).catch((e) => {
  console.error(e);
  process.exit(1);
});
`;

/**
 * Koa 3: auth uses ctx.throw(401, body), Koa's usual way, so Koa's own error handler writes the 401
 * (text/plain, app-spec's body as the message) after removing every header not in err.headers.
 */
export const koaApp: AppSource = (snippet, placement = {}) => `${PRELUDE}
const Koa = require("koa");
const app = new Koa();
${paste(snippet, placement, 'before')}
app.use(async (ctx, next) => {
  const refused = refusal(ctx.path, ctx.get("Cookie"), ctx.get("Authorization") || undefined);
  if (refused) ctx.throw(401, refused);
  await next();
});
${paste(snippet, placement, 'after')}
// The routes (no router package: a plain middleware does the same).
app.use(async (ctx) => {
  ctx.type = "application/json";
  if (ctx.path === "/api/public" && ctx.method === "GET") ctx.body = BODY.public;
  else if (ctx.path === "/api/me" && ctx.method === "GET") ctx.body = BODY.me;
  else if (ctx.path === "/api/items/1" && (ctx.method === "PUT" || ctx.method === "DELETE")) ctx.body = BODY.item;
  else [ctx.status, ctx.body] = fallback(ctx.path);
});
app.listen(PORT, "127.0.0.1");
`;

/** Hono on @hono/node-server: auth throws an HTTPException carrying app-spec's 401 response. */
export const honoApp: AppSource = (snippet, placement = {}) => `${PRELUDE}
const { Hono } = require("hono");
const { HTTPException } = require("hono/http-exception");
const { serve } = require("@hono/node-server");
const app = new Hono();
const json = (status, body) => new Response(body, { status, headers: { "Content-Type": "application/json" } });
${paste(snippet, placement, 'before')}
app.use("*", async (c, next) => {
  const refused = refusal(c.req.path, c.req.header("Cookie"), c.req.header("Authorization"));
  if (refused) throw new HTTPException(401, { res: json(401, refused) });
  await next();
});
${paste(snippet, placement, 'after')}
app.get("/api/public", () => json(200, BODY.public));
app.get("/api/me", () => json(200, BODY.me));
app.on(["PUT", "DELETE"], "/api/items/1", () => json(200, BODY.item));
app.notFound((c) => json(...fallback(c.req.path)));
serve({ fetch: app.fetch, port: PORT, hostname: "127.0.0.1" });
`;
