/**
 * The application of app-spec.ts in Flask, Django and FastAPI, run with Debian's python3 (never a
 * pyenv or venv one: the packages are Debian's), with the snippet pasted where its comments say:
 *   - Flask: right after `app = Flask(__name__)`, before the authentication hook;
 *   - Django: at the end of settings.py;
 *   - FastAPI: after the authentication middleware.
 * Authentication is a before_request hook (Flask) or a middleware (Django, FastAPI) that answers 401
 * before any view, OPTIONS included: a snippet that does not answer the preflight first fails. Each
 * path accepts every method and its view answers as app-spec.ts says (so OPTIONS reaches the views,
 * and Flask's automatic OPTIONS is off: the snippet alone must answer preflights); other paths get
 * the framework's 404, turned into app-spec's body.
 *
 * Servers: Flask with werkzeug's run_simple (threaded), Django with `runserver --noreload` (its system
 * checks, django-cors-headers' included, refuse bad settings), FastAPI with uvicorn.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SESSION, TOKEN } from './app-spec';
import { waitForPort, withServer, type Rig, type RunningServer } from './harness';
import { childServer, requireCommand, stopChild } from './processes';

export const PYTHON = '/usr/bin/python3';

export type Framework = 'flask' | 'django' | 'fastapi';

const NEEDS: Record<Framework, { modules: string[]; pkgs: string }> = {
  flask: { modules: ['flask', 'flask_cors', 'werkzeug'], pkgs: 'python3-flask and python3-flask-cors' },
  django: { modules: ['django', 'corsheaders'], pkgs: 'python3-django and python3-django-cors-headers' },
  fastapi: { modules: ['fastapi', 'starlette', 'uvicorn'], pkgs: 'python3-fastapi and python3-uvicorn' },
};

/** A missing interpreter or package is a failure that says how to install it (never a skip). */
export function requirePython(framework: Framework): void {
  const { modules, pkgs } = NEEDS[framework];
  requireCommand(PYTHON, 'python3');
  const r = spawnSync(PYTHON, ['-c', `import ${modules.join(', ')}`], { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`Debian's python3 cannot import ${modules.join(', ')}: run \`node scripts/setup.mjs\` (installs ${pkgs} from apt)\n${r.stderr}`);
}

/** How the app is built around the snippet. */
export interface AppOptions {
  /** Paste the snippet where its comments say not to (after the authentication): a pitfall check. */
  misplaced?: boolean;
  /** Add GET /api/boom, which raises: for the check that a 500 carries the headers. */
  boom?: boolean;
}

/**
 * app-spec.ts in plain Python: the credentials, the authentication's answer and the routes' answers.
 * Bodies are written with json.dumps and compact separators (its default puts spaces after `,` and
 * `:`); the HTTP checks compare them byte for byte with app-spec's answer().
 */
const CORE = `import json
import os
import re

SESSION = ${JSON.stringify(SESSION)}
TOKEN = ${JSON.stringify(TOKEN)}
METHODS = ["GET", "POST", "PUT", "DELETE", "PATCH", "OPTIONS"]


def body(o):
    # Compact, as JSON.stringify writes it: json.dumps puts a space after "," and ":" by default.
    return json.dumps(o, separators=(",", ":"))


NOT_FOUND = (404, body({"error": "not found"}))


def refusal(path, cookie, authorization):
    """The authentication: (401, body) for a request without the path's credential, OPTIONS included."""
    if path == "/api/me" and "sid=" + SESSION not in re.split(r";\\s*", cookie or ""):
        return (401, body({"error": "login required"}))
    if path == "/api/items/1" and authorization != "Bearer " + TOKEN:
        return (401, body({"error": "token required"}))
    return None


def route(method, path):
    """The routes, once the authentication let the request through: (status, body)."""
    if path == "/api/public":
        return (200, body({"ok": True, "route": "public"})) if method == "GET" else NOT_FOUND
    if path == "/api/me":
        return (200, body({"ok": True, "route": "me"})) if method == "GET" else (405, body({"error": "method"}))
    if path == "/api/items/1":
        return (200, body({"ok": True, "route": "item"})) if method in ("PUT", "DELETE") else (405, body({"error": "method"}))
    return NOT_FOUND
`;

const pasted = (snippet: string) => `# ---- the snippet ----\n${snippet}\n# ---- end of the snippet ----\n`;

function flaskApp(snippet: string | null, o: AppOptions): string {
  const here = (at: 'before' | 'after') => (snippet !== null && (o.misplaced ?? false) === (at === 'after') ? pasted(snippet) : '');
  return `${CORE}
from flask import Flask, Response, request
from werkzeug.serving import run_simple

app = Flask(__name__)

${here('before')}

def json_response(answer):
    return Response(answer[1], status=answer[0], mimetype="application/json")


@app.before_request
def authenticate():
    failure = refusal(request.path, request.headers.get("Cookie"), request.headers.get("Authorization"))
    return json_response(failure) if failure else None

${here('after')}

# Every method, OPTIONS included (which turns Flask's automatic OPTIONS answer off): the views answer.
@app.route("/api/public", methods=METHODS)
@app.route("/api/me", methods=METHODS)
@app.route("/api/items/1", methods=METHODS)
def api():
    return json_response(route(request.method, request.path))


@app.errorhandler(404)
def not_found(error):
    return json_response(NOT_FOUND)

${o.boom ? '@app.route("/api/boom")\ndef boom():\n    raise RuntimeError("boom")\n' : ''}

if __name__ == "__main__":
    run_simple("127.0.0.1", int(os.environ["PORT"]), app, threaded=True)
`;
}

/** Django: the project package's files. */
function djangoFiles(snippet: string | null, o: AppOptions): Record<string, string> {
  let settings = snippet ?? '';
  if (snippet !== null && o.misplaced) {
    const first = 'MIDDLEWARE = ["corsheaders.middleware.CorsMiddleware", *MIDDLEWARE]';
    if (!settings.includes(first)) throw new Error(`the Django snippet does not put CorsMiddleware first:\n${snippet}`);
    settings = settings.replace(first, 'MIDDLEWARE = [*MIDDLEWARE, "corsheaders.middleware.CorsMiddleware"]');
  }
  return {
    '__init__.py': '',
    'settings.py': `SECRET_KEY = "corsight-tests-only"
DEBUG = False
ALLOWED_HOSTS = ["127.0.0.1"]
ROOT_URLCONF = "corsight_site.urls"
INSTALLED_APPS = []
MIDDLEWARE = [
    "django.middleware.common.CommonMiddleware",
    "corsight_site.app.authenticate",
]
DATABASES = {}
USE_TZ = True

${snippet !== null ? pasted(settings) : ''}`,
    'app.py': `${CORE}
from django.http import HttpResponse


def json_response(answer):
    return HttpResponse(answer[1], status=answer[0], content_type="application/json")


def authenticate(get_response):
    # Authentication middleware: answers 401 before any view, OPTIONS included.
    def middleware(request):
        failure = refusal(request.path, request.headers.get("Cookie"), request.headers.get("Authorization"))
        return json_response(failure) if failure else get_response(request)

    return middleware


def api(request):
    return json_response(route(request.method, request.path))


def not_found(request, exception):
    return json_response(NOT_FOUND)


def boom(request):
    raise RuntimeError("boom")
`,
    'urls.py': `from django.urls import path

from corsight_site.app import api${o.boom ? ', boom' : ''}

urlpatterns = [path("api/public", api), path("api/me", api), path("api/items/1", api)${o.boom ? ', path("api/boom", boom)' : ''}]
handler404 = "corsight_site.app.not_found"
`,
  };
}

function fastapiApp(snippet: string | null, o: AppOptions): string {
  const here = (at: 'before' | 'after') => (snippet !== null && (o.misplaced ?? false) === (at === 'before') ? pasted(snippet) : '');
  return `${CORE}
from fastapi import FastAPI, Request
from fastapi.responses import Response
from starlette.exceptions import HTTPException as StarletteHTTPException

app = FastAPI()


def json_response(answer):
    return Response(answer[1], status_code=answer[0], media_type="application/json")


@app.exception_handler(StarletteHTTPException)
async def http_error(request, exc):
    return json_response(NOT_FOUND if exc.status_code == 404 else (exc.status_code, body({"error": str(exc.detail)})))

${here('before')}

@app.middleware("http")
async def authenticate(request, call_next):
    # Authentication middleware: answers 401 before any route, OPTIONS included.
    failure = refusal(request.url.path, request.headers.get("cookie"), request.headers.get("authorization"))
    if failure:
        return json_response(failure)
    return await call_next(request)

${here('after')}

@app.api_route("/api/public", methods=METHODS)
@app.api_route("/api/me", methods=METHODS)
@app.api_route("/api/items/1", methods=METHODS)
async def api(request: Request):
    return json_response(route(request.method, request.url.path))

${o.boom ? '@app.get("/api/boom")\nasync def boom():\n    raise RuntimeError("boom")\n' : ''}`;
}

/** Starts the framework's app on 127.0.0.1:port with the snippet (null: the broken setup, no CORS). */
export async function startPythonApp(framework: Framework, port: number, snippet: string | null, o: AppOptions = {}): Promise<RunningServer> {
  const dir = mkdtempSync(join(tmpdir(), `corsight-${framework}-`));
  const env: NodeJS.ProcessEnv = { ...process.env, PORT: String(port), PYTHONDONTWRITEBYTECODE: '1', PYTHONUNBUFFERED: '1' };
  let args: string[];
  let sources: string;
  if (framework === 'flask') {
    sources = flaskApp(snippet, o);
    writeFileSync(join(dir, 'app.py'), sources);
    args = [join(dir, 'app.py')];
  } else if (framework === 'django') {
    const files = djangoFiles(snippet, o);
    mkdirSync(join(dir, 'corsight_site'));
    for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, 'corsight_site', name), text);
    sources = files['settings.py'] as string;
    env.DJANGO_SETTINGS_MODULE = 'corsight_site.settings';
    env.PYTHONPATH = dir;
    args = ['-m', 'django', 'runserver', '--noreload', `127.0.0.1:${port}`];
  } else {
    sources = fastapiApp(snippet, o);
    writeFileSync(join(dir, 'app.py'), sources);
    args = ['-m', 'uvicorn', 'app:app', '--app-dir', dir, '--host', '127.0.0.1', '--port', String(port), '--no-access-log', '--log-level', 'warning'];
  }
  const child: ChildProcess = spawn(PYTHON, args, { cwd: dir, env, stdio: ['ignore', 'ignore', 'pipe'] });
  try {
    await waitForPort(port, 20_000, child);
  } catch (e) {
    await stopChild(child);
    rmSync(dir, { recursive: true, force: true });
    throw new Error(`${(e as Error).message}\n--- ${framework === 'django' ? 'settings.py' : 'app.py'} ---\n${sources}`);
  }
  return childServer(child, dir);
}

export function pythonRig(framework: Framework): () => Rig {
  return () => ({ target: framework, start: (port, snippet) => startPythonApp(framework, port, snippet?.code ?? null) });
}

/** The app started for a few requests, always stopped. */
export function withPythonApp<T>(framework: Framework, snippet: string | null, o: AppOptions, run: (port: number) => Promise<T>): Promise<T> {
  return withServer((port) => startPythonApp(framework, port, snippet, o), run);
}
