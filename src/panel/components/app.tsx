/**
 * The panel: toolbar, the virtualised list, and the detail view of the open request beside it (below it
 * when DevTools is narrow). Esc closes the detail view and gives the list back its focus.
 */
import { useCallback, useEffect, useMemo, useReducer, useRef, useState } from 'preact/hooks';
import { diagnose, type Diagnosis } from '../../shared/cors';
import type { StoredExchange } from '../../shared/capture/log';
import { PROTOCOL_VERSION } from '../../shared/protocol';
import type { HealthReply } from '../../background/health';
import type { PanelConnection } from '../connection';
import type { PanelHost } from '../host';
import { buildRows, countVerdicts } from '../rows';
import { initialState, reduce } from '../state';
import { exportEntries } from '../export';
import { Detail } from './detail';
import { RequestList } from './request-list';
import { ConnectionBanner, EmptyState, PermissionBanner } from './states';
import { Toolbar } from './toolbar';

export interface AppProps {
  host: PanelHost;
  copy(text: string): Promise<boolean>;
  download(text: string, filename: string, mime: string): void;
  now?: () => Date;
}

/** The engine runs in the panel for the one request shown (the store keeps only a summary). */
const diagnosisOf = new WeakMap<StoredExchange, Diagnosis>();
function diagnosed(e: StoredExchange): Diagnosis {
  let d = diagnosisOf.get(e);
  if (!d) diagnosisOf.set(e, (d = diagnose(e.exchange)));
  return d;
}

export function App({ host, copy, download, now = () => new Date() }: AppProps) {
  const [state, dispatch] = useReducer(reduce, undefined, () => initialState(host.tabId === null ? 'no-tab' : 'connecting'));
  const [permitted, setPermitted] = useState(true);
  const [health, setHealth] = useState<string>('checking…');
  const conn = useRef<PanelConnection | null>(null);
  const listRef = useRef<HTMLDivElement>(null);

  useEffect(() => {
    if (host.tabId === null) return;
    const c = host.connect(
      (message) => dispatch({ type: 'message', message }),
      (connection) => dispatch({ type: 'connection', connection }),
    );
    conn.current = c;
    return () => c.close();
  }, [host]);

  useEffect(() => {
    let live = true;
    host.hasCapturePermission().then((ok) => live && setPermitted(ok), () => undefined);
    host.health().then(
      (r: HealthReply) => live && setHealth(`running (${r.context === 'service_worker' ? 'service worker' : 'event page'}, v${r.version})`),
      (e: unknown) => live && setHealth(`not answering (${e instanceof Error ? e.message : String(e)})`),
    );
    return () => {
      live = false;
    };
  }, [host]);

  const rows = useMemo(() => buildRows(state.entries, { failingOnly: state.failingOnly, search: state.search }), [state.entries, state.failingOnly, state.search]);
  const counts = useMemo(() => countVerdicts(state.entries), [state.entries]);
  const openRow = state.open ? rows.find((r) => r.key === state.selected) : undefined;

  const close = useCallback(() => {
    dispatch({ type: 'close' });
    listRef.current?.querySelector<HTMLElement>('.list')?.focus();
  }, []);

  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.key === 'Escape' && state.open) {
        e.preventDefault();
        close();
      }
    };
    document.addEventListener('keydown', onKey);
    return () => document.removeEventListener('keydown', onKey);
  }, [state.open, close]);

  const tabId = host.tabId ?? 0;
  const send = (type: 'clear') => conn.current?.send({ v: PROTOCOL_VERSION, type, tabId });

  const onExport = (format: 'json' | 'markdown' | 'har', scope: 'failing' | 'all', includeSecrets: boolean) => {
    const file = exportEntries(state.entries, { format, failingOnly: scope === 'failing', includeSecrets, version: host.version, now: now() });
    download(file.text, file.filename, file.mime);
  };

  const live = state.connection !== 'connecting' && state.connection !== 'no-tab';
  return (
    <div class={`app${openRow ? ' with-detail' : ''}`}>
      <Toolbar
        state={state}
        counts={counts}
        shown={rows.length}
        verifiedAvailable={host.verifiedAvailable}
        onClear={() => send('clear')}
        onPreserveLog={(on) => conn.current?.send({ v: PROTOCOL_VERSION, type: 'set-preserve-log', tabId, on })}
        onFailingOnly={(on) => dispatch({ type: 'failing-only', on })}
        onSearch={(text) => dispatch({ type: 'search', text })}
        onVerified={(on) => conn.current?.send({ v: PROTOCOL_VERSION, type: 'set-verified', tabId, on })}
        onExport={onExport}
      />
      <ConnectionBanner connection={state.connection} />
      {!permitted ? (
        <PermissionBanner
          onGrant={() => {
            host.requestCapturePermission().then(setPermitted, () => undefined);
          }}
        />
      ) : null}
      {state.error ? (
        <div class="banner bad" role="alert" data-testid="state-error">
          The background said: {state.error}
        </div>
      ) : null}
      {state.verified.error ? (
        <div class="banner warn" role="alert" data-testid="verified-error">
          Browser-verified mode: {state.verified.error}
        </div>
      ) : null}
      <div class="main" ref={listRef}>
        {rows.length > 0 ? (
          <RequestList rows={rows} selected={state.selected} onSelect={(key) => dispatch({ type: 'select', key })} onOpen={(key) => dispatch({ type: 'open', key })} />
        ) : state.connection !== 'no-tab' && state.connection !== 'reloaded' ? (
          <EmptyState connecting={!live} cleared={state.cleared} filtered={state.entries.length > 0} onReload={() => host.reloadInspected()} />
        ) : null}
        {openRow ? <Detail entry={openRow.latest} diagnosis={diagnosed(openRow.latest)} count={openRow.count} onClose={close} copy={copy} /> : null}
      </div>
      <footer class="statusbar muted">
        <span data-testid="title">corsight</span>{' '}
        <span data-testid="background-status">{health}</span>
      </footer>
    </div>
  );
}
