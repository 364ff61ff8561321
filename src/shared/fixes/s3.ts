/**
 * Amazon S3 bucket CORS: the JSON `aws s3api put-bucket-cors --cors-configuration` takes, written by
 * a here-document (the shell expands nothing in it), and the same rule in CloudFormation's names.
 * https://docs.aws.amazon.com/AmazonS3/latest/userguide/ManageCorsUsing.html
 * https://docs.aws.amazon.com/AmazonS3/latest/API/API_CORSRule.html
 *
 * - One rule with exact origins: S3 sends back the request's Origin when it matches one (a `*` in
 *   an origin or a header name is a wildcard, so none gets in; see platform-values.ts).
 * - There is no credentials switch: for a rule whose origin is not `*`, S3 always sends
 *   `Access-Control-Allow-Credentials: true`.
 * - S3 answers the preflight itself, without authentication, and checks the method of preflights
 *   and of actual requests against AllowedMethods, which takes only GET, PUT, POST, DELETE and HEAD.
 * - It sends the CORS headers and `Vary` only when a rule matches.
 * - CloudFormation names differ: ExposedHeaders, MaxAge, Id, under CorsConfiguration.CorsRules.
 */
import type { FixPlan } from '../cors/types';
import { cappedMaxAge, maxAgeNotes, withoutWildcards, withSafelistedMethods } from './platform-values';
import { heredoc, type Json, jsonPretty, jsonString } from './quote-platforms';
import { shown, shownInNote } from './quote';
import type { FixTarget, RenderOptions, Snippet } from './types';
import { commonNotes, corsValues, refusalComments, refusalNotes } from './values';

export const S3_METHODS: readonly string[] = ['GET', 'PUT', 'POST', 'DELETE', 'HEAD'];
const BUCKET = 'amzn-s3-demo-bucket';

function render(plan: FixPlan, options: RenderOptions = {}): Snippet {
  const v = corsValues(plan, options);
  const w = withoutWildcards(v, 'S3', true);
  const unsupported = w.methods.filter((m) => !S3_METHODS.includes(m));
  const methods = withSafelistedMethods(w.methods.filter((m) => S3_METHODS.includes(m)));
  const maxAge = cappedMaxAge(v);

  const rule: Record<string, Json> = { AllowedOrigins: v.origins, AllowedMethods: methods };
  if (v.preflight && w.allowHeaders.length > 0) rule.AllowedHeaders = w.allowHeaders;
  if (w.exposeHeaders.length > 0) rule.ExposeHeaders = w.exposeHeaders;
  if (v.preflight) rule.MaxAgeSeconds = maxAge;

  const code = [...refusalComments(v, '#'), ...w.lines.map((l) => `# ${l}`)];
  for (const m of unsupported) code.push(`# Not listed: method ${shown(m)}: S3 CORS rules take only GET, PUT, POST, DELETE and HEAD.`);
  if (v.origins.length === 0) code.push('# No origin to allow (see above): S3 refuses a rule without one. Add your page\'s origin first.');
  code.push(
    '# put-bucket-cors REPLACES the bucket\'s whole CORS configuration: first copy in the rules you keep',
    `# (aws s3api get-bucket-cors --bucket ${BUCKET}). Use your bucket's name.`,
    '# The allowed origins are exact strings: add one per origin.',
    ...heredoc('cors.json', jsonPretty({ CORSRules: [rule] })),
    `aws s3api put-bucket-cors --bucket ${BUCKET} --cors-configuration file://cors.json`,
    '',
    '# The same rule in CloudFormation (AWS::S3::Bucket), whose names differ: ExposedHeaders, MaxAge.',
    '#   CorsConfiguration:',
    '#     CorsRules:',
  );
  const cfn: Array<[string, string]> = [['AllowedOrigins', flow(v.origins)], ['AllowedMethods', flow(methods)]];
  if (rule.AllowedHeaders) cfn.push(['AllowedHeaders', flow(w.allowHeaders)]);
  if (rule.ExposeHeaders) cfn.push(['ExposedHeaders', flow(w.exposeHeaders)]);
  if (v.preflight) cfn.push(['MaxAge', String(maxAge)]);
  cfn.forEach(([k, x], i) => code.push(`#       ${i === 0 ? '- ' : '  '}${k}: ${x}`));

  const notes = [...refusalNotes(v), ...w.notes, ...maxAgeNotes(v), ...commonNotes(v)];
  for (const m of unsupported) notes.push(`S3 cannot allow the method ${shownInNote(m)}: a CORS rule takes only GET, PUT, POST, DELETE and HEAD, so a preflight for it always fails. Send one of those instead.`);
  if (v.origins.length === 0) notes.push('S3 refuses a CORS rule without AllowedOrigins: add the page\'s real origin before running the command.');
  notes.push('`put-bucket-cors` replaces the whole configuration: merge the rules you keep first (`get-bucket-cors`). The S3 console\'s CORS editor takes only the array, the value of "CORSRules".');
  notes.push('Field names differ between the S3 API (this JSON: ExposeHeaders, MaxAgeSeconds, ID) and CloudFormation\'s AWS::S3::Bucket (CorsConfiguration.CorsRules with ExposedHeaders, MaxAge, Id); AllowedOrigins, AllowedMethods and AllowedHeaders are the same. A wrong name is rejected (API) or fails the stack update.');
  notes.push(`S3 has no credentials setting: when the matching origin is not "*", it always sends Access-Control-Allow-Credentials: true${v.credentials ? ', which this credentialed request needs' : ' (harmless: this request sends no credentials)'}. With "*" it never does, so credentialed requests need the exact origins listed here.`);
  notes.push('AllowedMethods takes only GET, PUT, POST, DELETE and HEAD. S3 checks the method of preflights and of actual requests against it, so GET, HEAD and POST are listed too.');
  notes.push('A "*" inside an AllowedOrigins or AllowedHeaders entry is a wildcard (one per origin): keep the origins exact.');
  if (v.preflight) notes.push('S3 answers the preflight (OPTIONS) itself, without authentication; one that matches no rule gets 403 "CORS Response: This CORS request is not allowed".');
  notes.push('S3 sends the CORS headers and Vary only when a rule matches. Behind CloudFront, forward Origin (and Access-Control-Request-Method and -Headers) and put them in the cache key (the managed CORS-S3Origin origin request policy), or one origin\'s cached answer reaches another.');
  return {
    code: code.join('\n'),
    language: 'shell',
    notes,
    docs: [
      'https://docs.aws.amazon.com/AmazonS3/latest/userguide/ManageCorsUsing.html',
      'https://docs.aws.amazon.com/AmazonS3/latest/API/API_CORSRule.html',
      'https://docs.aws.amazon.com/cli/latest/reference/s3api/put-bucket-cors.html',
      'https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/aws-properties-s3-bucket-corsrule.html',
    ],
  };
}

/** A YAML flow sequence of JSON strings (YAML's double-quoted scalars take JSON's escapes). */
function flow(items: string[]): string {
  return `[${items.map(jsonString).join(', ')}]`;
}

export const s3Target: FixTarget = { id: 's3', label: 'AWS S3 bucket CORS', render };
