import { can } from '@bodega/domain';
import { AppShell, Badge, Burger, Button, Group, NavLink, SegmentedControl, Text, Title } from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { useQueryClient } from '@tanstack/react-query';
import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { NavLink as RouterLink, Outlet, useNavigate } from 'react-router';
import { SECTIONS } from '../app/sections';
import { bodega, realtime } from '../lib/bodega';
import { setLanguage, type Language } from '../lib/i18n';
import { useRealtimeState } from '../lib/realtime';
import { useStaffUser } from '../lib/session';

const CONNECTION_COLOR = { connected: 'teal', connecting: 'yellow', disconnected: 'gray' } as const;

export function Shell() {
  const { t, i18n } = useTranslation();
  const [opened, { toggle }] = useDisclosure();
  const user = useStaffUser();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const connection = useRealtimeState();

  // Events missed while the socket was down are not replayed: refetch what is on screen.
  useEffect(
    () => realtime.subscribe((s) => void (s === 'connected' && queryClient.invalidateQueries())),
    [queryClient],
  );

  if (!user) return null;
  const signOut = async () => {
    await bodega.session.signOut();
    queryClient.clear();
    await navigate('/sign-in');
  };

  return (
    <AppShell
      header={{ height: 56 }}
      navbar={{ width: 220, breakpoint: 'sm', collapsed: { mobile: !opened } }}
      padding="md"
    >
      <AppShell.Header>
        <Group h="100%" px="md" justify="space-between">
          <Group>
            <Burger opened={opened} onClick={toggle} hiddenFrom="sm" size="sm" aria-label={t('shell.menu')} />
            <Title order={3}>{t('app.name')}</Title>
          </Group>
          <Group>
            <Badge color={CONNECTION_COLOR[connection]} variant="dot" data-testid="connection">
              {t(`shell.connection.${connection}`)}
            </Badge>
            <SegmentedControl
              size="xs"
              aria-label={t('shell.language')}
              value={i18n.language}
              onChange={(v) => setLanguage(v as Language)}
              data={[
                { value: 'en', label: t('languages.en') },
                { value: 'es', label: t('languages.es') },
              ]}
            />
            <Text size="sm" visibleFrom="sm">
              {user.email} · {t(`roles.${user.role}`)}
            </Text>
            <Button variant="default" size="xs" onClick={() => void signOut()}>
              {t('shell.signOut')}
            </Button>
          </Group>
        </Group>
      </AppShell.Header>
      <AppShell.Navbar p="xs" component="nav" aria-label={t('shell.sections')}>
        {SECTIONS.filter((s) => can(user.role, s.capability)).map((s) => (
          <NavLink key={s.path} component={RouterLink} to={s.path} end={s.path === '/'} label={t(s.label)} />
        ))}
      </AppShell.Navbar>
      <AppShell.Main>
        <Outlet />
      </AppShell.Main>
    </AppShell>
  );
}
