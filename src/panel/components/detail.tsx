/**
 * The detail view of one request: what happened, the timeline of preflight, request and redirect hops,
 * why a preflight was sent, the fix, advisories, and the header tables with the offending header (or
 * its absence) marked. Every value from the wire is rendered as text (InlineText / Raw).
 */
import { preflightSentence, type Diagnosis } from '../../shared/cors';
import type { StoredExchange } from '../../shared/capture/log';
import { headerTables, preflightReasonText, timeline, type HeaderTable } from '../detail-model';
import { FixSection } from './fix-section';
import { InlineText, Raw } from './inline-text';

export interface DetailProps {
  entry: StoredExchange;
  diagnosis: Diagnosis;
  count: number;
  onClose(): void;
  copy(text: string): Promise<boolean>;
}

const VERDICT_TEXT: Record<Diagnosis['verdict'], string> = {
  blocked: 'Blocked',
  allowed: 'Passed',
  'same-origin': 'Same-origin',
  'not-cors': 'Not CORS',
};

export function Detail({ entry, diagnosis: d, count, onClose, copy }: DetailProps) {
  const ex = entry.exchange;
  const first = ex.hops[0]?.request;
  const steps = timeline(ex, d);
  const tables = headerTables(ex, d);
  // The engine's `why` repeats the real cause and the preflight's reasons, which have their own sections here.
  const preflightWhy = d.preflight.reasons.length > 0 ? preflightSentence(d.preflight) : null;
  const why = d.explanation.why.filter((w) => w !== d.realCause?.detail && w !== preflightWhy);
  return (
    <section class="detail" data-testid="detail" aria-label="Request detail" data-code={d.failure?.code ?? ''}>
      <header class="detail-head">
        <button type="button" class="icon" onClick={onClose} title="Back to the list (Esc)" aria-label="Back to the list" data-testid="detail-close">
          ✕
        </button>
        <span class={`pill ${d.verdict}`}>{VERDICT_TEXT[d.verdict]}</span>
        <span class="detail-url" title={first?.url}>
          <Raw value={`${first?.method ?? ''} ${first?.url ?? ''}`} />
        </span>
        {count > 1 ? <span class="badge">×{count} identical</span> : null}
      </header>

      <div class="detail-body">
        <h2 data-testid="detail-title">
          <InlineText text={d.explanation.title} />
        </h2>
        {d.explanation.summary !== d.realCause?.detail ? (
          <p class="summary" data-testid="detail-summary">
            <InlineText text={d.explanation.summary} />
          </p>
        ) : null}
        {d.realCause ? (
          <p class="real-cause" data-testid="real-cause">
            <strong>Real cause:</strong> <InlineText text={d.realCause.detail} />
          </p>
        ) : null}
        {why.length > 0 ? (
          <ul class="why" data-testid="detail-why">
            {why.map((w, i) => (
              <li key={i}>
                <InlineText text={w} />
              </li>
            ))}
          </ul>
        ) : null}
        <BrowserNames d={d} entry={entry} />

        <h3>Timeline</h3>
        <ol class="timeline" data-testid="timeline">
          {steps.map((s, i) => (
            <li key={i} class={`step ${s.state}${s.failing ? ' failing' : ''}`} data-kind={s.kind}>
              <span class="step-kind">{s.kind === 'preflight' ? 'Preflight' : s.hop === 0 ? 'Request' : `Redirect ${s.hop}`}</span>
              <span class="step-method">
                <Raw value={s.method} />
              </span>
              <span class="step-url" title={s.url}>
                <Raw value={s.url} />
              </span>
              <span class="step-status">
                <Raw value={s.status} />
              </span>
            </li>
          ))}
        </ol>

        {d.preflight.needed || d.preflight.reasons.length > 0 ? (
          <>
            <h3>Why a preflight was sent</h3>
            <ul class="reasons" data-testid="preflight-reasons">
              {d.preflight.reasons.map((r, i) => (
                <li key={i}>
                  <Raw value={preflightReasonText(r)} />
                </li>
              ))}
            </ul>
          </>
        ) : null}

        {d.fix || d.explanation.fix.length > 0 ? <FixSection ex={ex} diagnosis={d} copy={copy} /> : null}

        {d.advisories.length > 0 ? (
          <>
            <h3>Advisories</h3>
            <ul class="advisories" data-testid="advisories">
              {d.advisories.map((a) => (
                <li key={a.code} class={a.severity}>
                  <strong>
                    <InlineText text={a.title} />
                  </strong>{' '}
                  <InlineText text={a.detail} />
                </li>
              ))}
            </ul>
          </>
        ) : null}

        {d.assumptions.length > 0 || d.undecided.length > 0 ? (
          <>
            <h3>Assumptions</h3>
            <ul class="assumptions" data-testid="assumptions">
              {d.assumptions.map((a, i) => (
                <li key={`a${i}`}>
                  <InlineText text={a.detail} />
                </li>
              ))}
              {d.undecided.map((u, i) => (
                <li key={`u${i}`}>
                  <InlineText text={u} />
                </li>
              ))}
            </ul>
          </>
        ) : null}

        <h3>Headers</h3>
        {tables.map((t) => (
          <HeaderTableView key={t.title} table={t} />
        ))}
      </div>
    </section>
  );
}

function BrowserNames({ d, entry }: { d: Diagnosis; entry: StoredExchange }) {
  const b = entry.browser;
  if (!d.chromiumError && !d.firefoxReason && !b) return null;
  return (
    <p class="browser-names muted" data-testid="browser-names">
      {d.chromiumError ? (
        <>
          Chromium: <code>{d.chromiumError}</code>{' '}
        </>
      ) : null}
      {d.firefoxReason ? (
        <>
          Firefox: <code>{d.firefoxReason}</code>{' '}
        </>
      ) : null}
      {b ? (
        <span class={b.agrees ? 'agrees' : 'disagrees'} data-testid="browser-verdict">
          Chromium itself said <code>{b.corsError ?? 'no CORS error'}</code>
          {b.agrees ? ' (agrees)' : ' — disagrees with corsight: please report this'}
        </span>
      ) : null}
    </p>
  );
}

function HeaderTableView({ table }: { table: HeaderTable }) {
  return (
    <table class="headers" data-testid="header-table" data-title={table.title}>
      <caption>
        {table.title} <span class="muted">
          <Raw value={table.subtitle} />
        </span>
      </caption>
      <tbody>
        {table.rows.length === 0 ? (
          <tr>
            <td colSpan={2} class="muted">
              No headers recorded
            </td>
          </tr>
        ) : null}
        {table.rows.map((r, i) => (
          <tr key={i} class={r.mark ?? ''} title={r.note ?? undefined} data-mark={r.mark ?? undefined}>
            <th scope="row">
              <Raw value={r.name} />
            </th>
            <td>{r.value === null ? <em>(missing)</em> : <Raw value={r.value} />}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
