import { useSyncExternalStore } from 'react';

/**
 * The cart, kept on the device (localStorage, one per signed-in user) so it survives reloads and
 * works offline. The catalog adds to it; the cart screen checks it out. Prices are the catalog's
 * copy at the time: the server prices the order when it is placed.
 */
export type CartLine = { productId: number; name: string; priceCents: number; quantity: number };

const PREFIX = 'bodega.mobile.cart.';
const listeners = new Set<() => void>();
let userId: number | null = null;
let cache: { key: string; raw: string | null; lines: CartLine[] } | null = null;

const storageKey = () => (userId === null ? null : `${PREFIX}${userId}`);

function emit() {
  for (const l of listeners) l();
}

if (typeof window !== 'undefined') {
  window.addEventListener('storage', (event) => {
    if (event.key && event.key === storageKey()) emit();
  });
}

/** The cart follows the signed-in user (set by the shell). */
export function setCartUser(id: number | null): void {
  if (id === userId) return;
  userId = id;
  emit();
}

export function cartLines(): CartLine[] {
  const key = storageKey();
  if (!key) return [];
  const raw = localStorage.getItem(key);
  if (cache && cache.key === key && cache.raw === raw) return cache.lines;
  let lines: CartLine[] = [];
  try {
    lines = raw ? (JSON.parse(raw) as CartLine[]) : [];
  } catch {
    lines = [];
  }
  cache = { key, raw, lines };
  return lines;
}

function save(lines: CartLine[]) {
  const key = storageKey();
  if (!key) return;
  if (lines.length === 0) localStorage.removeItem(key);
  else localStorage.setItem(key, JSON.stringify(lines));
  emit();
}

/** Adds `quantity` of a product (or more of it when already in the cart). */
export function addToCart(product: Omit<CartLine, 'quantity'>, quantity = 1): void {
  const lines = cartLines();
  const found = lines.find((l) => l.productId === product.productId);
  save(
    found
      ? lines.map((l) => (l.productId === product.productId ? { ...l, quantity: l.quantity + quantity } : l))
      : [...lines, { ...product, quantity }],
  );
}

export function setQuantity(productId: number, quantity: number): void {
  save(
    quantity <= 0
      ? cartLines().filter((l) => l.productId !== productId)
      : cartLines().map((l) => (l.productId === productId ? { ...l, quantity } : l)),
  );
}

export function replaceCart(lines: CartLine[]): void {
  save(lines);
}

export function clearCart(): void {
  save([]);
}

export function useCart(): CartLine[] {
  return useSyncExternalStore((l) => {
    listeners.add(l);
    return () => listeners.delete(l);
  }, cartLines);
}

export const cartCount = (lines: readonly CartLine[]): number => lines.reduce((n, l) => n + l.quantity, 0);
export const cartTotalCents = (lines: readonly CartLine[]): number =>
  lines.reduce((n, l) => n + l.priceCents * l.quantity, 0);
