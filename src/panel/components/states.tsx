/** The states a user meets besides the list: no tab, reconnecting, reloaded, no permission, no traffic yet. */
import type { Connection } from '../state';

export function ConnectionBanner({ connection }: { connection: Connection }) {
  switch (connection) {
    case 'reconnecting':
      return (
        <div class="banner info" role="status" data-testid="state-reconnecting">
          The background restarted; reconnecting…
        </div>
      );
    case 'reloaded':
      return (
        <div class="banner bad" role="alert" data-testid="state-reloaded">
          corsight was reloaded or updated. Close DevTools and open it again to keep capturing.
        </div>
      );
    case 'no-tab':
      return (
        <div class="banner info" role="status" data-testid="state-no-tab">
          No tab to inspect: open the <strong>CORS</strong> panel in DevTools, or open this page with <code>?tabId=&lt;n&gt;</code>.
        </div>
      );
    default:
      return null;
  }
}

export function PermissionBanner({ onGrant }: { onGrant(): void }) {
  return (
    <div class="banner warn" role="alert" data-testid="state-no-permission">
      corsight may not read this site's requests yet. <button type="button" data-testid="grant-permission" onClick={onGrant}>Allow on all sites</button>
    </div>
  );
}

export function EmptyState({ connecting, cleared, filtered, onReload }: { connecting: boolean; cleared: 'navigation' | 'user' | null; filtered: boolean; onReload(): void }) {
  if (connecting) {
    return (
      <div class="empty" data-testid="state-connecting">
        Connecting…
      </div>
    );
  }
  if (filtered) {
    return (
      <div class="empty" data-testid="state-filtered">
        No request matches the filter.
      </div>
    );
  }
  return (
    <div class="empty" data-testid="state-empty">
      <p>
        {cleared === 'navigation' ? 'The page navigated, so the log was cleared. ' : ''}No cross-origin requests yet.
      </p>
      <p class="muted">corsight sees requests made while DevTools is open. Reload the page to capture its requests from the start.</p>
      <button type="button" data-testid="reload" onClick={onReload}>
        Reload page
      </button>
    </div>
  );
}
