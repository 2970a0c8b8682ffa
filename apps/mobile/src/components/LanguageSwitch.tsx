import { Button, Group } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { LANGUAGES, setLanguage } from '../lib/i18n';

/**
 * The language switch, shared by the shell's header and the public pages: two toggle buttons.
 * Not Mantine's SegmentedControl, whose sliding indicator measures the page while the first
 * screen is drawn (a forced layout of ~50 ms on a slow phone, in every start-up).
 */
export function LanguageSwitch() {
  const { t, i18n } = useTranslation();
  return (
    <Group gap={4} role="group" aria-label={t('shell.language')} wrap="nowrap">
      {LANGUAGES.map((language) => {
        const active = i18n.language === language;
        return (
          <Button
            key={language}
            size="compact-xs"
            variant={active ? 'filled' : 'subtle'}
            aria-pressed={active}
            onClick={() => setLanguage(language)}
          >
            {language.toUpperCase()}
          </Button>
        );
      })}
    </Group>
  );
}
