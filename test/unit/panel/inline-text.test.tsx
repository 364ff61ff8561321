// @vitest-environment happy-dom
import { render } from 'preact';
import { afterEach, describe, expect, it } from 'vitest';
import { InlineText } from '../../../src/panel/components/inline-text';
import { diagnose } from '../../../src/shared/cors';
import { A, ex, ok } from '../cors/build';

const root = document.createElement('div');
afterEach(() => render(null, root));

describe('engine texts in the panel', () => {
  it('shows a value with backticks whole, as code (a config copied from Markdown docs)', () => {
    const d = diagnose(ex({ res: { headers: ok({}, `\`${A}\``) }, outcome: 'net::ERR_FAILED' }));
    render(<InlineText text={d.explanation.summary} />, root);
    const code = [...root.querySelectorAll('code')].map((c) => c.textContent);
    expect(code).toContain(`Access-Control-Allow-Origin: \`${A}\``);
    expect(root.textContent).not.toMatch(/\\`/);
  });

  it('keeps markup in a value as text, and control characters visible', () => {
    render(<InlineText text={'a <b>bold</b> `<img src=x onerror=alert(1)>` \u001b[31m'} />, root);
    expect(root.querySelector('b, img')).toBeNull();
    expect(root.querySelector('code')?.textContent).toBe('<img src=x onerror=alert(1)>');
    expect(root.textContent).toContain('\\x1b[31m');
  });
});

describe('server-fix notes in the panel', () => {
  it('show a refused value whole, backticks and escapes included, and the notes\' own code as code', async () => {
    const { corsValues, refusalNotes } = await import('../../../src/shared/fixes/values');
    const v = corsValues({ origin: 'null', credentials: false, preflight: true, methods: ['P`U`\nT'], requestHeaders: [], exposeHeaders: [], maxAge: null, lines: [], serverSteps: [] });
    render(<InlineText text={refusalNotes(v).join(' ')} />, root);
    expect(root.textContent).toContain('The method "P`U`\\nT" was left out');
    expect([...root.querySelectorAll('code')].map((c) => c.textContent)).toEqual(['Origin: null', 'null']);
  });
});
