/**
 * The list of requests, virtualised: only the rows in view (plus a few) are in the DOM, each absolutely
 * placed at index × ROW_HEIGHT, so 10,000 requests cost what 40 do, and rows arriving below never move
 * the ones in view. While the user is at the bottom it follows new rows, like DevTools' Network panel.
 * Keyboard: ↑/↓ move, Home/End jump, Enter opens the detail view.
 */
import { useEffect, useLayoutEffect, useRef, useState } from 'preact/hooks';
import { neutralize } from '../../shared/report/neutralize';
import { splitUrl, type Row } from '../rows';

export const ROW_HEIGHT = 22;
const OVERSCAN = 8;

const VERDICT_LABEL: Record<Row['verdict'], string> = {
  blocked: 'Blocked',
  failed: 'Failed',
  advisory: 'Passed, advisory',
  passed: 'Passed',
};

export interface RequestListProps {
  rows: readonly Row[];
  selected: string | null;
  onSelect(key: string): void;
  onOpen(key: string): void;
}

export function RequestList({ rows, selected, onSelect, onOpen }: RequestListProps) {
  const ref = useRef<HTMLDivElement>(null);
  const [scrollTop, setScrollTop] = useState(0);
  const [height, setHeight] = useState(400);
  const atBottom = useRef(true);

  useEffect(() => {
    const el = ref.current;
    if (!el) return;
    setHeight(el.clientHeight || 400);
    if (typeof ResizeObserver === 'undefined') return;
    const ro = new ResizeObserver(() => setHeight(el.clientHeight || 400));
    ro.observe(el);
    return () => ro.disconnect();
  }, []);

  // Follow new rows only when the user was already at the bottom.
  useLayoutEffect(() => {
    const el = ref.current;
    if (el && atBottom.current) el.scrollTop = el.scrollHeight;
  }, [rows.length]);

  const onScroll = () => {
    const el = ref.current;
    if (!el) return;
    setScrollTop(el.scrollTop);
    atBottom.current = el.scrollTop + el.clientHeight >= el.scrollHeight - ROW_HEIGHT;
  };

  const index = selected === null ? -1 : rows.findIndex((r) => r.key === selected);

  const reveal = (i: number) => {
    const el = ref.current;
    if (!el) return;
    const top = i * ROW_HEIGHT;
    if (top < el.scrollTop) el.scrollTop = top;
    else if (top + ROW_HEIGHT > el.scrollTop + el.clientHeight) el.scrollTop = top + ROW_HEIGHT - el.clientHeight;
  };

  const onKeyDown = (e: KeyboardEvent) => {
    if (rows.length === 0) return;
    let next = index;
    switch (e.key) {
      case 'ArrowDown':
        next = Math.min(rows.length - 1, index + 1);
        break;
      case 'ArrowUp':
        next = index === -1 ? rows.length - 1 : Math.max(0, index - 1);
        break;
      case 'Home':
        next = 0;
        break;
      case 'End':
        next = rows.length - 1;
        break;
      case 'Enter':
        if (index !== -1) onOpen(rows[index]!.key);
        e.preventDefault();
        return;
      default:
        return;
    }
    e.preventDefault();
    onSelect(rows[next]!.key);
    reveal(next);
  };

  const start = Math.max(0, Math.floor(scrollTop / ROW_HEIGHT) - OVERSCAN);
  const end = Math.min(rows.length, Math.ceil((scrollTop + height) / ROW_HEIGHT) + OVERSCAN);
  const visible = rows.slice(start, end);
  const activeId = index === -1 ? undefined : `row-${rows[index]!.key}`;

  return (
    <div
      class="list"
      ref={ref}
      role="listbox"
      aria-label="Cross-origin requests"
      aria-activedescendant={activeId}
      tabIndex={0}
      onScroll={onScroll}
      onKeyDown={onKeyDown}
      data-testid="request-list"
      data-rows={rows.length}
    >
      <div class="list-sizer" style={{ height: `${rows.length * ROW_HEIGHT}px` }}>
        {visible.map((r, i) => (
          <div
            key={r.key}
            id={`row-${r.key}`}
            role="option"
            aria-selected={r.key === selected}
            class={`row verdict-${r.verdict}${r.key === selected ? ' selected' : ''}`}
            style={{ top: `${(start + i) * ROW_HEIGHT}px` }}
            onClick={() => onOpen(r.key)}
            data-testid="request-row"
            data-verdict={r.verdict}
            data-key={r.key}
          >
            <span class="cell method">{neutralize(r.method)}</span>
            <span class="cell url" title={neutralize(r.url)}>
              <UrlCell url={r.url} />
            </span>
            <span class="cell status">{neutralize(r.status)}</span>
            <span class={`cell verdict ${r.verdict}`}>{VERDICT_LABEL[r.verdict]}</span>
            <span class="cell rule" title={neutralize(r.rule)}>
              {neutralize(r.rule)}
            </span>
            <span class="cell count">{r.count > 1 ? <span class="badge" data-testid="group-count">×{r.count}</span> : null}</span>
          </div>
        ))}
      </div>
    </div>
  );
}

function UrlCell({ url }: { url: string }) {
  const { path, host } = splitUrl(url);
  return (
    <>
      {neutralize(path)} <span class="host">{neutralize(host)}</span>
    </>
  );
}
