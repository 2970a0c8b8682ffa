import { useTranslation } from 'react-i18next';

/** Money and numbers in the UI's language, through Intl. */
export function useFormat() {
  const { i18n } = useTranslation();
  const locale = i18n.language;
  return {
    money: (cents: number, currency: string) =>
      new Intl.NumberFormat(locale, { style: 'currency', currency }).format(cents / 100),
    number: (n: number) => new Intl.NumberFormat(locale).format(n),
    date: (iso: string) => new Intl.DateTimeFormat(locale, { dateStyle: 'medium' }).format(new Date(iso)),
  };
}
