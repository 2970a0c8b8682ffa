export { createI18n, LANGUAGES, mergeLocaleFiles, type Language } from './i18n';
export { useFormat, type Format } from './format';
export { renderAfterRefreshSent, useSession, useSignedInUser } from './session';
export { useRealtimeState, liveInvalidation, type LiveMap } from './realtime';
export { errorText, fieldErrors, zodErrors } from './errors';
export { bodegaCssVariables, bodegaTheme } from './theme';
export { Empty, ErrorAlert, Forbidden, PageLoader } from './placeholders';
