/**
 * The application every real-server test serves, in every stack: the same three routes and the same
 * authentication, and no CORS handling at all (the deliberately broken setup). The fix snippet is then
 * pasted in, and must make the browser accept each scenario's request.
 *
 *   GET    /api/public     200 {"ok":true,"route":"public"}                          no authentication
 *   GET    /api/me         200 {"ok":true,"route":"me"} with Cookie sid=<SESSION>,   else 401
 *   PUT    /api/items/1    200 {"ok":true,"route":"item"} with Authorization: Bearer <TOKEN>, else 401
 *   DELETE /api/items/1    (the same)
 *   any other              404
 *
 * "Authentication" answers 401 to any request without the credential, OPTIONS included: that is what
 * makes a snippet prove it "handles the preflight before authentication".
 */
export const SESSION = 'sess-7c1f';
export const TOKEN = 'tok-51ab';

export interface AppAnswer {
  status: number;
  body: string;
}

/** The routes, as plain logic: the Node backend uses it; other stacks implement the same table. */
export function answer(method: string, path: string, headers: { cookie?: string; authorization?: string }): AppAnswer {
  const json = (status: number, o: object): AppAnswer => ({ status, body: JSON.stringify(o) });
  const route = path.split('?')[0];
  if (route === '/api/public' && method === 'GET') return json(200, { ok: true, route: 'public' });
  if (route === '/api/me') {
    if (!(headers.cookie ?? '').split(/;\s*/).includes(`sid=${SESSION}`)) return json(401, { error: 'login required' });
    return method === 'GET' ? json(200, { ok: true, route: 'me' }) : json(405, { error: 'method' });
  }
  if (route === '/api/items/1') {
    if (headers.authorization !== `Bearer ${TOKEN}`) return json(401, { error: 'token required' });
    return method === 'PUT' || method === 'DELETE' ? json(200, { ok: true, route: 'item' }) : json(405, { error: 'method' });
  }
  return json(404, { error: 'not found' });
}
