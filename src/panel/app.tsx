import { useEffect, useState } from 'preact/hooks';
import type { HealthReply } from '../background/health';

export type BackgroundStatus =
  | { readonly state: 'checking' }
  | { readonly state: 'ok'; readonly reply: HealthReply }
  | { readonly state: 'error'; readonly message: string };

export interface AppProps {
  /** Asks the background whether it is running; injected so the component does not touch the extension API. */
  readonly ping: () => Promise<HealthReply>;
}

export function App({ ping }: AppProps) {
  const [status, setStatus] = useState<BackgroundStatus>({ state: 'checking' });

  useEffect(() => {
    let live = true;
    ping().then(
      (reply) => live && setStatus({ state: 'ok', reply }),
      (error: unknown) => live && setStatus({ state: 'error', message: error instanceof Error ? error.message : String(error) }),
    );
    return () => {
      live = false;
    };
  }, [ping]);

  return (
    <main>
      <h1 data-testid="title">corsight</h1>
      <p data-testid="placeholder">
        Explains why the browser blocked a cross-origin request and which server header fixes it.
      </p>
      <p class="muted">
        This is the extension shell: capturing requests and showing their diagnosis in this panel arrive in later
        versions. Meanwhile, <code>npx corsight analyze file.har</code> diagnoses a saved HAR.
      </p>
      <p class="status muted" data-testid="background-status" data-state={status.state}>
        Background: <strong>{describe(status)}</strong>
      </p>
    </main>
  );
}

function describe(status: BackgroundStatus): string {
  switch (status.state) {
    case 'checking':
      return 'checking…';
    case 'ok':
      return `running (${status.reply.context === 'service_worker' ? 'service worker' : 'event page'}, v${status.reply.version})`;
    case 'error':
      return `not answering (${status.message})`;
  }
}
