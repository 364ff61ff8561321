/**
 * The panel's remembered choices (the server picker), in the extension origin's localStorage: the same
 * for every tab and DevTools window, synchronous, and needing no permission. A storage that throws
 * (disabled, full) only means the choice is not remembered.
 */
const SERVER_KEY = 'corsight.server';

export function loadServer(storage: Pick<Storage, 'getItem'> | undefined = globalThis.localStorage): string | null {
  try {
    return storage?.getItem(SERVER_KEY) ?? null;
  } catch {
    return null;
  }
}

export function saveServer(id: string, storage: Pick<Storage, 'setItem'> | undefined = globalThis.localStorage): void {
  try {
    storage?.setItem(SERVER_KEY, id);
  } catch {
    // Not remembered; the picker still works.
  }
}
