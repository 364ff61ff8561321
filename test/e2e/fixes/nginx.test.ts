/**
 * nginx (Debian's), proxying to the Node app: the snippet's `map` goes into the http block and its
 * `location` into the server block, in place of the broken setup's plain `location /`, as its comments say.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Snippet } from '../../../src/shared/fixes';
import { startBackend } from './backend';
import { waitForPort, type Rig } from './harness';
import { proveSnippets } from './proof-suite';
import { childServer, requireCommand } from './processes';

const NGINX = '/usr/sbin/nginx';
let backend: Awaited<ReturnType<typeof startBackend>>;

/** The snippet's two parts: what goes in the http block, and the location for the server block. */
export function nginxParts(snippet: Snippet, upstream: string): { http: string; location: string } {
  const lines = snippet.code.split('\n');
  const at = lines.findIndex((l) => l.startsWith('# In the server block'));
  if (at === -1) throw new Error(`the nginx snippet has no server-block part:\n${snippet.code}`);
  const location = lines.slice(at).map((l) => (l.trim().startsWith('# ... your directives') ? `    proxy_pass ${upstream};` : l));
  if (!location.some((l) => l.includes('proxy_pass'))) throw new Error('the nginx snippet has no place for the application\'s directives');
  return { http: lines.slice(0, at).join('\n'), location: location.join('\n') };
}

function config(dir: string, port: number, parts: { http: string; location: string }): string {
  const temp = ['client_body', 'proxy', 'fastcgi', 'uwsgi', 'scgi'].map((t) => `  ${t}_temp_path ${join(dir, t)};`).join('\n');
  return `worker_processes 1;
error_log ${join(dir, 'error.log')} warn;
pid ${join(dir, 'nginx.pid')};
events {}
http {
  access_log off;
${temp}
${parts.http}
  server {
    listen 127.0.0.1:${port};
${parts.location}
  }
}
`;
}

const rig = (): Rig => ({
  target: 'nginx',
  async start(port, snippet) {
    const dir = mkdtempSync(join(tmpdir(), 'corsight-nginx-'));
    for (const t of ['client_body', 'proxy', 'fastcgi', 'uwsgi', 'scgi']) mkdirSync(join(dir, t));
    const upstream = backend.origin;
    const parts = snippet ? nginxParts(snippet, upstream) : { http: '', location: `    location / {\n      proxy_pass ${upstream};\n    }` };
    writeFileSync(join(dir, 'nginx.conf'), config(dir, port, parts));
    const child: ChildProcess = spawn(NGINX, ['-p', dir, '-c', join(dir, 'nginx.conf'), '-g', 'daemon off;'], { stdio: ['ignore', 'ignore', 'pipe'] });
    await waitForPort(port, 10_000, child);
    return childServer(child, dir);
  },
});

proveSnippets('nginx', rig, {
  before: async () => {
    requireCommand(NGINX, 'nginx');
    backend = await startBackend();
  },
  after: async () => backend?.close(),
});
