import { Anchor, Container, Group, Paper, Stack, Title } from '@mantine/core';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { LanguageSwitch } from '../../components/LanguageSwitch';
import { OfflineBanner } from '../../components/pwa';

/** The public pages: the app's name, the language switch, one card. */
export function AuthLayout({ title, children, footer }: { title: string; children: ReactNode; footer?: ReactNode }) {
  const { t } = useTranslation();
  return (
    <>
      <OfflineBanner />
      <Container size={420} py="lg" px="md">
        <Stack>
          <Group justify="space-between">
            <Anchor component={Link} to="/" fw={700} size="lg" underline="never">
              {t('shell.appName')}
            </Anchor>
            <LanguageSwitch />
          </Group>
          <Paper withBorder p="lg" radius="md">
            <Stack>
              <Title order={2}>{title}</Title>
              {children}
            </Stack>
          </Paper>
          {footer}
        </Stack>
      </Container>
    </>
  );
}
