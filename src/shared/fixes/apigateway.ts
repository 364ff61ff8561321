/**
 * Amazon API Gateway HTTP API (v2): the CORS configuration `aws apigatewayv2 update-api
 * --cors-configuration` takes, written by a here-document (the shell expands nothing in it).
 * https://docs.aws.amazon.com/apigateway/latest/developerguide/http-api-cors.html
 * https://docs.aws.amazon.com/apigatewayv2/latest/api-reference/apis-apiid.html#apis-apiid-model-cors
 *
 * - Once CORS is configured, API Gateway answers every preflight itself (no OPTIONS route needed)
 *   and ignores the CORS headers the integration returns: this replaces the backend's CORS code.
 * - AllowOrigins with exact strings; AllowCredentials only when the request needs it (the API
 *   refuses it with a `*` origin). MaxAge is -1 to 86400.
 * - GET, HEAD and POST are listed with the plan's methods: the gateway checks the preflight's
 *   requested method against AllowMethods, and a preflighted POST asks for POST.
 * - REST APIs (v1) have no such configuration: see the notes.
 */
import type { FixPlan } from '../cors/types';
import { cappedMaxAge, maxAgeNotes, withoutWildcards, withSafelistedMethods } from './platform-values';
import { shown, shownInNote } from './quote';
import { heredoc, type Json, jsonPretty } from './quote-platforms';
import type { FixTarget, RenderOptions, Snippet } from './types';
import { commonNotes, corsValues, refusalComments, refusalNotes } from './values';

function render(plan: FixPlan, options: RenderOptions = {}): Snippet {
  const v = corsValues(plan, options);
  const w = withoutWildcards(v, 'API Gateway');
  // The API takes method names of 1 to 64 characters: a longer one would fail the whole update.
  const tooLong = w.methods.filter((m) => m.length > 64);
  const config: Record<string, Json> = { AllowOrigins: v.origins, AllowMethods: withSafelistedMethods(w.methods.filter((m) => m.length <= 64)) };
  if (v.preflight && w.allowHeaders.length > 0) config.AllowHeaders = w.allowHeaders;
  if (w.exposeHeaders.length > 0) config.ExposeHeaders = w.exposeHeaders;
  if (v.preflight) config.MaxAge = cappedMaxAge(v);
  if (v.credentials) config.AllowCredentials = true;

  const code = [...refusalComments(v, '#'), ...w.lines.map((l) => `# ${l}`)];
  for (const m of tooLong) code.push(`# Not listed: method ${shown(m)}: API Gateway takes method names of at most 64 characters.`);
  code.push(
    '# HTTP API (v2) only. Once set, API Gateway itself answers CORS and ignores the CORS headers your',
    '# integration returns. The allowed origins are exact strings: add one per origin.',
    ...heredoc('cors.json', jsonPretty(config)),
    '# Your API\'s id (aws apigatewayv2 get-apis). update-api replaces the whole CORS configuration.',
    'aws apigatewayv2 update-api --api-id YOUR_API_ID --cors-configuration file://cors.json',
  );

  const notes = [...refusalNotes(v), ...w.notes, ...maxAgeNotes(v), ...commonNotes(v)];
  for (const m of tooLong) notes.push(`The method ${shownInNote(m)} is not listed: API Gateway refuses method names longer than 64 characters.`);
  notes.push('Once a CORS configuration is set, API Gateway answers preflight requests itself (even without an OPTIONS route) and ignores CORS headers returned by your integration: remove the backend\'s CORS code or keep it in step, it no longer has any effect.');
  notes.push('With an authorizer on the $default route (or on ANY /{proxy+}), that route also catches OPTIONS: add an `OPTIONS /{proxy+}` route without authorization so preflights are not sent to the authorizer.');
  notes.push('REST APIs (v1) work differently: there is no CORS configuration; "Enable CORS" adds an OPTIONS method with a MOCK integration that returns the headers for each resource, a Lambda proxy integration must return the CORS headers itself, and gateway errors (authorizer 401/403, 429, 5xx) need them in the DEFAULT_4XX and DEFAULT_5XX gateway responses.');
  notes.push('API Gateway adds the configured headers to your integration\'s responses, error statuses included. Check with curl that the gateway\'s own errors (authorizer rejections, throttling) carry them too.');
  if (v.credentials) notes.push('AllowCredentials: true cannot be combined with "*" in AllowOrigins; keep the origins exact.');
  notes.push('In CloudFormation this is the CorsConfiguration property of AWS::ApiGatewayV2::Api, with the same names; in an OpenAPI import it is x-amazon-apigateway-cors, in lower camel case (allowOrigins, maxAge...). MaxAge is limited to 86400.');
  notes.push('API Gateway decides which CORS headers a response carries; if a CDN caches the API, include Origin in its cache key.');
  return {
    code: code.join('\n'),
    language: 'shell',
    notes,
    docs: [
      'https://docs.aws.amazon.com/apigateway/latest/developerguide/http-api-cors.html',
      'https://docs.aws.amazon.com/cli/latest/reference/apigatewayv2/update-api.html',
      'https://docs.aws.amazon.com/apigatewayv2/latest/api-reference/apis-apiid.html#apis-apiid-model-cors',
    ],
  };
}

export const apigatewayTarget: FixTarget = { id: 'apigateway', label: 'AWS API Gateway (HTTP API)', render };
