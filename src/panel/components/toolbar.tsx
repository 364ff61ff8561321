/** The toolbar: clear, preserve log, failing/all, search, browser-verified mode, counts, export. */
import type { PanelState } from '../state';
import { ExportMenu, type ExportFormat } from './export-menu';

export interface ToolbarProps {
  state: PanelState;
  counts: { total: number; failing: number };
  shown: number;
  verifiedAvailable: boolean;
  onClear(): void;
  onPreserveLog(on: boolean): void;
  onFailingOnly(on: boolean): void;
  onSearch(text: string): void;
  onVerified(on: boolean): void;
  onExport(format: ExportFormat, scope: 'failing' | 'all', includeSecrets: boolean): void;
}

export function Toolbar(p: ToolbarProps) {
  const s = p.state;
  return (
    <div class="toolbar" role="toolbar" aria-label="corsight">
      <button type="button" class="icon" title="Clear" aria-label="Clear" data-testid="clear" onClick={p.onClear}>
        ⊘
      </button>
      <label class="check" title="Keep the log when the page navigates">
        <input type="checkbox" checked={s.preserveLog} data-testid="preserve-log" onChange={(e) => p.onPreserveLog((e.currentTarget as HTMLInputElement).checked)} />
        Preserve log
      </label>
      <span class="sep" />
      <div class="segmented" role="group" aria-label="Show">
        <button type="button" aria-pressed={!s.failingOnly} data-testid="filter-all" onClick={() => p.onFailingOnly(false)}>
          All
        </button>
        <button type="button" aria-pressed={s.failingOnly} data-testid="filter-failing" onClick={() => p.onFailingOnly(true)}>
          Failing{p.counts.failing > 0 ? ` (${p.counts.failing})` : ''}
        </button>
      </div>
      <input
        type="search"
        class="search"
        placeholder="Filter"
        aria-label="Filter requests"
        value={s.search}
        data-testid="search"
        onInput={(e) => p.onSearch((e.currentTarget as HTMLInputElement).value)}
      />
      {p.verifiedAvailable ? (
        <label class="check" title={s.verified.error ?? 'Attach the debugger and show Chromium\'s own verdict beside corsight\'s'}>
          <input type="checkbox" checked={s.verified.on} data-testid="verified" onChange={(e) => p.onVerified((e.currentTarget as HTMLInputElement).checked)} />
          Browser-verified
        </label>
      ) : null}
      <span class="spacer" />
      <span class="counts muted" data-testid="counts">
        {p.shown === s.entries.length ? `${s.entries.length} requests` : `${p.shown} rows of ${s.entries.length} requests`}
        {s.dropped > 0 ? <span data-testid="dropped">, {s.dropped} older dropped</span> : null}
      </span>
      <ExportMenu disabled={s.entries.length === 0} onExport={p.onExport} />
    </div>
  );
}
