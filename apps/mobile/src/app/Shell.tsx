import { Box, Group, Text, Title, UnstyledButton } from '@mantine/core';
import { Fragment, useLayoutEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { NavLink, Outlet } from 'react-router';
import { OfflineBanner, UpdatePrompt } from '../components/pwa';
import { LanguageSwitch } from '../components/LanguageSwitch';
import { setCartUser } from '../lib/cart';
import { useSignedIn } from '../lib/session';
import { FEATURES, tabsFor } from './features';

const BAR = { position: 'fixed', left: 0, right: 0, zIndex: 100, background: 'var(--mantine-color-body)' } as const;

/**
 * Phone layout: a slim header, the page, and the role's tabs at the bottom. Plain fixed bars
 * rather than Mantine's AppShell, whose navbar machinery (and react-remove-scroll) a phone
 * layout without a side menu does not need: ~12 KB gzipped less on the first screen.
 */
export function Shell() {
  const { t } = useTranslation();
  const user = useSignedIn();
  const tabs = tabsFor(user.role);
  useLayoutEffect(() => {
    setCartUser(user.id);
    return () => setCartUser(null);
  }, [user.id]);

  return (
    <>
      <Box
        component="header"
        h={52}
        style={{ ...BAR, top: 0, borderBottom: '1px solid var(--mantine-color-default-border)' }}
      >
        <Group h="100%" px="sm" justify="space-between" wrap="nowrap">
          <Title order={4}>{t('shell.appName')}</Title>
          <LanguageSwitch />
        </Group>
      </Box>
      <Box component="main" px="sm" pt={52 + 12} pb={60 + 12}>
        <OfflineBanner />
        <UpdatePrompt />
        <Outlet />
        {FEATURES.map((f, i) => (f.mount ? <Fragment key={i}>{f.mount}</Fragment> : null))}
      </Box>
      <Box
        component="nav"
        aria-label={t('shell.tabs')}
        h={60}
        style={{ ...BAR, bottom: 0, borderTop: '1px solid var(--mantine-color-default-border)' }}
      >
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
              <tab.icon size={24} style={{ display: 'block', margin: '0 auto 2px' }} />
              <Text size="xs">{t(tab.label)}</Text>
            </UnstyledButton>
          ))}
        </Group>
      </Box>
    </>
  );
}
