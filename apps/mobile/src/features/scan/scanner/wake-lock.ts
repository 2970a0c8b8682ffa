/**
 * Keeps the screen on while `active` (the Screen Wake Lock API, where the browser has it). The
 * browser drops the lock when the page is hidden, so it is asked for again when it comes back.
 */
export function holdWakeLock(): () => void {
  const api = (navigator as { wakeLock?: { request(type: 'screen'): Promise<{ release(): Promise<void> }> } }).wakeLock;
  if (!api) return () => undefined;
  let lock: { release(): Promise<void> } | null = null;
  let released = false;
  const acquire = () => {
    if (released || document.visibilityState !== 'visible') return;
    api.request('screen').then(
      (l) => {
        if (released) void l.release().catch(() => undefined);
        else lock = l;
      },
      () => undefined,
    );
  };
  acquire();
  document.addEventListener('visibilitychange', acquire);
  return () => {
    released = true;
    document.removeEventListener('visibilitychange', acquire);
    void lock?.release().catch(() => undefined);
  };
}
