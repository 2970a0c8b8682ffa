import { createI18n, mergeLocaleFiles } from '@bodega/app-kit';

export { LANGUAGES, type Language } from '@bodega/app-kit';

// Each feature owns locales/<lang>/<feature>.json; the kit adds errors.* and validation.*.
const en = mergeLocaleFiles(import.meta.glob('../../locales/en/*.json', { eager: true }));
const es = mergeLocaleFiles(import.meta.glob('../../locales/es/*.json', { eager: true }));

export const { i18n, setLanguage } = createI18n({ storageKey: 'bodega.mobile.language', en, es });
export default i18n;
