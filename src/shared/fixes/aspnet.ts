/**
 * ASP.NET Core (.NET 6+ minimal hosting): `AddCors` with a named policy and `UseCors`.
 * https://learn.microsoft.com/aspnet/core/security/cors
 *
 * - Middleware order: UseCors after UseRouting and before UseAuthentication and UseAuthorization.
 *   The CORS middleware answers a preflight with 204 itself (authentication never sees it) and, for
 *   other requests, applies the headers in Response.OnStarting, so whatever answers later (an
 *   exception handler, a 401 challenge) still gets them. WebApplication adds authentication and
 *   authorization right after routing when the app does not call them, ahead of UseCors: all four
 *   are called explicitly.
 * - WithOrigins with exact strings. AllowAnyOrigin() with AllowCredentials() is refused
 *   (InvalidOperationException when the policy is built).
 * - CorsService appends `Vary: Origin` only when the policy lists several origins (and only for an
 *   allowed origin): a small middleware adds it to every response.
 * - The service does not check methods or headers itself: it sends the lists and the browser
 *   decides, so only the unsafelisted method is listed.
 */
import type { FixPlan } from '../cors/types';
import { cappedMaxAge, maxAgeNotes, withoutWildcards } from './platform-values';
import { csharpString } from './quote-platforms';
import type { FixTarget, RenderOptions, Snippet } from './types';
import { commonNotes, corsValues, refusalComments, refusalNotes } from './values';

const I1 = '    ';
const I2 = I1 + I1;
const I3 = I2 + I1;
const POLICY = 'CorsPolicy';
const args = (items: string[]) => items.map(csharpString).join(', ');

function render(plan: FixPlan, options: RenderOptions = {}): Snippet {
  const v = corsValues(plan, options);
  const w = withoutWildcards(v, 'ASP.NET Core');
  const policy = [`.WithOrigins(${args(v.origins)})`];
  if (v.preflight && w.methods.length > 0) policy.push(`.WithMethods(${args(w.methods)})`);
  if (v.preflight && w.allowHeaders.length > 0) policy.push(`.WithHeaders(${args(w.allowHeaders)})`);
  if (w.exposeHeaders.length > 0) policy.push(`.WithExposedHeaders(${args(w.exposeHeaders)})`);
  if (v.credentials) policy.push('.AllowCredentials()');
  if (v.preflight) policy.push(`.SetPreflightMaxAge(TimeSpan.FromSeconds(${cappedMaxAge(v)}))`);
  const last = policy.length - 1;
  // Closes AddPolicy(.
  policy[last] = `${policy[last]});`;

  const code = [...refusalComments(v, '//'), ...w.lines.map((l) => `// ${l}`)];
  code.push(
    '// Program.cs (.NET 6 or later, minimal hosting).',
    'var builder = WebApplication.CreateBuilder(args);',
    '',
    '// ... your services (AddControllers, AddAuthentication, AddAuthorization...).',
    'builder.Services.AddCors(options =>',
    '{',
    `${I1}options.AddPolicy(${csharpString(POLICY)}, policy => policy`,
    `${I2}// The allowed origins, exact strings: add one per origin. Never AllowAnyOrigin() with credentials.`,
    ...policy.map((p) => I2 + p),
    '});',
    '',
    'var app = builder.Build();',
    '',
    '// Order matters: UseCors after UseRouting, before UseAuthentication and UseAuthorization.',
    v.preflight
      ? '// It answers preflights with 204 before authentication runs, and adds the headers to every'
      : '// It adds the headers to every response, errors included, whatever answers it. Call all of',
    v.preflight
      ? '// other response, errors included. Call all of them: left out, WebApplication adds'
      : '// them: left out, WebApplication adds authentication and authorization ahead of UseCors.',
    ...(v.preflight ? ['// authentication and authorization ahead of UseCors.'] : []),
    'app.UseRouting();',
    '// ASP.NET Core sends Vary: Origin only when a policy lists several origins: add it everywhere.',
    'app.Use((context, next) =>',
    '{',
    `${I1}context.Response.OnStarting(() =>`,
    `${I1}{`,
    `${I2}if (!context.Response.Headers.Vary.ToString().Contains("Origin", StringComparison.OrdinalIgnoreCase))`,
    `${I2}{`,
    `${I3}context.Response.Headers.Append("Vary", "Origin");`,
    `${I2}}`,
    `${I2}return Task.CompletedTask;`,
    `${I1}});`,
    `${I1}return next(context);`,
    '});',
    `app.UseCors(${csharpString(POLICY)});`,
    'app.UseAuthentication();',
    'app.UseAuthorization();',
    '',
    '// ... your endpoints (app.MapControllers(), app.MapGet(...)...).',
    'app.Run();',
  );

  const notes = [...refusalNotes(v), ...w.notes, ...maxAgeNotes(v), ...commonNotes(v)];
  notes.push('Middleware order matters: `app.UseCors(...)` after `app.UseRouting()` and before `app.UseAuthentication()` and `app.UseAuthorization()`. Placed after authentication, ' + (v.preflight ? 'preflights (which never carry credentials) are rejected with 401, and ' : '') + 'a 401 or 403 goes out without CORS headers, which the page sees as a CORS error.');
  notes.push('Keep UseAuthentication/UseAuthorization only if your app uses them (they need AddAuthentication/AddAuthorization), but call them yourself after UseCors: WebApplication otherwise inserts them right after routing, ahead of UseCors.');
  notes.push('`AllowAnyOrigin()` together with `AllowCredentials()` is refused (the CORS protocol does not allow a wildcard origin with credentials); list the origins, or use `SetIsOriginAllowedToAllowWildcardSubdomains()` with `WithOrigins("https://*.example.com")` for subdomains.');
  notes.push(`With endpoint routing you can enable CORS per endpoint instead: \`app.UseCors()\` (no policy name, same place in the pipeline) plus \`.RequireCors(${csharpString(POLICY)})\` on an endpoint or \`[EnableCors(${csharpString(POLICY)})]\` on a controller. The middleware must still sit between UseRouting and UseAuthorization to see the endpoint's metadata; \`[DisableCors]\` endpoints answer preflights with 204 and no CORS headers.`);
  notes.push('ASP.NET Core adds `Vary: Origin` only when the policy lists several origins; the small `app.Use(...)` middleware adds it to every response, allowed or not, so caches keep one answer per origin.');
  notes.push('On IIS, OPTIONS requests can be answered before ASP.NET Core runs (Windows Authentication, the IIS CORS module, the OPTIONSVerbHandler): allow anonymous OPTIONS requests there.');
  return {
    code: code.join('\n'),
    language: 'csharp',
    notes,
    docs: [
      'https://learn.microsoft.com/aspnet/core/security/cors',
      'https://learn.microsoft.com/aspnet/core/fundamentals/middleware/#middleware-order',
      'https://learn.microsoft.com/aspnet/core/fundamentals/minimal-apis/middleware',
    ],
  };
}

export const aspnetTarget: FixTarget = { id: 'aspnet', label: 'ASP.NET Core', render };
