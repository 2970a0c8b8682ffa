import { useEffect, useRef } from 'react';
import { createWedge } from './wedge';

/** Puts a field back as it was before a scanner's burst landed in it, the way React sees typing. */
function restoreField(el: HTMLInputElement | HTMLTextAreaElement, value: string) {
  const proto = el instanceof HTMLInputElement ? HTMLInputElement.prototype : HTMLTextAreaElement.prototype;
  Object.getOwnPropertyDescriptor(proto, 'value')?.set?.call(el, value);
  el.dispatchEvent(new Event('input', { bubbles: true }));
}

/**
 * A hardware (keyboard-wedge) scanner anywhere on the screen: a fast burst of keys ended by Enter
 * is a scan, whichever element has the focus. The Enter is swallowed (no form submits) and a field
 * the burst was typed into gets its earlier value back.
 */
export function useWedge(onScan: (code: string) => void, enabled = true): void {
  const handler = useRef(onScan);
  useEffect(() => {
    handler.current = onScan;
  }, [onScan]);
  useEffect(() => {
    if (!enabled) return undefined;
    const wedge = createWedge();
    let snapshot: { el: HTMLInputElement | HTMLTextAreaElement; value: string } | null = null;
    const onKey = (e: KeyboardEvent) => {
      if (e.ctrlKey || e.metaKey || e.altKey || e.isComposing) return;
      const result = wedge.key(e.key, e.timeStamp);
      if (result.kind === 'key' && result.starts) {
        const el = e.target;
        snapshot = el instanceof HTMLInputElement || el instanceof HTMLTextAreaElement ? { el, value: el.value } : null;
      } else if (result.kind === 'scan') {
        e.preventDefault();
        e.stopPropagation();
        if (snapshot) restoreField(snapshot.el, snapshot.value);
        snapshot = null;
        handler.current(result.code);
      }
    };
    window.addEventListener('keydown', onKey, true);
    return () => window.removeEventListener('keydown', onKey, true);
  }, [enabled]);
}
