/**
 * The application (app-spec.ts) in Go, net/http only, and the Go toolchain as Debian ships it:
 * golang-go, with rs/cors from golang-github-rs-cors-dev under /usr/share/gocode. GOPATH mode
 * (GO111MODULE=off) builds against that tree offline: no module proxy, no go.mod.
 */
import { execFile } from 'node:child_process';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { goString } from '../../../src/shared/fixes/quote-go-ruby-php';
import { answer, SESSION, TOKEN } from './app-spec';
import { requireCommand } from './processes';

export const GO = '/usr/bin/go';
export const GOFMT = '/usr/bin/gofmt';
const RS_CORS = '/usr/share/gocode/src/github.com/rs/cors/cors.go';

/** Fails with the install hint when Go or rs/cors is missing. */
export function requireGo(): void {
  requireCommand(GO, 'golang-go');
  requireCommand(GOFMT, 'golang-go');
  requireCommand(RS_CORS, 'golang-github-rs-cors-dev');
}

/**
 * The environment for `go build`: GOPATH mode against Debian's tree; GOFLAGS cleared (a `-mod=...`
 * there is an error without modules); a build cache that survives between runs even without $HOME.
 */
export function goEnv(): NodeJS.ProcessEnv {
  return {
    ...process.env,
    GOPATH: '/usr/share/gocode',
    GO111MODULE: 'off',
    GOFLAGS: '',
    GOPROXY: 'off',
    GOCACHE: process.env.GOCACHE ?? join(tmpdir(), 'corsight-go-build'),
  };
}

const run = promisify(execFile);

/** `go <args>` in `dir`; the error carries what go printed. */
export async function go(dir: string, args: string[]): Promise<string> {
  try {
    const { stdout } = await run(GO, args, { cwd: dir, env: goEnv(), maxBuffer: 64 * 1024 * 1024 });
    return stdout;
  } catch (e) {
    const err = e as { stderr?: string; stdout?: string; message: string };
    throw new Error(`go ${args.join(' ')} failed:\n${err.stderr ?? ''}${err.stdout ?? ''}${err.message}`);
  }
}

/** The line the snippet's comment tells the user to start the server with (`http.ListenAndServe(addr, withCORS(handler))`). */
export function goServeLine(snippetCode: string): string {
  const m = /^\/\/\t(http\.ListenAndServe\(addr, withCORS\(handler\)\))$/m.exec(snippetCode);
  if (!m) throw new Error(`the Go snippet does not say how to wrap the handler:\n${snippetCode}`);
  return m[1] as string;
}

/** The Go call that sends app-spec's answer (status and body) for this request. */
function reply(method: string, path: string, headers: { cookie?: string; authorization?: string } = {}): string {
  const a = answer(method, path, headers);
  return `reply(w, ${a.status}, ${goString(a.body)})`;
}

/**
 * main.go: the app with no CORS (snippet null), or with the snippet pasted after the imports (its
 * own `import` and `withCORS`) and the server started the way its comment says. Authentication is a
 * middleware in front of the routes, answering 401 to any request without the credential, OPTIONS
 * included, as app-spec.ts says. The bodies are app-spec's own, quoted for Go.
 */
export function goAppSource(snippetCode: string | null): string {
  const serve = snippetCode === null ? 'http.ListenAndServe(addr, handler)' : goServeLine(snippetCode);
  return `package main

import (
	"net/http"
	"os"
	"regexp"
)
${snippetCode === null ? '' : `\n${snippetCode}\n`}
const session = ${goString(SESSION)}
const token = ${goString(TOKEN)}

var cookieSeparator = regexp.MustCompile(\`;\\s*\`)

func reply(w http.ResponseWriter, status int, body string) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	w.Write([]byte(body))
}

func hasSession(cookie string) bool {
	for _, c := range cookieSeparator.Split(cookie, -1) {
		if c == "sid="+session {
			return true
		}
	}
	return false
}

// The application's authentication: in front of the routes, for every method (OPTIONS included).
func requireAuth(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		switch r.URL.EscapedPath() {
		case "/api/me":
			if !hasSession(r.Header.Get("Cookie")) {
				${reply('GET', '/api/me')}
				return
			}
		case "/api/items/1":
			if r.Header.Get("Authorization") != "Bearer "+token {
				${reply('PUT', '/api/items/1')}
				return
			}
		}
		next.ServeHTTP(w, r)
	})
}

func routes(w http.ResponseWriter, r *http.Request) {
	switch path := r.URL.EscapedPath(); {
	case path == "/api/public" && r.Method == "GET":
		${reply('GET', '/api/public')}
	case path == "/api/me" && r.Method == "GET":
		${reply('GET', '/api/me', { cookie: `sid=${SESSION}` })}
	case path == "/api/me":
		${reply('POST', '/api/me', { cookie: `sid=${SESSION}` })}
	case path == "/api/items/1" && (r.Method == "PUT" || r.Method == "DELETE"):
		${reply('PUT', '/api/items/1', { authorization: `Bearer ${TOKEN}` })}
	case path == "/api/items/1":
		${reply('POST', '/api/items/1', { authorization: `Bearer ${TOKEN}` })}
	default:
		${reply('GET', '/nowhere')}
	}
}

func main() {
	var handler http.Handler = requireAuth(http.HandlerFunc(routes))
	addr := "127.0.0.1:" + os.Args[1]
	if err := ${serve}; err != nil {
		panic(err)
	}
}
`;
}
