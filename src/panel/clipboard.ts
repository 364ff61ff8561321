/**
 * Copy to the clipboard from a DevTools panel. DevTools hosts extension panels in an iframe that may not
 * be delegated the `clipboard-write` permission, and then `navigator.clipboard.writeText` is refused; the
 * fallback is the old `execCommand('copy')` on a selected textarea, which works inside a user gesture.
 */
export async function copyText(text: string, doc: Document = document): Promise<boolean> {
  try {
    await navigator.clipboard.writeText(text);
    return true;
  } catch {
    // Fall through to the textarea.
  }
  const area = doc.createElement('textarea');
  area.value = text;
  area.setAttribute('readonly', '');
  area.style.position = 'fixed';
  area.style.opacity = '0';
  doc.body.appendChild(area);
  area.select();
  try {
    return doc.execCommand('copy');
  } catch {
    return false;
  } finally {
    area.remove();
  }
}
