import { useCallback, useState } from 'react';
import { COUNT_SESSION_KEY, parseSession, type CountSession } from './count-session';

/** The device's count session (localStorage), with a setter that stores every change at once. */
export function useCountSession() {
  const [session, setState] = useState<CountSession | null>(() =>
    parseSession(localStorage.getItem(COUNT_SESSION_KEY)),
  );
  const update = useCallback((change: (s: CountSession | null) => CountSession | null) => {
    setState((current) => {
      const next = change(current);
      if (next) localStorage.setItem(COUNT_SESSION_KEY, JSON.stringify(next));
      else localStorage.removeItem(COUNT_SESSION_KEY);
      return next;
    });
  }, []);
  return [session, update] as const;
}
