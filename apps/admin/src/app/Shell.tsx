import { liveInvalidation, useRealtimeState } from '@bodega/app-kit';
import { can } from '@bodega/domain';
import {
  ActionIcon,
  AppShell,
  Badge,
  Burger,
  Button,
  Group,
  NavLink,
  ScrollArea,
  SegmentedControl,
  Text,
  Title,
  useMantineColorScheme,
} from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { NavLink as RouterLink, Outlet, useNavigate } from 'react-router';
import { ModalsProvider } from '@mantine/modals';
import { Notifications } from '@mantine/notifications';
import '@mantine/notifications/styles.css';
import { useEffect } from 'react';
import { bodega } from '../lib/bodega';
import { realtime } from '../lib/realtime';
import { NAV_GROUPS } from '../lib/feature';
import { setLanguage, type Language } from '../lib/i18n';
import { useStaffUser } from '../lib/session';
import { ShellHotkeys } from '../components/ShellHotkeys';
import { ACTIONS, LIVE, NAV, ROUTES } from './features';

const ROUTE_PATHS = ROUTES.map((r) => r.path);

const CONNECTION_COLOR = { connected: 'teal', connecting: 'yellow', disconnected: 'gray' } as const;

/**
 * The signed-in back office: navbar, header, live updates, notifications and dialogs. Loaded
 * lazily by the router, so the sign-in page does not carry it (nor socket.io-client).
 */
export function Shell() {
  return (
    <ModalsProvider>
      <Notifications position="top-right" />
      <ShellLayout />
    </ModalsProvider>
  );
}

function ShellLayout() {
  const { t, i18n } = useTranslation();
  const [opened, { toggle, close }] = useDisclosure();
  const user = useStaffUser();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const connection = useRealtimeState(realtime);
  const { colorScheme, toggleColorScheme } = useMantineColorScheme();
  // Lists, details and the dashboard follow the live events (features declare what each event touches).
  useEffect(() => liveInvalidation(realtime, queryClient, LIVE), [queryClient]);

  if (!user) return null;
  const signOut = async () => {
    await bodega.session.signOut();
    queryClient.clear();
    await navigate('/sign-in');
  };
  const items = NAV.filter((item) => can(user.role, item.capability));

  return (
    <AppShell
      header={{ height: 56 }}
      navbar={{ width: 230, breakpoint: 'sm', collapsed: { mobile: !opened } }}
      padding="md"
    >
      <AppShell.Header>
        <Group h="100%" px="md" justify="space-between" wrap="nowrap">
          <Group wrap="nowrap">
            <Burger opened={opened} onClick={toggle} hiddenFrom="sm" size="sm" aria-label={t('shell.menu')} />
            <Title order={3}>{t('app.name')}</Title>
          </Group>
          <Group wrap="nowrap" gap="sm">
            <ShellHotkeys role={user.role} actions={ACTIONS} nav={items} routes={ROUTE_PATHS} />
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
            <ActionIcon
              variant="default"
              aria-label={t(colorScheme === 'dark' ? 'shell.lightMode' : 'shell.darkMode')}
              onClick={toggleColorScheme}
            >
              {colorScheme === 'dark' ? '☀' : '☾'}
            </ActionIcon>
            <Text size="sm" visibleFrom="md">
              {user.email} · {t(`roles.${user.role}`)}
            </Text>
            <Button variant="default" size="xs" onClick={() => void signOut()}>
              {t('shell.signOut')}
            </Button>
          </Group>
        </Group>
      </AppShell.Header>
      <AppShell.Navbar p="xs" component="nav" aria-label={t('shell.sections')}>
        <ScrollArea>
          {NAV_GROUPS.map((group) => {
            const links = items.filter((item) => item.group === group);
            if (links.length === 0) return null;
            return (
              <div key={group}>
                <Text size="xs" c="dimmed" tt="uppercase" fw={700} px="sm" pt="sm" pb={4} aria-hidden>
                  {t(`shell.groups.${group}`)}
                </Text>
                {links.map((item) => (
                  <NavLink
                    key={item.path}
                    component={RouterLink}
                    to={item.path}
                    end={item.path === '/'}
                    label={t(item.label)}
                    variant="filled"
                    onClick={close}
                  />
                ))}
              </div>
            );
          })}
        </ScrollArea>
      </AppShell.Navbar>
      <AppShell.Main>
        <Outlet />
      </AppShell.Main>
    </AppShell>
  );
}
