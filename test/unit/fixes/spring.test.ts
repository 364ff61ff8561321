/**
 * Spring (golden only: no JVM here). The golden snippet, read back as Java tokens (JLS 3: Unicode
 * escapes translated first, literals decoded) to check what Spring is handed; the switches the plan
 * turns; javaString round trips; hostile plans never change the code's shape.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { FixPlan } from '../../../src/shared/cors';
import { targetById } from '../../../src/shared/fixes';
import { javaString } from '../../../src/shared/fixes/quote-platforms';
import { A, plan, realisticPlan } from './plans';
import { B, checkHostileSnippet, expected, hostilePlan, moreOrigins, PRINTABLE, withSafelisted } from './platform-plans';
import { assertBalanced, calls, javaListCalls, javaTokens, javaUnicodeTranslate, text, type Token } from './platform-syntax';

const spring = targetById('spring');
const render = (p: FixPlan, more?: string[]) => (spring as NonNullable<typeof spring>).render(p, more ? { moreOrigins: more } : {});

const GOLDEN = `// A @Configuration class in your application (Spring Boot 3, Spring Security 6).
import java.time.Duration;
import java.util.List;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.config.Customizer;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.web.cors.CorsConfiguration;
import org.springframework.web.cors.CorsConfigurationSource;
import org.springframework.web.cors.UrlBasedCorsConfigurationSource;

@Configuration
public class CorsConfig {

    // Keep this name: http.cors() looks up the bean called corsConfigurationSource.
    @Bean
    CorsConfigurationSource corsConfigurationSource() {
        CorsConfiguration cors = new CorsConfiguration();
        // The allowed origins, exact strings: add one per origin. Never "*" (with credentials Spring throws).
        cors.setAllowedOrigins(List.of("https://app.example"));
        // Spring checks the method of every CORS request against this list, GET, HEAD and POST too.
        cors.setAllowedMethods(List.of("GET", "PUT", "HEAD", "POST"));
        cors.setAllowedHeaders(List.of("authorization", "content-type", "x-api-key"));
        cors.setExposedHeaders(List.of("x-request-id"));
        cors.setAllowCredentials(true);
        cors.setMaxAge(Duration.ofSeconds(7200));
        UrlBasedCorsConfigurationSource source = new UrlBasedCorsConfigurationSource();
        source.registerCorsConfiguration("/**", cors);
        return source;
    }

    @Bean
    SecurityFilterChain securityFilterChain(HttpSecurity http) throws Exception {
        // CorsFilter runs before authentication: it answers preflights (they carry no credentials)
        // and sets the headers on every other response, 401 and 403 included.
        http.cors(Customizer.withDefaults());
        // ... your rules, unchanged (authorizeHttpRequests, httpBasic, oauth2ResourceServer...).
        return http.build();
    }
}`;

/** What the configuration hands Spring, read from the tokens. */
function config(code: string) {
  const tokens = javaTokens(code);
  assertBalanced(tokens);
  const one = (name: string) => {
    const all = javaListCalls(tokens, name);
    expect(all.length).toBeLessThanOrEqual(1);
    return all[0];
  };
  const args = (name: string) => calls(tokens, name).map(text);
  return {
    tokens,
    origins: one('setAllowedOrigins'),
    methods: one('setAllowedMethods'),
    allowHeaders: one('setAllowedHeaders'),
    exposeHeaders: one('setExposedHeaders'),
    credentials: args('setAllowCredentials'),
    maxAge: args('setMaxAge'),
    cors: args('cors'),
    registered: args('registerCorsConfiguration'),
  };
}

describe('Spring: the golden snippet', () => {
  it('is exactly the reviewed one', () => {
    expect(render(realisticPlan()).code).toBe(GOLDEN);
  });
  it('hands Spring the plan: exact origin, methods with GET/HEAD/POST, headers, credentials, Max-Age', () => {
    const c = config(GOLDEN);
    expect(c).toMatchObject({
      origins: [A],
      methods: ['GET', 'PUT', 'HEAD', 'POST'],
      allowHeaders: ['authorization', 'content-type', 'x-api-key'],
      exposeHeaders: ['x-request-id'],
      credentials: ['true'],
      maxAge: ['Duration . ofSeconds ( 7200 )'],
      cors: ['Customizer . withDefaults ( )'],
      registered: ['"/**" , cors'],
    });
    // The bean http.cors() looks up by name, and the security chain that runs CORS first.
    expect(text(c.tokens)).toContain('@ Bean CorsConfigurationSource corsConfigurationSource ( )');
    expect(text(c.tokens)).toContain('SecurityFilterChain securityFilterChain ( HttpSecurity http )');
    expect(text(c.tokens)).toMatch(/http \. cors \( Customizer \. withDefaults \( \) \) ; return http \. build \( \) ;/);
  });
  it('has language, notes and docs', () => {
    const s = render(realisticPlan());
    expect(s.language).toBe('java');
    expect(s.docs).toContain('https://docs.spring.io/spring-security/reference/servlet/integrations/cors.html');
    const notes = s.notes.join('\n');
    expect(notes).toMatch(/Spring Security must run CORS first/);
    expect(notes).toMatch(/preflights .* are rejected with 401 or 403/);
    expect(notes).toMatch(/@CrossOrigin\(origins = \{"https:\/\/app\.example"\}, allowCredentials = "true"\)/);
    expect(notes).toMatch(/setAllowedOrigins\(List\.of\("\*"\)\)` together with `setAllowCredentials\(true\)` throws/);
    expect(notes).toMatch(/setAllowedOriginPatterns/);
  });
});

describe('Spring: what the plan switches', () => {
  it('credentials only when the plan has them', () => {
    expect(config(render(plan()).code).credentials).toEqual(['true']);
    expect(config(render(plan({ credentials: false })).code).credentials).toEqual([]);
    expect(render(plan({ credentials: false })).notes.join('\n')).not.toMatch(/allowCredentials/);
  });
  it('without a preflight: no allowed headers, no Max-Age, but methods still listed (Spring checks them)', () => {
    const code = render(plan({ preflight: false, maxAge: null })).code;
    const c = config(code);
    expect(c).toMatchObject({ allowHeaders: undefined, maxAge: [], methods: ['GET', 'HEAD', 'POST'] });
    expect(code).not.toMatch(/OPTIONS|Preflight|preflight/);
    expect(render(plan()).code).toMatch(/answers preflights/);
  });
  it('Expose-Headers only when there are some', () => {
    expect(config(render(plan({ exposeHeaders: [] })).code).exposeHeaders).toBeUndefined();
  });
  it('Max-Age: the plan, or 7200, at most 86400', () => {
    expect(config(render(plan({ maxAge: 600 })).code).maxAge).toEqual(['Duration . ofSeconds ( 600 )']);
    expect(config(render(plan({ maxAge: null })).code).maxAge).toEqual(['Duration . ofSeconds ( 7200 )']);
    const big = render(plan({ maxAge: 10 ** 9 }));
    expect(config(big.code).maxAge).toEqual(['Duration . ofSeconds ( 86400 )']);
    expect(big.notes.join('\n')).toMatch(/Max-Age 1000000000 is cut to 86400/);
  });
  it('a POST preflight (only safelisted methods) still lists POST', () => {
    expect(config(render(plan({ methods: [] })).code).methods).toEqual(['GET', 'HEAD', 'POST']);
  });
  it('a list of origins, exact, in order; a refused one left out with a comment', () => {
    const s = render(plan(), [B, 'https://b.example/path', A]);
    expect(config(s.code).origins).toEqual([A, B]);
    expect(s.code).toMatch(/^\/\/ Left out origin "https:\/\/b\.example\/path": it is not a serialised origin/m);
  });
  it('a refused plan origin allows none, and says so', () => {
    const s = render(plan({ origin: 'null' }));
    expect(config(s.code).origins).toEqual([]);
    expect(s.code).toMatch(/^\/\/ Left out origin "null"/);
    expect(s.notes[0]).toMatch(/^No origin is allowed by this snippet/);
  });
  it('"*" as a header name is not listed (Spring reads it as "any")', () => {
    const s = render(plan({ requestHeaders: ['*', 'x-a'], exposeHeaders: ['*'] }));
    expect(config(s.code)).toMatchObject({ allowHeaders: ['x-a'], exposeHeaders: undefined });
    expect(s.code).toMatch(/^\/\/ Not listed: request header "\*": Spring reads "\*" as a wildcard\./m);
  });
});

describe('javaString', () => {
  /** The value of a Java string literal, read as javac reads it. */
  const read = (lit: string) => {
    const tokens = javaTokens(`String s = ${lit};`);
    expect(tokens.map((t) => t.kind)).toEqual(['ident', 'ident', 'punct', 'string', 'punct']);
    return (tokens[3] as Token).value;
  };
  it('is exact for any string, in printable ASCII, and stays one literal after Unicode translation', () => {
    const nasty = fc.constantFrom('"', '\\', '\n', '\r', '\u2028', '\u0085', '\\u000a', '\\u0022', '\\\\u0022', '\\uu005c', '\0', '\x7f', '\xff', '\ud800', '7', '12');
    fc.assert(
      fc.property(fc.array(fc.oneof(fc.string({ unit: 'binary', maxLength: 12 }), nasty), { maxLength: 6 }).map((p) => p.join('')), (s) => {
        const lit = javaString(s);
        expect(lit).toMatch(PRINTABLE);
        expect(read(lit)).toBe(s);
      }),
      { numRuns: 1000 },
    );
  });
  it('writes characters up to U+00FF as three-digit octal, so a following digit is not read into the escape', () => {
    expect(javaString('\x01' + '7')).toBe('"\\0017"');
    expect(read(javaString('\x01' + '7'))).toBe('\x017');
    expect(javaString('\n\u2028')).toBe('"\\n\\u2028"');
  });
  it('never lets a value start a Unicode escape (the value\'s backslash is doubled)', () => {
    // "\\u0022" in the value would otherwise close the literal after translation.
    expect(javaUnicodeTranslate(javaString('\\u0022'))).toBe('"\\\\u0022"');
    expect(read(javaString('\\u0022'))).toBe('\\u0022');
  });
  it('the reader itself: a raw \\u000a ends the literal, as in javac', () => {
    expect(() => javaTokens('String s = "a\\u000ab";')).toThrow(/unterminated/);
    expect(() => javaTokens('String s = "a\\u0022;')).not.toThrow();
  });
});

const GOLDEN_IDENTS = new Set(javaTokens(GOLDEN).filter((t) => t.kind === 'ident').map((t) => t.value));

describe('Spring: hostile plans', () => {
  it('the code is printable, lexes as Java, and hands Spring exactly the legal values', () => {
    fc.assert(
      fc.property(hostilePlan, moreOrigins, (p, more) => {
        const s = render(p, more);
        checkHostileSnippet(s, p, more, '//');
        const e = expected(p, more);
        const c = config(s.code);
        expect(c.origins).toEqual(e.origins);
        expect(c.methods).toEqual(withSafelisted(e.methods));
        expect(c.allowHeaders).toEqual(e.allowHeaders.length > 0 ? e.allowHeaders : undefined);
        expect(c.exposeHeaders).toEqual(e.exposeHeaders.length > 0 ? e.exposeHeaders : undefined);
        expect(c.credentials).toEqual(e.credentials ? ['true'] : []);
        expect(c.maxAge).toEqual(e.preflight ? [`Duration . ofSeconds ( ${e.maxAge} )`] : []);
        // Only the snippet's own names, whatever the values (they are all inside literals): no injected code.
        for (const t of c.tokens) if (t.kind === 'ident') expect(GOLDEN_IDENTS).toContain(t.value);
      }),
      { numRuns: 300 },
    );
  });
});
