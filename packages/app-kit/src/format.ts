import { useTranslation } from 'react-i18next';

export type Format = ReturnType<typeof makeFormat>;

function makeFormat(locale: string) {
  // Each formatter is built on first use: a screen that shows only money builds one.
  const lazy = <T>(make: () => T) => {
    let value: T | undefined;
    return () => (value ??= make());
  };
  const number = lazy(() => new Intl.NumberFormat(locale));
  const date = lazy(() => new Intl.DateTimeFormat(locale, { dateStyle: 'medium' }));
  const day = lazy(() => new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeZone: 'UTC' }));
  const dateTime = lazy(() => new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeStyle: 'short' }));
  const percent = lazy(() => new Intl.NumberFormat(locale, { style: 'percent', maximumFractionDigits: 1 }));
  const money = new Map<string, Intl.NumberFormat>();
  const short = new Map<string, Intl.NumberFormat>();
  return {
    locale,
    /** Integer cents in the business currency (`dashboard.currency`, `settings.currency`). */
    money: (cents: number, currency: string) => {
      let f = money.get(currency);
      if (!f) money.set(currency, (f = new Intl.NumberFormat(locale, { style: 'currency', currency })));
      return f.format(cents / 100);
    },
    /** The same, short, for a chart's axis ("$3.2K", "3,2 mil US$"); the tooltip keeps the exact amount. */
    moneyShort: (cents: number, currency: string) => {
      let f = short.get(currency);
      if (!f) {
        f = new Intl.NumberFormat(locale, {
          style: 'currency',
          currency,
          notation: 'compact',
          minimumFractionDigits: 0,
          maximumFractionDigits: 1,
        });
        short.set(currency, f);
      }
      return f.format(cents / 100);
    },
    number: (n: number) => number().format(n),
    /** A fraction (0.25 → "25 %"); basis points divide by 10,000 first. */
    percent: (fraction: number) => percent().format(fraction),
    /** A calendar day (`YYYY-MM-DD`) stays that day whatever the browser's zone; an instant shows local. */
    date: (iso: string) =>
      /^\d{4}-\d{2}-\d{2}$/.test(iso) ? day().format(new Date(`${iso}T00:00:00Z`)) : date().format(new Date(iso)),
    dateTime: (iso: string) => dateTime().format(new Date(iso)),
  };
}

/**
 * One set of formatters per language: building an Intl formatter costs far more than using it
 * (four per product card were a quarter of a slow phone's first catalog render).
 */
const formats = new Map<string, Format>();
function formatFor(locale: string): Format {
  let format = formats.get(locale);
  if (!format) formats.set(locale, (format = makeFormat(locale)));
  return format;
}

/** Money, numbers and dates in the UI's language, through Intl; another set when the language changes. */
export function useFormat(): Format {
  const { i18n } = useTranslation();
  return formatFor(i18n.language);
}
