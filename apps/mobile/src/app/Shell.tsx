import { AppShell, Group, Text, Title, UnstyledButton } from '@mantine/core';
import { Fragment, useLayoutEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { NavLink, Outlet } from 'react-router';
import { OfflineBanner, UpdatePrompt } from '../components/pwa';
import { LanguageSwitch } from '../components/LanguageSwitch';
import { setCartUser } from '../lib/cart';
import { useSignedIn } from '../lib/session';
import { FEATURES, tabsFor } from './features';

/** Phone layout: a slim header, the page, and the role's tabs at the bottom. */
export function Shell() {
  const { t } = useTranslation();
  const user = useSignedIn();
  const tabs = tabsFor(user.role);
  useLayoutEffect(() => {
    setCartUser(user.id);
    return () => setCartUser(null);
  }, [user.id]);

  return (
    <AppShell header={{ height: 52 }} footer={{ height: 60 }} padding="sm">
      <AppShell.Header>
        <Group h="100%" px="sm" justify="space-between" wrap="nowrap">
          <Title order={4}>{t('shell.appName')}</Title>
          <LanguageSwitch />
        </Group>
      </AppShell.Header>
      <AppShell.Main>
        <OfflineBanner />
        <UpdatePrompt />
        <Outlet />
        {FEATURES.map((f, i) => (f.mount ? <Fragment key={i}>{f.mount}</Fragment> : null))}
      </AppShell.Main>
      <AppShell.Footer component="nav" aria-label={t('shell.tabs')}>
        <Group h="100%" grow gap={0} wrap="nowrap">
          {tabs.map((tab) => (
            <UnstyledButton
              key={tab.path}
              component={NavLink}
              to={tab.path}
              style={({ isActive }: { isActive: boolean }) => ({
                textAlign: 'center',
                color: isActive ? 'var(--mantine-primary-color-filled)' : 'var(--mantine-color-dimmed)',
              })}
            >
              <Text size="lg" lh={1} aria-hidden>
                {tab.icon}
              </Text>
              <Text size="xs">{t(tab.label)}</Text>
            </UnstyledButton>
          ))}
        </Group>
      </AppShell.Footer>
    </AppShell>
  );
}
