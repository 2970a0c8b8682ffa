import type { SessionUser } from '@bodega/client';
import { hydrate, type DehydratedState, type QueryClient } from '@tanstack/react-query';
import { categoriesQuery, productsQuery } from '../features/catalog/queries';
import { markDrawnByServer } from '../lib/drawn';
import type { Language } from '../lib/i18n';
import { ownCustomerQuery } from '../lib/customer';

/**
 * The first screen the server draws (docs/decisions/0020): the catalog, for a customer whose
 * browser holds the page cookie. The API reads these paths as that customer would (the same
 * answers, the same permissions) and renders entry-server.tsx with them; the page carries the
 * drawn HTML and this state, and the app hydrates it instead of drawing the screen again.
 */
export const FIRST_SCREEN_PATH = '/catalog';

/** What the catalog's first screen reads, as the app itself asks for it (see queries.ts). */
export const FIRST_SCREEN_READS = {
  products: '/api/v1/products?limit=20',
  categories: '/api/v1/categories',
  customer: '/api/v1/customers/me',
} as const;

export type FirstScreenAnswers = { [K in keyof typeof FIRST_SCREEN_READS]: unknown };

/** Carried by the page, in `<script type="application/json" id="bodega-first-screen">`. */
export type FirstScreen = { user: SessionUser; language: Language; queries: DehydratedState };

export const FIRST_SCREEN_ELEMENT = 'bodega-first-screen';

/** Puts the answers where the catalog's queries look for them. */
export function seedFirstScreen(client: QueryClient, answers: FirstScreenAnswers): void {
  client.setQueryData(productsQuery('', null).queryKey, { pages: [answers.products], pageParams: [''] } as never);
  client.setQueryData(categoriesQuery.queryKey, answers.categories as never);
  client.setQueryData(ownCustomerQuery.queryKey, answers.customer as never);
}

/**
 * In the browser: the server's first screen, if the page has one drawn in the language the app
 * chose (else the app draws its own over it), with its answers put into `client`.
 */
export function takeFirstScreen(client: QueryClient, language: string): FirstScreen | null {
  const element = document.getElementById(FIRST_SCREEN_ELEMENT);
  if (!element) return null;
  element.remove();
  let first: FirstScreen | null = null;
  try {
    first = JSON.parse(element.textContent ?? 'null') as FirstScreen | null;
  } catch {
    first = null;
  }
  if (!first || first.language !== language || window.location.pathname !== FIRST_SCREEN_PATH) {
    document.getElementById('root')?.replaceChildren();
    return null;
  }
  hydrate(client, first.queries);
  markDrawnByServer();
  return first;
}
