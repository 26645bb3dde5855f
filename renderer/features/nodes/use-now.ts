import { useEffect, useState } from 'react';

/** The time, moving every `everyMs`, so "seen 5 s ago" ages without new data arriving. */
export function useNow(everyMs = 10_000): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), everyMs);
    return () => clearInterval(timer);
  }, [everyMs]);
  return now;
}
