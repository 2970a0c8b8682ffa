import { createI18n, mergeLocaleFiles, type Language } from '@bodega/app-kit';
import { PAGE_CACHE } from './pwa';

export { LANGUAGES, type Language } from '@bodega/app-kit';

// Each feature owns locales/<lang>/<feature>.json; the kit adds errors.* and validation.*.
const en = mergeLocaleFiles(import.meta.glob('../../locales/en/*.json', { eager: true }));
const es = mergeLocaleFiles(import.meta.glob('../../locales/es/*.json', { eager: true }));

const STORAGE_KEY = 'bodega.mobile.language';
const kit = createI18n({ storageKey: STORAGE_KEY, en, es });
export const { i18n } = kit;
export default i18n;

/**
 * The server draws the catalog's page in the app's language (docs/decisions/0020): a language
 * chosen here reaches it in a cookie of its own (apps/api/src/platform/first-screen.ts).
 */
function tellServer(language: Language): void {
  const secure = window.location.protocol === 'https:' ? '; secure' : '';
  document.cookie = `bodega_language=${language}; path=/; max-age=31536000; samesite=strict${secure}`;
}

/** The user's choice: remembered, told to the server, and the page the worker kept (drawn in the other) dropped. */
export function setLanguage(language: Language): void {
  kit.setLanguage(language);
  tellServer(language);
  if (typeof caches !== 'undefined') void caches.delete(PAGE_CACHE);
}

// A choice made before the cookie existed.
if (!import.meta.env.SSR && localStorage.getItem(STORAGE_KEY) && !document.cookie.includes('bodega_language=')) {
  tellServer(i18n.language as Language);
}
