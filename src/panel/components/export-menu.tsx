/**
 * Export the failing requests, or all of them, as corsight JSON, Markdown or HAR. Secrets (cookies,
 * authorization, tokens in URLs) are redacted unless the user ticks the box for this export.
 */
import { useState } from 'preact/hooks';

export type ExportFormat = 'json' | 'markdown' | 'har';

export interface ExportMenuProps {
  disabled: boolean;
  onExport(format: ExportFormat, scope: 'failing' | 'all', includeSecrets: boolean): void;
}

export function ExportMenu({ disabled, onExport }: ExportMenuProps) {
  const [open, setOpen] = useState(false);
  const [scope, setScope] = useState<'failing' | 'all'>('failing');
  const [secrets, setSecrets] = useState(false);
  return (
    <div class="export">
      <button type="button" aria-expanded={open} disabled={disabled} data-testid="export" onClick={() => setOpen(!open)}>
        Export ▾
      </button>
      {open ? (
        <div class="export-menu" role="dialog" aria-label="Export">
          <fieldset>
            <label>
              <input type="radio" name="scope" checked={scope === 'failing'} data-testid="export-scope-failing" onChange={() => setScope('failing')} /> Failing requests
            </label>
            <label>
              <input type="radio" name="scope" checked={scope === 'all'} data-testid="export-scope-all" onChange={() => setScope('all')} /> All requests
            </label>
          </fieldset>
          <label class="secrets">
            <input type="checkbox" checked={secrets} data-testid="export-include-secrets" onChange={(e) => setSecrets((e.currentTarget as HTMLInputElement).checked)} /> Include cookies,
            authorization and tokens
          </label>
          <div class="export-actions">
            {(['json', 'markdown', 'har'] as const).map((f) => (
              <button
                key={f}
                type="button"
                data-testid={`export-${f}`}
                onClick={() => {
                  onExport(f, scope, secrets);
                  setOpen(false);
                }}
              >
                {f === 'json' ? 'JSON report' : f === 'markdown' ? 'Markdown' : 'HAR'}
              </button>
            ))}
          </div>
        </div>
      ) : null}
    </div>
  );
}
