/**
 * Saves text as a file from the panel: a Blob URL clicked through a temporary `<a download>`. Needs no
 * `downloads` permission, and works in both browsers' extension pages and DevTools panels.
 */
export function downloadText(text: string, filename: string, mime: string, doc: Document = document): void {
  const url = URL.createObjectURL(new Blob([text], { type: mime }));
  const a = doc.createElement('a');
  a.href = url;
  a.download = filename;
  a.style.display = 'none';
  doc.body.appendChild(a);
  a.click();
  a.remove();
  // Revoke later: Firefox reads the Blob after click() returns.
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
}

/** `corsight-<host>-<yyyy-mm-ddThh-mm-ss>.<ext>`: sortable and safe on every file system. */
export function exportFilename(pageUrl: string | null, ext: string, now: Date): string {
  let host = 'tab';
  try {
    if (pageUrl) host = new URL(pageUrl).host.replace(/[^A-Za-z0-9.-]+/g, '_') || 'tab';
  } catch {
    // Keep "tab".
  }
  const stamp = now.toISOString().slice(0, 19).replace(/:/g, '-');
  return `corsight-${host}-${stamp}.${ext}`;
}
