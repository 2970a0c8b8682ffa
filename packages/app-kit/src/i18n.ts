import i18n, { type Resource } from 'i18next';
import { initReactI18next } from 'react-i18next';
import kitEn from '../locales/en.json';
import kitEs from '../locales/es.json';

export const LANGUAGES = ['en', 'es'] as const;
export type Language = (typeof LANGUAGES)[number];

type Tree = { [key: string]: string | Tree };

/**
 * One language's words from several JSON files (`import.meta.glob('../locales/en/*.json')`):
 * each file's top-level keys join the root, so a feature owns its file and `t('orders.title')`
 * reads `locales/en/orders.json`'s `{ "orders": { "title": … } }`. A top-level key defined twice
 * throws: two files must not fight over the same words.
 */
export function mergeLocaleFiles(files: Record<string, unknown>): Tree {
  const out: Tree = {};
  for (const [file, content] of Object.entries(files)) {
    const tree = ((content as { default?: unknown }).default ?? content) as Tree;
    for (const [key, value] of Object.entries(tree)) {
      if (key in out) throw new Error(`locale key "${key}" is defined twice (again in ${file})`);
      out[key] = value;
    }
  }
  return out;
}

/** The remembered choice, else the browser's first supported language, else English. */
function initialLanguage(storageKey: string): Language {
  if (typeof window === 'undefined') return 'en'; // a server render says which (cloneInstance)
  const stored = localStorage.getItem(storageKey);
  if (stored === 'en' || stored === 'es') return stored;
  for (const tag of navigator.languages ?? [navigator.language]) {
    const base = tag.slice(0, 2).toLowerCase();
    if (base === 'en' || base === 'es') return base;
  }
  return 'en';
}

/**
 * i18next for one app: the app's words plus the kit's shared ones (`errors.*`, `validation.*`),
 * the browser's language by default, the user's choice remembered under `storageKey`.
 */
export function createI18n(options: { storageKey: string; en: Tree; es: Tree }) {
  const resources: Resource = {
    en: { translation: { ...kitEn, ...options.en } },
    es: { translation: { ...kitEs, ...options.es } },
  };
  void i18n.use(initReactI18next).init({
    resources,
    lng: initialLanguage(options.storageKey),
    fallbackLng: 'en',
    interpolation: { escapeValue: false },
  });
  if (typeof document !== 'undefined') document.documentElement.lang = i18n.language;
  const setLanguage = (language: Language): void => {
    localStorage.setItem(options.storageKey, language);
    document.documentElement.lang = language;
    void i18n.changeLanguage(language);
  };
  return { i18n, setLanguage };
}
