/**
 * Spring Boot 3 / Spring Security 6: a `CorsConfigurationSource` bean and `http.cors(...)`.
 * https://docs.spring.io/spring-security/reference/servlet/integrations/cors.html
 * https://docs.spring.io/spring-framework/reference/web/webmvc-cors.html
 *
 * - `http.cors(...)` puts Spring's CorsFilter in the security filter chain before authentication:
 *   a preflight (which never carries credentials) is answered there, and the 401/403 responses
 *   Spring Security writes itself carry the headers. Without it, CORS is handled by Spring MVC,
 *   after security, and preflights to secured paths get 401 or 403.
 * - The bean must be named `corsConfigurationSource`: that is the name `cors()` looks up.
 * - `setAllowedOrigins` with exact strings. `"*"` with `setAllowCredentials(true)` throws
 *   (IllegalArgumentException at the first request); patterns go in `setAllowedOriginPatterns`.
 * - DefaultCorsProcessor checks the method of every CORS request, not only of preflights, against
 *   `allowedMethods` (default GET and HEAD): GET, HEAD and POST are always listed. It adds
 *   `Vary: Origin, Access-Control-Request-Method, Access-Control-Request-Headers` to every response.
 * - Max-Age as a Duration (setMaxAge(Duration), Spring 5.2+).
 */
import { codeSpan } from '../cors/inline-code';
import type { FixPlan } from '../cors/types';
import { cappedMaxAge, maxAgeNotes, withoutWildcards, withSafelistedMethods } from './platform-values';
import { javaString } from './quote-platforms';
import type { FixTarget, RenderOptions, Snippet } from './types';
import { commonNotes, corsValues, refusalComments, refusalNotes } from './values';

const I1 = '    ';
const I2 = I1 + I1;
const list = (items: string[]) => `List.of(${items.map(javaString).join(', ')})`;

function render(plan: FixPlan, options: RenderOptions = {}): Snippet {
  const v = corsValues(plan, options);
  const w = withoutWildcards(v, 'Spring');
  const methods = withSafelistedMethods(w.methods);
  const code = [...refusalComments(v, '//'), ...w.lines.map((l) => `// ${l}`)];
  code.push(
    '// A @Configuration class in your application (Spring Boot 3, Spring Security 6).',
    'import java.time.Duration;',
    'import java.util.List;',
    '',
    'import org.springframework.context.annotation.Bean;',
    'import org.springframework.context.annotation.Configuration;',
    'import org.springframework.security.config.Customizer;',
    'import org.springframework.security.config.annotation.web.builders.HttpSecurity;',
    'import org.springframework.security.web.SecurityFilterChain;',
    'import org.springframework.web.cors.CorsConfiguration;',
    'import org.springframework.web.cors.CorsConfigurationSource;',
    'import org.springframework.web.cors.UrlBasedCorsConfigurationSource;',
    '',
    '@Configuration',
    'public class CorsConfig {',
    '',
    `${I1}// Keep this name: http.cors() looks up the bean called corsConfigurationSource.`,
    `${I1}@Bean`,
    `${I1}CorsConfigurationSource corsConfigurationSource() {`,
    `${I2}CorsConfiguration cors = new CorsConfiguration();`,
    `${I2}// The allowed origins, exact strings: add one per origin. Never "*" (with credentials Spring throws).`,
    `${I2}cors.setAllowedOrigins(${list(v.origins)});`,
    `${I2}// Spring checks the method of every CORS request against this list, GET, HEAD and POST too.`,
    `${I2}cors.setAllowedMethods(${list(methods)});`,
  );
  if (v.preflight && w.allowHeaders.length > 0) code.push(`${I2}cors.setAllowedHeaders(${list(w.allowHeaders)});`);
  if (w.exposeHeaders.length > 0) code.push(`${I2}cors.setExposedHeaders(${list(w.exposeHeaders)});`);
  if (v.credentials) code.push(`${I2}cors.setAllowCredentials(true);`);
  if (v.preflight) code.push(`${I2}cors.setMaxAge(Duration.ofSeconds(${cappedMaxAge(v)}));`);
  code.push(
    `${I2}UrlBasedCorsConfigurationSource source = new UrlBasedCorsConfigurationSource();`,
    `${I2}source.registerCorsConfiguration("/**", cors);`,
    `${I2}return source;`,
    `${I1}}`,
    '',
    `${I1}@Bean`,
    `${I1}SecurityFilterChain securityFilterChain(HttpSecurity http) throws Exception {`,
    v.preflight
      ? `${I2}// CorsFilter runs before authentication: it answers preflights (they carry no credentials)`
      : `${I2}// CorsFilter runs before authentication: it sets the headers before anything can fail,`,
    v.preflight
      ? `${I2}// and sets the headers on every other response, 401 and 403 included.`
      : `${I2}// so 401, 403 and error responses carry them too.`,
    `${I2}http.cors(Customizer.withDefaults());`,
    `${I2}// ... your rules, unchanged (authorizeHttpRequests, httpBasic, oauth2ResourceServer...).`,
    `${I2}return http.build();`,
    `${I1}}`,
    '}',
  );

  const notes = [...refusalNotes(v), ...w.notes, ...maxAgeNotes(v), ...commonNotes(v)];
  notes.push('If you already have a SecurityFilterChain bean, add `.cors(Customizer.withDefaults())` to it rather than declaring a second one. Recent Spring Security versions apply cors() by themselves when they find exactly one UrlBasedCorsConfigurationSource bean, but whether they find it depends on the version and on the bean\'s declared type: keep the explicit call.');
  if (v.preflight) {
    notes.push('Spring Security must run CORS first: without `http.cors(...)`, CORS is left to Spring MVC, which runs after the security filters, so preflights (which never carry credentials) to secured paths are rejected with 401 or 403.');
  } else {
    notes.push('Spring Security must run CORS first: without `http.cors(...)`, CORS is left to Spring MVC, which runs after the security filters, so their 401 and 403 responses carry no CORS headers and the page sees a CORS error.');
  }
  notes.push(`Per controller instead, Spring MVC's ${codeSpan(`@CrossOrigin(origins = {${v.origins.map(javaString).join(', ')}}${v.credentials ? ', allowCredentials = "true"' : ''})`)} on a @RestController or a handler method does the same for that handler, but it runs after Spring Security: keep \`http.cors(...)\` for secured paths.`);
  notes.push('`setAllowedOrigins(List.of("*"))` together with `setAllowCredentials(true)` throws an IllegalArgumentException; for several subdomains use `setAllowedOriginPatterns(List.of("https://*.example.com"))`, which sends back the matching origin.');
  notes.push('Spring checks the method of every CORS request (not only of preflights) against allowedMethods, whose default is GET and HEAD: a method missing from the list gets 403 "Invalid CORS request". GET, HEAD and POST are listed for that reason.');
  notes.push('Without Spring Security, expose the same source as a filter: `@Bean CorsFilter corsFilter(CorsConfigurationSource source) { return new CorsFilter(source); }` (or WebMvcConfigurer#addCorsMappings). With WebFlux, use the reactive UrlBasedCorsConfigurationSource and ServerHttpSecurity#cors.');
  notes.push('Spring adds `Vary: Origin, Access-Control-Request-Method, Access-Control-Request-Headers` to every response itself, and skips a response that already has Access-Control-Allow-Origin: remove any filter or proxy rule that sets it too.');
  return {
    code: code.join('\n'),
    language: 'java',
    notes,
    docs: [
      'https://docs.spring.io/spring-security/reference/servlet/integrations/cors.html',
      'https://docs.spring.io/spring-framework/reference/web/webmvc-cors.html',
      'https://docs.spring.io/spring-framework/docs/current/javadoc-api/org/springframework/web/cors/CorsConfiguration.html',
    ],
  };
}

export const springTarget: FixTarget = { id: 'spring', label: 'Spring Boot (Spring Security)', render };
