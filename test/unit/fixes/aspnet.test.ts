/**
 * ASP.NET Core (golden only: no .NET SDK here). The golden Program.cs read back as C# tokens (C# spec
 * 6.4, literals decoded): the policy the builder gets, the middleware order, the Vary middleware;
 * the switches the plan turns; csharpString round trips; hostile plans never change the code's shape.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { FixPlan } from '../../../src/shared/cors';
import { targetById } from '../../../src/shared/fixes';
import { csharpString } from '../../../src/shared/fixes/quote-platforms';
import { A, plan, realisticPlan } from './plans';
import { B, checkHostileSnippet, expected, hostilePlan, moreOrigins, PRINTABLE } from './platform-plans';
import { assertBalanced, calls, csharpStringCalls, csharpTokens, text, type Token } from './platform-syntax';

const aspnet = targetById('aspnet');
const render = (p: FixPlan, more?: string[]) => (aspnet as NonNullable<typeof aspnet>).render(p, more ? { moreOrigins: more } : {});

const GOLDEN = `// Program.cs (.NET 6 or later, minimal hosting).
var builder = WebApplication.CreateBuilder(args);

// ... your services (AddControllers, AddAuthentication, AddAuthorization...).
builder.Services.AddCors(options =>
{
    options.AddPolicy("CorsPolicy", policy => policy
        // The allowed origins, exact strings: add one per origin. Never AllowAnyOrigin() with credentials.
        .WithOrigins("https://app.example")
        .WithMethods("GET", "PUT")
        .WithHeaders("authorization", "content-type", "x-api-key")
        .WithExposedHeaders("x-request-id")
        .AllowCredentials()
        .SetPreflightMaxAge(TimeSpan.FromSeconds(7200)));
});

var app = builder.Build();

// Order matters: UseCors after UseRouting, before UseAuthentication and UseAuthorization.
// It answers preflights with 204 before authentication runs, and adds the headers to every
// other response, errors included. Call all of them: left out, WebApplication adds
// authentication and authorization ahead of UseCors.
app.UseRouting();
// ASP.NET Core sends Vary: Origin only when a policy lists several origins: add it everywhere.
app.Use((context, next) =>
{
    context.Response.OnStarting(() =>
    {
        if (!context.Response.Headers.Vary.ToString().Contains("Origin", StringComparison.OrdinalIgnoreCase))
        {
            context.Response.Headers.Append("Vary", "Origin");
        }
        return Task.CompletedTask;
    });
    return next(context);
});
app.UseCors("CorsPolicy");
app.UseAuthentication();
app.UseAuthorization();

// ... your endpoints (app.MapControllers(), app.MapGet(...)...).
app.Run();`;

/** The policy and the pipeline, read from the tokens. */
function program(code: string) {
  const tokens = csharpTokens(code);
  assertBalanced(tokens);
  const one = (name: string) => {
    const all = csharpStringCalls(tokens, name);
    expect(all.length).toBeLessThanOrEqual(1);
    return all[0];
  };
  // The app's pipeline: app.UseX(...) and app.Use(...) calls, in order.
  const pipeline: string[] = [];
  tokens.forEach((t, i) => {
    if (t.kind === 'ident' && t.value === 'app' && tokens[i + 1]?.value === '.' && /^(Use|Run)/.test(tokens[i + 2]?.value ?? '')) pipeline.push((tokens[i + 2] as Token).value);
  });
  return {
    tokens,
    origins: one('WithOrigins'),
    methods: one('WithMethods'),
    headers: one('WithHeaders'),
    exposed: one('WithExposedHeaders'),
    credentials: calls(tokens, 'AllowCredentials').length,
    maxAge: calls(tokens, 'SetPreflightMaxAge').map(text),
    policies: calls(tokens, 'AddPolicy').map((a) => a[0]?.value),
    useCors: calls(tokens, 'UseCors').map(text),
    pipeline,
  };
}

describe('ASP.NET Core: the golden snippet', () => {
  it('is exactly the reviewed one', () => {
    expect(render(realisticPlan()).code).toBe(GOLDEN);
  });
  it('builds the plan\'s policy and uses it between routing and authentication', () => {
    const p = program(GOLDEN);
    expect(p).toMatchObject({
      origins: [A],
      methods: ['GET', 'PUT'],
      headers: ['authorization', 'content-type', 'x-api-key'],
      exposed: ['x-request-id'],
      credentials: 1,
      maxAge: ['TimeSpan . FromSeconds ( 7200 )'],
      policies: ['CorsPolicy'],
      useCors: ['"CorsPolicy"'],
      pipeline: ['UseRouting', 'Use', 'UseCors', 'UseAuthentication', 'UseAuthorization', 'Run'],
    });
  });
  it('adds Vary: Origin on every response, once', () => {
    const t = text(program(GOLDEN).tokens);
    expect(t).toContain('context . Response . OnStarting');
    expect(t).toContain('if ( ! context . Response . Headers . Vary . ToString ( ) . Contains ( "Origin" , StringComparison . OrdinalIgnoreCase ) ) { context . Response . Headers . Append ( "Vary" , "Origin" ) ; }');
    expect(t).toContain('return next ( context ) ;');
  });
  it('has language, notes and docs', () => {
    const s = render(realisticPlan());
    expect(s.language).toBe('csharp');
    expect(s.docs).toContain('https://learn.microsoft.com/aspnet/core/security/cors');
    const notes = s.notes.join('\n');
    expect(notes).toMatch(/Middleware order matters: `app\.UseCors\(\.\.\.\)` after `app\.UseRouting\(\)` and before `app\.UseAuthentication\(\)`/);
    expect(notes).toMatch(/`AllowAnyOrigin\(\)` together with `AllowCredentials\(\)` is refused/);
    expect(notes).toMatch(/\.RequireCors\("CorsPolicy"\)/);
    expect(notes).toMatch(/adds `Vary: Origin` only when the policy lists several origins/);
  });
});

describe('ASP.NET Core: what the plan switches', () => {
  it('credentials only when the plan has them', () => {
    expect(program(render(plan()).code).credentials).toBe(1);
    expect(program(render(plan({ credentials: false })).code).credentials).toBe(0);
  });
  it('without a preflight: no methods, headers or Max-Age, and no word about preflights', () => {
    const code = render(plan({ preflight: false, maxAge: null })).code;
    expect(program(code)).toMatchObject({ methods: undefined, headers: undefined, maxAge: [], origins: [A], exposed: ['x-request-id'] });
    expect(code).not.toMatch(/OPTIONS|Preflight|preflight/);
  });
  it('no WithMethods or WithHeaders when nothing needs listing (ASP.NET Core checks neither)', () => {
    expect(program(render(plan({ methods: [], requestHeaders: [] })).code)).toMatchObject({ methods: undefined, headers: undefined, maxAge: ['TimeSpan . FromSeconds ( 7200 )'] });
  });
  it('Expose-Headers only when there are some', () => {
    expect(program(render(plan({ exposeHeaders: [] })).code).exposed).toBeUndefined();
  });
  it('Max-Age: the plan, or 7200, at most 86400 (a huge one would overflow TimeSpan)', () => {
    expect(program(render(plan({ maxAge: 600 })).code).maxAge).toEqual(['TimeSpan . FromSeconds ( 600 )']);
    expect(program(render(plan({ maxAge: null })).code).maxAge).toEqual(['TimeSpan . FromSeconds ( 7200 )']);
    expect(program(render(plan({ maxAge: Number.MAX_SAFE_INTEGER })).code).maxAge).toEqual(['TimeSpan . FromSeconds ( 86400 )']);
  });
  it('a list of origins; a refused plan origin allows none, and says so', () => {
    expect(program(render(plan(), [B]).code).origins).toEqual([A, B]);
    const s = render(plan({ origin: '' }));
    expect(program(s.code).origins).toEqual([]);
    expect(s.code).toMatch(/^\/\/ Left out origin "": the plan names no origin/);
    expect(s.notes[0]).toMatch(/^No origin is allowed by this snippet/);
  });
  it('"*" is not listed (ASP.NET Core reads it as AllowAny...)', () => {
    const s = render(plan({ methods: ['*'], requestHeaders: ['*'], exposeHeaders: ['*', 'x-b'] }));
    expect(program(s.code)).toMatchObject({ methods: undefined, headers: undefined, exposed: ['x-b'] });
    expect(s.code.split('\n').filter((l) => l.startsWith('// Not listed: '))).toHaveLength(3);
  });
});

describe('csharpString', () => {
  const read = (lit: string) => {
    const tokens = csharpTokens(`var s = ${lit};`);
    expect(tokens.map((t) => t.kind)).toEqual(['ident', 'ident', 'punct', 'string', 'punct']);
    return (tokens[3] as Token).value;
  };
  it('is exact for any string (lone surrogates too), in printable ASCII', () => {
    const nasty = fc.constantFrom('"', '\\', '\n', '\r', '\u0085', '\u2028', '\u2029', '\\u0022', '\\x41', '{', '}', '\ud800', '\udfff', 'A1');
    fc.assert(
      fc.property(fc.array(fc.oneof(fc.string({ unit: 'binary', maxLength: 12 }), nasty), { maxLength: 6 }).map((p) => p.join('')), (s) => {
        const lit = csharpString(s);
        expect(lit).toMatch(PRINTABLE);
        expect(read(lit)).toBe(s);
      }),
      { numRuns: 1000 },
    );
  });
  it('uses four-digit \\u escapes, never the variable-length \\x', () => {
    expect(csharpString('\x01' + 'A1')).toBe('"\\u0001A1"');
    expect(csharpString('\u2028')).toBe('"\\u2028"');
  });
  it('the reader itself: a raw U+2028 ends a C# literal, \\x reads up to four hex digits', () => {
    expect(() => csharpTokens('var s = "a\u2028b";')).toThrow(/unterminated/);
    expect(read('"\\x41B"')).toBe('\u041b');
  });
});

const GOLDEN_IDENTS = new Set(csharpTokens(GOLDEN).filter((t) => t.kind === 'ident').map((t) => t.value));

describe('ASP.NET Core: hostile plans', () => {
  it('the code is printable, lexes as C#, keeps the pipeline, and builds exactly the legal policy', () => {
    fc.assert(
      fc.property(hostilePlan, moreOrigins, (p, more) => {
        const s = render(p, more);
        checkHostileSnippet(s, p, more, '//');
        const e = expected(p, more);
        const prog = program(s.code);
        expect(prog.origins).toEqual(e.origins);
        expect(prog.methods).toEqual(e.methods.length > 0 ? e.methods : undefined);
        expect(prog.headers).toEqual(e.allowHeaders.length > 0 ? e.allowHeaders : undefined);
        expect(prog.exposed).toEqual(e.exposeHeaders.length > 0 ? e.exposeHeaders : undefined);
        expect(prog.credentials).toBe(e.credentials ? 1 : 0);
        expect(prog.maxAge).toEqual(e.preflight ? [`TimeSpan . FromSeconds ( ${e.maxAge} )`] : []);
        expect(prog.pipeline).toEqual(['UseRouting', 'Use', 'UseCors', 'UseAuthentication', 'UseAuthorization', 'Run']);
        for (const t of prog.tokens) if (t.kind === 'ident') expect(GOLDEN_IDENTS).toContain(t.value);
      }),
      { numRuns: 300 },
    );
  });
});
