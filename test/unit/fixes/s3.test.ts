/**
 * S3 bucket CORS (golden only: no AWS here). The snippet is read as the shell would run it (a quoted
 * here-document, then one plain command), its JSON validated against a JSON Schema written from
 * the S3 API reference, and the CloudFormation rule in its comment against one written from the
 * CloudFormation reference; the schemas themselves are checked on the documentation's examples.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { FixPlan } from '../../../src/shared/cors';
import { targetById } from '../../../src/shared/fixes';
import { heredoc, type Json, jsonPretty } from '../../../src/shared/fixes/quote-platforms';
import { A, plan, realisticPlan } from './plans';
import { B, checkHostileSnippet, expected, hostilePlan, moreOrigins, PRINTABLE_LINES, withSafelisted } from './platform-plans';
import { readCloudFormationComment, readShell } from './platform-syntax';
import cfnSchema from './schemas/cloudformation-s3-cors.schema.json';
import s3Schema from './schemas/s3-cors-configuration.schema.json';
import { type Schema, validate } from './schemas/validate';

const s3 = targetById('s3');
const render = (p: FixPlan, more?: string[]) => (s3 as NonNullable<typeof s3>).render(p, more ? { moreOrigins: more } : {});

const GOLDEN = `# put-bucket-cors REPLACES the bucket's whole CORS configuration: first copy in the rules you keep
# (aws s3api get-bucket-cors --bucket amzn-s3-demo-bucket). Use your bucket's name.
# The allowed origins are exact strings: add one per origin.
cat > cors.json <<'EOF'
{
  "CORSRules": [
    {
      "AllowedOrigins": ["https://app.example"],
      "AllowedMethods": ["GET", "PUT", "HEAD", "POST"],
      "AllowedHeaders": ["authorization", "content-type", "x-api-key"],
      "ExposeHeaders": ["x-request-id"],
      "MaxAgeSeconds": 7200
    }
  ]
}
EOF
aws s3api put-bucket-cors --bucket amzn-s3-demo-bucket --cors-configuration file://cors.json

# The same rule in CloudFormation (AWS::S3::Bucket), whose names differ: ExposedHeaders, MaxAge.
#   CorsConfiguration:
#     CorsRules:
#       - AllowedOrigins: ["https://app.example"]
#         AllowedMethods: ["GET", "PUT", "HEAD", "POST"]
#         AllowedHeaders: ["authorization", "content-type", "x-api-key"]
#         ExposedHeaders: ["x-request-id"]
#         MaxAge: 7200`;

const S3_METHODS = ['GET', 'PUT', 'POST', 'DELETE', 'HEAD'];

/** The script, checked: comments, one here-document (cors.json), one aws command that reads it. */
function script(code: string) {
  const sh = readShell(code);
  expect(Object.keys(sh.files)).toEqual(['cors.json']);
  expect(sh.commands).toEqual([['aws', 's3api', 'put-bucket-cors', '--bucket', 'amzn-s3-demo-bucket', '--cors-configuration', 'file://cors.json']]);
  const json = JSON.parse(sh.files['cors.json'] as string) as { CORSRules: Array<Record<string, unknown>> };
  expect(json.CORSRules).toHaveLength(1);
  return { sh, json, rule: json.CORSRules[0] as Record<string, unknown>, cfn: readCloudFormationComment(code) as { CorsRules: Array<Record<string, unknown>> } };
}

describe('the schemas, on the documentation\'s own examples', () => {
  // https://docs.aws.amazon.com/AmazonS3/latest/userguide/ManageCorsUsing.html (example 1 and 2).
  const docsS3 = {
    CORSRules: [
      { AllowedHeaders: ['*'], AllowedMethods: ['PUT', 'POST', 'DELETE'], AllowedOrigins: ['http://www.example1.com'], ExposeHeaders: [] },
      { AllowedHeaders: ['*'], AllowedMethods: ['PUT', 'POST', 'DELETE'], AllowedOrigins: ['http://www.example2.com'], ExposeHeaders: [] },
      { AllowedHeaders: [], AllowedMethods: ['GET'], AllowedOrigins: ['*'], ExposeHeaders: [] },
      { AllowedHeaders: ['*'], AllowedMethods: ['PUT', 'POST', 'DELETE'], AllowedOrigins: ['http://www.example.com'], ExposeHeaders: ['x-amz-server-side-encryption', 'x-amz-request-id', 'x-amz-id-2'], MaxAgeSeconds: 3000 },
    ],
  };
  // https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/aws-properties-s3-bucket-corsconfiguration.html (example).
  const docsCfn = {
    CorsRules: [
      { AllowedHeaders: ['*'], AllowedMethods: ['GET'], AllowedOrigins: ['*'], ExposedHeaders: ['Date'], Id: 'myCORSRuleId1', MaxAge: 3600 },
      { AllowedHeaders: ['x-amz-*'], AllowedMethods: ['DELETE'], AllowedOrigins: ['http://www.example.com', 'http://www.example.net'], ExposedHeaders: ['Connection', 'Server', 'Date'], Id: 'myCORSRuleId2', MaxAge: 1800 },
    ],
  };
  it('accept them', () => {
    expect(validate(s3Schema as Schema, docsS3)).toEqual([]);
    expect(validate(cfnSchema as Schema, docsCfn)).toEqual([]);
  });
  it('refuse the other format\'s names, methods S3 does not take, two wildcards, a missing origin list', () => {
    expect(validate(s3Schema as Schema, { CORSRules: [{ ...docsS3.CORSRules[3], ExposedHeaders: ['x'] }] })).toEqual(['$.CORSRules[0]: property "ExposedHeaders" is not allowed']);
    expect(validate(s3Schema as Schema, { CORSRules: [{ AllowedMethods: ['GET'], AllowedOrigins: ['*'], MaxAge: 5 }] })).toEqual(['$.CORSRules[0]: property "MaxAge" is not allowed']);
    expect(validate(cfnSchema as Schema, { CorsRules: [{ AllowedMethods: ['GET'], AllowedOrigins: ['*'], MaxAgeSeconds: 5, ExposeHeaders: [] }] })).toEqual([
      '$.CorsRules[0]: property "MaxAgeSeconds" is not allowed',
      '$.CorsRules[0]: property "ExposeHeaders" is not allowed',
    ]);
    expect(validate(s3Schema as Schema, { CORSRules: [{ AllowedMethods: ['PATCH'], AllowedOrigins: ['https://*.*.example'] }] })).toEqual([
      '$.CORSRules[0].AllowedMethods[0]: not one of ["GET","PUT","HEAD","POST","DELETE"]',
      '$.CORSRules[0].AllowedOrigins[0]: does not match ^[^*]*\\*?[^*]*$',
    ]);
    expect(validate(s3Schema as Schema, { CORSRules: [{ AllowedMethods: ['GET'] }] })).toEqual(['$.CORSRules[0]: missing required property "AllowedOrigins"']);
    expect(validate(s3Schema as Schema, { CORSRules: [] })).toEqual(['$.CORSRules: fewer than 1 items']);
  });
  it('the validator refuses a keyword it does not implement', () => {
    expect(() => validate({ type: 'string', format: 'uri' }, 'x')).toThrow(/unsupported keyword "format"/);
  });
});

describe('S3: the golden snippet', () => {
  it('is exactly the reviewed one', () => {
    expect(render(realisticPlan()).code).toBe(GOLDEN);
  });
  it('is a script that writes a valid CORS configuration with the plan\'s values and applies it', () => {
    const { json, rule, cfn } = script(GOLDEN);
    expect(validate(s3Schema as Schema, json)).toEqual([]);
    expect(rule).toEqual({
      AllowedOrigins: [A],
      AllowedMethods: ['GET', 'PUT', 'HEAD', 'POST'],
      AllowedHeaders: ['authorization', 'content-type', 'x-api-key'],
      ExposeHeaders: ['x-request-id'],
      MaxAgeSeconds: 7200,
    });
    // The same rule in CloudFormation's names, valid there and not in the S3 API (and back).
    expect(validate(cfnSchema as Schema, cfn)).toEqual([]);
    expect(cfn.CorsRules[0]).toEqual({ AllowedOrigins: [A], AllowedMethods: ['GET', 'PUT', 'HEAD', 'POST'], AllowedHeaders: ['authorization', 'content-type', 'x-api-key'], ExposedHeaders: ['x-request-id'], MaxAge: 7200 });
    expect(validate(s3Schema as Schema, { CORSRules: cfn.CorsRules })).not.toEqual([]);
    expect(validate(cfnSchema as Schema, { CorsRules: json.CORSRules })).not.toEqual([]);
  });
  it('has language, notes and docs', () => {
    const s = render(realisticPlan());
    expect(s.language).toBe('shell');
    expect(s.docs).toContain('https://docs.aws.amazon.com/AmazonS3/latest/API/API_CORSRule.html');
    const notes = s.notes.join('\n');
    expect(notes).toMatch(/Field names differ between the S3 API \(this JSON: ExposeHeaders, MaxAgeSeconds, ID\) and CloudFormation/);
    expect(notes).toMatch(/S3 has no credentials setting: when the matching origin is not "\*", it always sends Access-Control-Allow-Credentials: true, which this credentialed request needs/);
    expect(notes).toMatch(/AllowedMethods takes only GET, PUT, POST, DELETE and HEAD/);
    expect(notes).toMatch(/replaces the whole configuration/);
  });
});

describe('S3: what the plan switches', () => {
  it('credentials: the JSON cannot say it; the note says what S3 does', () => {
    expect(script(render(plan({ credentials: false })).code).json).toEqual(script(render(plan()).code).json);
    expect(render(plan({ credentials: false })).notes.join('\n')).toMatch(/harmless: this request sends no credentials/);
  });
  it('without a preflight: no AllowedHeaders or MaxAgeSeconds, GET/HEAD/POST still listed', () => {
    const code = render(plan({ preflight: false, maxAge: null })).code;
    const { json, rule, cfn } = script(code);
    expect(validate(s3Schema as Schema, json)).toEqual([]);
    expect(validate(cfnSchema as Schema, cfn)).toEqual([]);
    expect(rule).toEqual({ AllowedOrigins: [A], AllowedMethods: ['GET', 'HEAD', 'POST'], ExposeHeaders: ['x-request-id'] });
    expect(code).not.toMatch(/OPTIONS|Preflight|preflight/);
  });
  it('Max-Age: the plan, or 7200, at most 86400', () => {
    expect(script(render(plan({ maxAge: 600 })).code).rule.MaxAgeSeconds).toBe(600);
    expect(script(render(plan({ maxAge: null })).code).rule.MaxAgeSeconds).toBe(7200);
    expect(script(render(plan({ maxAge: 3_000_000_000 })).code).rule.MaxAgeSeconds).toBe(86400);
  });
  it('a method S3 cannot allow is named, not listed', () => {
    const s = render(plan({ methods: ['PATCH'] }));
    expect(script(s.code).rule.AllowedMethods).toEqual(['GET', 'HEAD', 'POST']);
    expect(s.code).toMatch(/^# Not listed: method "PATCH": S3 CORS rules take only GET, PUT, POST, DELETE and HEAD\.$/m);
    expect(s.notes.join('\n')).toMatch(/S3 cannot allow the method "PATCH"/);
  });
  it('a header name with "*" in it is not listed (S3 reads it as a wildcard)', () => {
    const s = render(plan({ requestHeaders: ['x-*', 'x-b'] }));
    expect(script(s.code).rule.AllowedHeaders).toEqual(['x-b']);
    expect(s.code).toMatch(/^# Not listed: request header "x-\*": S3 reads "\*" as a wildcard\.$/m);
  });
  it('a list of origins in one rule; with no origin the rule is refused by S3, and the script says so', () => {
    expect(script(render(plan(), [B]).code).rule.AllowedOrigins).toEqual([A, B]);
    const s = render(plan({ origin: 'null' }));
    const { json } = script(s.code);
    expect(validate(s3Schema as Schema, json)).toEqual(['$.CORSRules[0].AllowedOrigins: fewer than 1 items']);
    expect(s.code).toMatch(/^# No origin to allow \(see above\): S3 refuses a rule without one\./m);
    expect(s.notes[0]).toMatch(/^No origin is allowed by this snippet/);
  });
});

describe('jsonPretty and heredoc', () => {
  const json: fc.Arbitrary<Json> = fc.letrec((tie) => ({
    value: fc.oneof({ depthSize: 'small' }, fc.string({ unit: 'binary' }), fc.integer(), fc.boolean(), fc.constant(null), fc.array(tie('value'), { maxLength: 4 }), fc.dictionary(fc.string({ unit: 'binary', maxLength: 6 }), tie('value'), { maxKeys: 4 })),
  })).value as fc.Arbitrary<Json>;
  it('writes printable JSON that reads back as the value', () => {
    fc.assert(
      fc.property(json, (v) => {
        const out = jsonPretty(v);
        expect(out).toMatch(PRINTABLE_LINES);
        expect(JSON.parse(out)).toEqual(JSON.parse(JSON.stringify(v)));
      }),
      { numRuns: 300 },
    );
  });
  it('a here-document body never holds its delimiter line', () => {
    expect(heredoc('f', '{\n}')).toEqual(["cat > f <<'EOF'", '{', '}', 'EOF']);
    expect(() => heredoc('f', 'x\nEOF\ny')).toThrow(/delimiter/);
  });
});

describe('S3: hostile plans', () => {
  it('the script keeps its shape, and the JSON is valid with exactly the legal values', () => {
    fc.assert(
      fc.property(hostilePlan, moreOrigins, (p, more) => {
        const s = render(p, more);
        checkHostileSnippet(s, p, more, '#');
        const e = expected(p, more, (x) => x.includes('*'));
        const { json, rule, cfn } = script(s.code);
        const methods = withSafelisted(e.methods.filter((m) => S3_METHODS.includes(m)));
        expect(rule).toEqual({
          AllowedOrigins: e.origins,
          AllowedMethods: methods,
          ...(e.allowHeaders.length > 0 ? { AllowedHeaders: e.allowHeaders } : {}),
          ...(e.exposeHeaders.length > 0 ? { ExposeHeaders: e.exposeHeaders } : {}),
          ...(e.preflight ? { MaxAgeSeconds: e.maxAge } : {}),
        });
        const errors = validate(s3Schema as Schema, json);
        expect(errors).toEqual(e.origins.length > 0 ? [] : ['$.CORSRules[0].AllowedOrigins: fewer than 1 items']);
        expect(validate(cfnSchema as Schema, cfn)).toEqual(errors.map((x) => x.replace('CORSRules', 'CorsRules')));
      }),
      { numRuns: 300 },
    );
  });
});
