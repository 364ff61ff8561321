import { describe, expect, it } from 'vitest';
import { buildReport, redactHeaderValue, redactText } from '../../../src/shared/report';
import { importFixture } from '../har/load-fixture';
import { stubDiagnose } from './stub-diagnosis';

describe('redaction', () => {
  it('blanks token-like query and fragment parameters, keeping the others', () => {
    expect(redactText('https://a.example/x?page=2&access_token=tok_live_51HxQz&sort=desc')).toBe(
      'https://a.example/x?page=2&access_token=[redacted]&sort=desc',
    );
    expect(redactText('https://a.example/cb#state=xyz&id_token=eyJ.abc.def')).toBe('https://a.example/cb#state=xyz&id_token=[redacted]');
    expect(redactText('https://s3.example/f?X-Amz-Signature=abc123&X-Amz-Credential=AKIA%2F1&X-Amz-Date=20250101')).toBe(
      'https://s3.example/f?X-Amz-Signature=[redacted]&X-Amz-Credential=[redacted]&X-Amz-Date=20250101',
    );
    for (const name of ['token', 'api_key', 'key', 'sig', 'signature', 'password', 'secret', 'code', 'client_secret', 'refresh_token']) {
      expect(redactText(`https://a.example/?${name}=s3cr3t&q=1`)).toBe(`https://a.example/?${name}=[redacted]&q=1`);
    }
    // Names that merely contain a secret word are left alone.
    expect(redactText('https://a.example/?monkey=1&keyboard=2&tokens_left=3')).toBe('https://a.example/?monkey=1&keyboard=2&tokens_left=3');
    // Text quoting a URL is redacted too.
    expect(redactText('The response from https://a.example/?token=abc has no header.')).toBe(
      'The response from https://a.example/?token=[redacted] has no header.',
    );
  });

  it('blanks credential header values, keeping cookie names and the auth scheme', () => {
    expect(redactHeaderValue('Cookie', 'session=7f3a9c1be0; theme=dark')).toBe('session=[redacted]; theme=[redacted]');
    expect(redactHeaderValue('set-cookie', 'sid=abc; Path=/; HttpOnly')).toBe('sid=[redacted]; Path=/; HttpOnly');
    expect(redactHeaderValue('Authorization', 'Bearer eyJhbGciOiJIUzI1NiJ9.c2VjcmV0.sig')).toBe('Bearer [redacted]');
    expect(redactHeaderValue('Proxy-Authorization', 'Basic dXNlcjpwYXNz')).toBe('Basic [redacted]');
    expect(redactHeaderValue('Authorization', 'opaque-token')).toBe('[redacted]');
    expect(redactHeaderValue('X-Api-Key', 'k_123')).toBe('[redacted]');
    expect(redactHeaderValue('Referer', 'https://app.example.com/?code=abc')).toBe('https://app.example.com/?code=[redacted]');
    expect(redactHeaderValue('Access-Control-Allow-Headers', 'authorization, x-api-key')).toBe('authorization, x-api-key');
  });

  it('applies to the whole report unless secrets are asked for', () => {
    const imp = importFixture('chrome-devtools.har');
    const build = (includeSecrets: boolean) =>
      JSON.stringify(buildReport([{ source: 'c.har', exchanges: imp.exchanges }], { diagnose: stubDiagnose, generatedBy: 't', includeSecrets }));
    const redacted = build(false);
    for (const secret of ['7f3a9c1be0', 'eyJhbGciOiJIUzI1NiJ9', 'tok_live_51HxQz']) expect(redacted).not.toContain(secret);
    expect(redacted).toContain('session=[redacted]');
    const full = build(true);
    for (const secret of ['7f3a9c1be0', 'eyJhbGciOiJIUzI1NiJ9', 'tok_live_51HxQz']) expect(full).toContain(secret);
  });

  it('does not change the imported exchanges it redacts', () => {
    const imp = importFixture('chrome-devtools.har');
    buildReport([{ source: 'c.har', exchanges: imp.exchanges }], { diagnose: stubDiagnose, generatedBy: 't' });
    expect(JSON.stringify(imp.exchanges)).toContain('session=7f3a9c1be0');
  });
});

describe('passwords in URLs', () => {
  it('blanks the password of a URL\'s userinfo, keeping the user name, wherever the URL appears', () => {
    expect(redactText('https://alice:s3cret@api.example/x')).toBe('https://alice:[redacted]@api.example/x');
    expect(redactText('redirected to http://bob:pw@127.0.0.1:8080/login?code=abc')).toBe('redirected to http://bob:[redacted]@127.0.0.1:8080/login?code=[redacted]');
  });
  it('leaves URLs without a password, and e-mail addresses, alone', () => {
    expect(redactText('https://alice@api.example/x')).toBe('https://alice@api.example/x');
    expect(redactText('mail bob@example.com')).toBe('mail bob@example.com');
  });
});
