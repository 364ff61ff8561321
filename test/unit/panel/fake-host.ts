/** A PanelHost for component tests: the test plays the background through `emit`. */
import type { PanelHost } from '../../../src/panel/host';
import type { Connection } from '../../../src/panel/state';
import type { BackgroundMessage, PanelMessage } from '../../../src/shared/protocol';

export interface FakeHost extends PanelHost {
  sent: PanelMessage[];
  emit(m: BackgroundMessage): void;
  setConnection(c: Connection): void;
  reloads: number;
  permitted: boolean;
}

export function fakeHost(overrides: Partial<PanelHost> = {}): FakeHost {
  let onMessage: (m: BackgroundMessage) => void = () => undefined;
  let onConnection: (c: Connection) => void = () => undefined;
  const host: FakeHost = {
    tabId: 7,
    theme: null,
    verifiedAvailable: false,
    version: '0.1.0',
    sent: [],
    reloads: 0,
    permitted: true,
    connect(m, c) {
      onMessage = m;
      onConnection = c;
      return { send: (msg) => host.sent.push(msg), close: () => undefined };
    },
    emit: (m) => onMessage(m),
    setConnection: (c) => onConnection(c),
    reloadInspected() {
      host.reloads++;
    },
    hasCapturePermission: () => Promise.resolve(host.permitted),
    requestCapturePermission: () => Promise.resolve((host.permitted = true)),
    health: () => Promise.resolve({ ok: true, name: 'corsight', version: '0.1.0', context: 'service_worker' }),
    ...overrides,
  };
  return host;
}
