import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { locationsQuery } from '../api';

const KEY = 'bodega.mobile.warehouse.location';

function stored(): number | null {
  const raw = Number(localStorage.getItem(KEY));
  return Number.isInteger(raw) && raw > 0 ? raw : null;
}

/**
 * The location the person works at, remembered on the device across screens and reloads; the
 * default location until they pick another (or when the remembered one is gone).
 */
export function useRememberedLocation() {
  const locations = useQuery(locationsQuery);
  const [chosen, setChosen] = useState<number | null>(stored);
  const items = locations.data ?? [];
  const locationId =
    items.find((l) => l.id === chosen)?.id ?? items.find((l) => l.isDefault)?.id ?? items[0]?.id ?? null;
  const choose = (id: number) => {
    localStorage.setItem(KEY, String(id));
    setChosen(id);
  };
  return { locations, locationId, choose };
}
