/**
 * The fix: the exact header lines to add or change (from the engine's fix plan), the steps that are not
 * header lines, then a server picker that remembers its choice and shows that server's snippet with its
 * pitfalls, each with a copy button, and "Copy as curl" for the preflight and the actual request.
 */
import { useState } from 'preact/hooks';
import type { Diagnosis } from '../../shared/cors';
import { FIX_TARGETS, targetById } from '../../shared/fixes';
import type { Exchange } from '../../shared/model';
import { curlFor } from '../../shared/report/curl';
import { neutralize } from '../../shared/report/neutralize';
import { fixGroups } from '../../shared/report/presentation';
import { loadServer, saveServer } from '../prefs';
import { InlineText } from './inline-text';

export interface FixSectionProps {
  ex: Exchange;
  diagnosis: Diagnosis;
  copy(text: string): Promise<boolean>;
}

export function FixSection({ ex, diagnosis: d, copy }: FixSectionProps) {
  const [server, setServer] = useState(() => {
    const saved = loadServer();
    return saved && targetById(saved) ? saved : (FIX_TARGETS[0]?.id ?? '');
  });
  const groups = d.fix ? fixGroups(d.fix.lines) : [];
  const steps = d.fix?.serverSteps.length ? d.fix.serverSteps : groups.length === 0 ? d.explanation.fix : [];
  // Copied as shown: a value from the wire (a hostile Vary, say) keeps its control characters escaped.
  const headerText = groups.map((g) => g.lines.map(neutralize).join('\n')).join('\n');
  const [more, setMore] = useState('');
  const target = targetById(server);
  // Origins typed here are checked by the renderers like the request's own (a bad one is refused, visibly).
  const moreOrigins = more.split(/[\s,]+/).filter((o) => o !== '');
  const snippet = d.fix && groups.length > 0 && target ? target.render(d.fix, { moreOrigins }) : null;
  const curlPreflight = curlFor(ex, 'preflight', { includeSecrets: false, hop: d.failure?.hop ?? 0 });
  const curlActual = curlFor(ex, 'actual', { includeSecrets: false, hop: d.failure?.hop ?? 0 });

  return (
    <div class="fix" data-testid="fix">
      <h3>Fix</h3>
      {groups.map((g) => (
        <div key={g.title} class="fix-group">
          <p class="fix-where">{g.title}</p>
          <pre class="code" data-testid="fix-lines">
            {g.lines.map(neutralize).join('\n')}
          </pre>
        </div>
      ))}
      {groups.length > 0 ? <CopyButton label="Copy header lines" text={headerText} copy={copy} testid="copy-lines" /> : null}
      {steps.length > 0 ? (
        <ul class="steps" data-testid="fix-steps">
          {steps.map((s, i) => (
            <li key={i}>
              <InlineText text={s} />
            </li>
          ))}
        </ul>
      ) : null}

      {snippet ? (
        <div class="snippet" data-testid="snippet" data-server={server}>
          <label class="picker">
            Server:{' '}
            <select
              value={server}
              data-testid="server-picker"
              onChange={(e) => {
                const id = (e.currentTarget as HTMLSelectElement).value;
                setServer(id);
                saveServer(id);
              }}
            >
              {FIX_TARGETS.map((t) => (
                <option key={t.id} value={t.id}>
                  {t.label}
                </option>
              ))}
            </select>
          </label>
          <label class="more-origins">
            Also allow:{' '}
            <input
              type="text"
              value={more}
              placeholder="https://admin.example.com …"
              spellcheck={false}
              data-testid="more-origins"
              onInput={(e) => setMore((e.currentTarget as HTMLInputElement).value)}
            />
          </label>
          <pre class="code" data-testid="snippet-code" data-language={snippet.language}>
            {shownCode(snippet.code)}
          </pre>
          <CopyButton label="Copy snippet" text={snippet.code} copy={copy} testid="copy-snippet" />
          {snippet.notes.length > 0 ? (
            <ul class="pitfalls" data-testid="pitfalls">
              {snippet.notes.map((n, i) => (
                <li key={i}>
                  <InlineText text={n} />
                </li>
              ))}
            </ul>
          ) : null}
          {snippet.docs.length > 0 ? (
            <p class="muted docs">
              Follows:{' '}
              {snippet.docs.map((u, i) => (
                <span key={u}>
                  {i > 0 ? ', ' : ''}
                  <a href={u} target="_blank" rel="noreferrer noopener">
                    {u}
                  </a>
                </span>
              ))}
            </p>
          ) : null}
        </div>
      ) : null}

      <div class="curl">
        {curlPreflight ? <CopyButton label="Copy preflight as curl" text={curlPreflight} copy={copy} testid="copy-curl-preflight" /> : null}
        {curlActual ? <CopyButton label="Copy request as curl" text={curlActual} copy={copy} testid="copy-curl-actual" /> : null}
      </div>
    </div>
  );
}

function CopyButton({ label, text, copy, testid }: { label: string; text: string; copy(text: string): Promise<boolean>; testid: string }) {
  const [state, setState] = useState<'idle' | 'copied' | 'failed'>('idle');
  // The label goes back to idle after a moment; `data-last` keeps how the last copy went (for tests).
  const [last, setLast] = useState<'copied' | 'failed' | null>(null);
  return (
    <button
      type="button"
      class="copy"
      data-testid={testid}
      data-state={state}
      data-last={last ?? undefined}
      onClick={() => {
        void copy(text).then((ok) => {
          setState(ok ? 'copied' : 'failed');
          setLast(ok ? 'copied' : 'failed');
          setTimeout(() => setState('idle'), 1500);
        });
      }}
    >
      {state === 'copied' ? 'Copied' : state === 'failed' ? 'Copy failed' : label}
    </button>
  );
}

/**
 * A snippet as shown: every odd character visible as an escape, except tabs (Go's indentation), which
 * renderers write themselves (values with control characters never reach a snippet: values.ts refuses them).
 */
function shownCode(code: string): string {
  return code
    .split('\n')
    .map((line) => line.split('\t').map(neutralize).join('\t'))
    .join('\n');
}
