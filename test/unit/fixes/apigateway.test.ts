/**
 * API Gateway HTTP API (golden only: no AWS here). The script read as the shell would run it, its
 * JSON validated against a JSON Schema written from the apigatewayv2 API reference (checked on the
 * documentation's examples), and the plan's switches.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { FixPlan } from '../../../src/shared/cors';
import { targetById } from '../../../src/shared/fixes';
import { A, plan, realisticPlan } from './plans';
import { B, checkHostileSnippet, expected, hostilePlan, moreOrigins, withSafelisted } from './platform-plans';
import { readShell } from './platform-syntax';
import schema from './schemas/apigateway-cors.schema.json';
import { type Schema, validate } from './schemas/validate';

const apigw = targetById('apigateway');
const render = (p: FixPlan, more?: string[]) => (apigw as NonNullable<typeof apigw>).render(p, more ? { moreOrigins: more } : {});

const GOLDEN = `# HTTP API (v2) only. Once set, API Gateway itself answers CORS and ignores the CORS headers your
# integration returns. The allowed origins are exact strings: add one per origin.
cat > cors.json <<'EOF'
{
  "AllowOrigins": ["https://app.example"],
  "AllowMethods": ["GET", "PUT", "HEAD", "POST"],
  "AllowHeaders": ["authorization", "content-type", "x-api-key"],
  "ExposeHeaders": ["x-request-id"],
  "MaxAge": 7200,
  "AllowCredentials": true
}
EOF
# Your API's id (aws apigatewayv2 get-apis). update-api replaces the whole CORS configuration.
aws apigatewayv2 update-api --api-id YOUR_API_ID --cors-configuration file://cors.json`;

function config(code: string): Record<string, unknown> {
  const sh = readShell(code);
  expect(Object.keys(sh.files)).toEqual(['cors.json']);
  expect(sh.commands).toEqual([['aws', 'apigatewayv2', 'update-api', '--api-id', 'YOUR_API_ID', '--cors-configuration', 'file://cors.json']]);
  return JSON.parse(sh.files['cors.json'] as string) as Record<string, unknown>;
}

describe('the schema, on the documentation\'s examples', () => {
  it('accepts the CLI form and refuses the OpenAPI extension\'s lower-camel-case names', () => {
    // https://docs.aws.amazon.com/cli/latest/reference/apigatewayv2/update-api.html (JSON syntax of --cors-configuration).
    expect(validate(schema as Schema, { AllowCredentials: true, AllowHeaders: ['authorization'], AllowMethods: ['GET', 'POST'], AllowOrigins: ['https://www.example.com'], ExposeHeaders: ['x-api-id'], MaxAge: 300 })).toEqual([]);
    expect(validate(schema as Schema, {})).toEqual([]);
    // https://docs.aws.amazon.com/apigateway/latest/developerguide/api-gateway-swagger-extensions-cors-configuration.html
    const openapi = { allowOrigins: ['https://www.example.com'], allowCredentials: true, exposeHeaders: ['x-apigateway-header'], maxAge: 3600, allowMethods: ['GET', 'OPTIONS', 'POST'], allowHeaders: ['content-type'] };
    expect(validate(schema as Schema, openapi)).toHaveLength(6);
  });
  it('refuses MaxAge above 86400, a method name longer than 64, credentials with "*"', () => {
    expect(validate(schema as Schema, { MaxAge: 86401 })).toEqual(['$.MaxAge: above 86400']);
    expect(validate(schema as Schema, { MaxAge: -2 })).toEqual(['$.MaxAge: below -1']);
    expect(validate(schema as Schema, { AllowMethods: ['X'.repeat(65)] })).toEqual(['$.AllowMethods[0]: longer than 64']);
    expect(validate(schema as Schema, { AllowCredentials: true, AllowOrigins: ['*'] })).toEqual(['$.AllowOrigins[0]: matches a "not" schema {"const":"*"}']);
    expect(validate(schema as Schema, { AllowCredentials: false, AllowOrigins: ['*'] })).toEqual([]);
  });
});

describe('API Gateway: the golden snippet', () => {
  it('is exactly the reviewed one', () => {
    expect(render(realisticPlan()).code).toBe(GOLDEN);
  });
  it('is a script that sets a valid CORS configuration with the plan\'s values', () => {
    const c = config(GOLDEN);
    expect(validate(schema as Schema, c)).toEqual([]);
    expect(c).toEqual({
      AllowOrigins: [A],
      AllowMethods: ['GET', 'PUT', 'HEAD', 'POST'],
      AllowHeaders: ['authorization', 'content-type', 'x-api-key'],
      ExposeHeaders: ['x-request-id'],
      MaxAge: 7200,
      AllowCredentials: true,
    });
  });
  it('has language, notes and docs', () => {
    const s = render(realisticPlan());
    expect(s.language).toBe('shell');
    expect(s.docs).toContain('https://docs.aws.amazon.com/apigateway/latest/developerguide/http-api-cors.html');
    const notes = s.notes.join('\n');
    expect(notes).toMatch(/answers preflight requests itself \(even without an OPTIONS route\) and ignores CORS headers returned by your integration/);
    expect(notes).toMatch(/REST APIs \(v1\) work differently: .*MOCK integration/);
    expect(notes).toMatch(/OPTIONS \/\{proxy\+\}` route without authorization/);
    expect(GOLDEN).toMatch(/ignores the CORS headers your\n# integration returns/);
  });
});

describe('API Gateway: what the plan switches', () => {
  it('AllowCredentials only when the plan has them', () => {
    expect(config(render(plan()).code).AllowCredentials).toBe(true);
    expect(config(render(plan({ credentials: false })).code)).not.toHaveProperty('AllowCredentials');
  });
  it('without a preflight: no AllowHeaders or MaxAge, GET/HEAD/POST still listed', () => {
    const code = render(plan({ preflight: false, maxAge: null })).code;
    expect(config(code)).toEqual({ AllowOrigins: [A], AllowMethods: ['GET', 'HEAD', 'POST'], ExposeHeaders: ['x-request-id'], AllowCredentials: true });
    expect(code).not.toMatch(/OPTIONS|Preflight|preflight/);
  });
  it('MaxAge: the plan, or 7200, at most 86400 (the API refuses more)', () => {
    expect(config(render(plan({ maxAge: 600 })).code).MaxAge).toBe(600);
    expect(config(render(plan({ maxAge: null })).code).MaxAge).toBe(7200);
    const s = render(plan({ maxAge: 90000 }));
    expect(config(s.code).MaxAge).toBe(86400);
    expect(s.notes.join('\n')).toMatch(/Max-Age 90000 is cut to 86400/);
  });
  it('a list of origins; a refused plan origin allows none, and says so', () => {
    expect(config(render(plan(), [B]).code).AllowOrigins).toEqual([A, B]);
    const s = render(plan({ origin: 'null' }));
    expect(config(s.code).AllowOrigins).toEqual([]);
    expect(s.code).toMatch(/^# Left out origin "null"/);
  });
  it('a method name longer than the API takes (64) is named, not listed', () => {
    const long = 'X'.repeat(65);
    const s = render(plan({ methods: [long] }));
    expect(config(s.code).AllowMethods).toEqual(['GET', 'HEAD', 'POST']);
    expect(s.code).toContain(`# Not listed: method "${'X'.repeat(60)}"...: API Gateway takes method names of at most 64 characters.`);
  });
  it('"*" is not listed (API Gateway reads it as "any")', () => {
    const s = render(plan({ methods: ['*'], requestHeaders: ['*', 'x-a'] }));
    expect(config(s.code)).toMatchObject({ AllowMethods: ['GET', 'HEAD', 'POST'], AllowHeaders: ['x-a'] });
  });
});

describe('API Gateway: hostile plans', () => {
  it('the script keeps its shape, and the JSON is valid with exactly the legal values', () => {
    fc.assert(
      fc.property(hostilePlan, moreOrigins, (p, more) => {
        const s = render(p, more);
        checkHostileSnippet(s, p, more, '#');
        const e = expected(p, more);
        const c = config(s.code);
        expect(validate(schema as Schema, c)).toEqual([]);
        expect(c).toEqual({
          AllowOrigins: e.origins,
          AllowMethods: withSafelisted(e.methods),
          ...(e.allowHeaders.length > 0 ? { AllowHeaders: e.allowHeaders } : {}),
          ...(e.exposeHeaders.length > 0 ? { ExposeHeaders: e.exposeHeaders } : {}),
          ...(e.preflight ? { MaxAge: e.maxAge } : {}),
          ...(e.credentials ? { AllowCredentials: true } : {}),
        });
      }),
      { numRuns: 300 },
    );
  });
});
