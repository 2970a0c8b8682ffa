import { dehydrate } from '@tanstack/react-query';
import { renderToString } from 'react-dom/server';
import { App } from './app/App';
import {
  FIRST_SCREEN_ELEMENT,
  FIRST_SCREEN_PATH,
  FIRST_SCREEN_READS,
  seedFirstScreen,
  type FirstScreen,
  type FirstScreenAnswers,
} from './app/first-screen';
import { newQueryClient } from './app/providers';
import i18n, { type Language } from './lib/i18n';
import { openAs } from './lib/session';
import type { SessionUser } from '@bodega/client';

/**
 * The server's side of the first screen (app/first-screen.ts), built by `vite build --ssr` into
 * dist-server/ and loaded by the API (apps/api/src/platform/first-screen.ts).
 */
export { FIRST_SCREEN_ELEMENT, FIRST_SCREEN_PATH, FIRST_SCREEN_READS };
export type { FirstScreen, FirstScreenAnswers };

export function renderFirstScreen(input: { user: SessionUser; language: Language; answers: FirstScreenAnswers }): {
  html: string;
  state: FirstScreen;
} {
  const client = newQueryClient();
  seedFirstScreen(client, input.answers);
  const translator = i18n.cloneInstance({ lng: input.language });
  // One synchronous render: the page's user is the app's for exactly that long.
  openAs(input.user);
  try {
    const html = renderToString(<App i18n={translator} client={client} location={FIRST_SCREEN_PATH} />);
    return { html, state: { user: input.user, language: input.language, queries: dehydrate(client) } };
  } finally {
    openAs(null);
  }
}
