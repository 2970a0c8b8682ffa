import type { Format } from '@bodega/app-kit';

/**
 * The money axis of a chart: short ticks ("3,2 mil US$") in a column wide enough for them. With
 * the full amount ("16.283,79 US$") Recharts' 60 px column cut the figures' first digits off;
 * the tooltip, through `valueFormatter`, still shows the exact amount.
 */
export function moneyAxis(format: Format, currency: string) {
  return { width: 76, tickFormatter: (cents: number) => format.moneyShort(cents, currency) };
}

/** The same for a chart laid on its side (`orientation="vertical"`): the money runs along the bottom. */
export function moneyAxisBelow(format: Format, currency: string) {
  return { tickFormatter: (cents: number) => format.moneyShort(cents, currency) };
}
