/** A look-up asked a moment after the typing stops (the compound pickers of the survey and complaint forms). */
import { useEffect, useState } from 'react';
import { api } from '../../api.ts';

const PAUSE_MS = 250;

/** The items GET `path` answers (null: none asked), asked PAUSE_MS after the path last changed; [] on a refusal. */
export function useLookup<T>(path: string | null): { items: T[]; searching: boolean } {
  const [items, setItems] = useState<T[]>([]);
  const [searching, setSearching] = useState(false);
  useEffect(() => {
    if (path === null) {
      setItems([]);
      return;
    }
    let live = true;
    const timer = setTimeout(() => {
      setSearching(true);
      api
        .get<{ items: T[] }>(path)
        .then((r) => live && setItems(r.items))
        .catch(() => live && setItems([]))
        .finally(() => live && setSearching(false));
    }, PAUSE_MS);
    return () => {
      live = false;
      clearTimeout(timer);
    };
  }, [path]);
  return { items, searching };
}
