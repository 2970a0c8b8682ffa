import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';

export type Format = ReturnType<typeof makeFormat>;

function makeFormat(locale: string) {
  const number = new Intl.NumberFormat(locale);
  const date = new Intl.DateTimeFormat(locale, { dateStyle: 'medium' });
  const dateTime = new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeStyle: 'short' });
  const percent = new Intl.NumberFormat(locale, { style: 'percent', maximumFractionDigits: 1 });
  const money = new Map<string, Intl.NumberFormat>();
  return {
    locale,
    /** Integer cents in the business currency (`dashboard.currency`, `settings.currency`). */
    money: (cents: number, currency: string) => {
      let f = money.get(currency);
      if (!f) money.set(currency, (f = new Intl.NumberFormat(locale, { style: 'currency', currency })));
      return f.format(cents / 100);
    },
    number: (n: number) => number.format(n),
    /** A fraction (0.25 → "25 %"); basis points divide by 10,000 first. */
    percent: (fraction: number) => percent.format(fraction),
    /** A calendar day (`YYYY-MM-DD`) stays that day whatever the browser's zone; an instant shows local. */
    date: (iso: string) =>
      /^\d{4}-\d{2}-\d{2}$/.test(iso)
        ? new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeZone: 'UTC' }).format(new Date(`${iso}T00:00:00Z`))
        : date.format(new Date(iso)),
    dateTime: (iso: string) => dateTime.format(new Date(iso)),
  };
}

/** Money, numbers and dates in the UI's language, through Intl; re-made when the language changes. */
export function useFormat(): Format {
  const { i18n } = useTranslation();
  const locale = i18n.language;
  return useMemo(() => makeFormat(locale), [locale]);
}
