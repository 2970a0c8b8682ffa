import type { Role } from '@bodega/domain';
import { Button, Kbd } from '@mantine/core';
import { useHotkeys } from '@mantine/hooks';
import { lazy, Suspense, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import type { FeatureAction, NavItem } from '../lib/feature';

const ShortcutsHelp = lazy(() => import('./ShortcutsHelp').then((m) => ({ default: m.ShortcutsHelp })));
const CommandPalette = lazy(() => import('./CommandPalette').then((m) => ({ default: m.CommandPalette })));

/** "g then <key>" goes to a section; only to sections the app has and the role may open. */
const GO_TO = [
  { key: 'd', path: '/', label: 'palette.shortcuts.goDashboard' },
  { key: 'p', path: '/products', label: 'palette.shortcuts.goProducts' },
  { key: 'o', path: '/orders', label: 'palette.shortcuts.goOrders' },
  { key: 'c', path: '/customers', label: 'palette.shortcuts.goCustomers' },
  { key: 'r', path: '/reports/sales', label: 'palette.shortcuts.goReports' },
] as const;
const SEQUENCE_MS = 1500;

type Props = { role: Role; actions: readonly FeatureAction[]; nav: readonly NavItem[]; routes: readonly string[] };

/** Focuses the page's first search box (or first text field) in the main area. */
function focusSearch() {
  const main = document.querySelector('main');
  const field =
    main?.querySelector<HTMLInputElement>('input[type=search]') ??
    main?.querySelector<HTMLInputElement>('input[type=text]:not([readonly]), input:not([type]):not([readonly])');
  field?.focus();
}

/**
 * The keyboard: Ctrl/Cmd+K opens the command palette (loaded on first use), `?` lists the
 * shortcuts, `g` then a letter goes to a section, `/` focuses the search box. Single keys are
 * ignored while typing in a field.
 */
export function ShellHotkeys({ role, actions, nav, routes }: Props) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const [palette, setPalette] = useState<'unloaded' | 'open' | 'closed'>('unloaded');
  const [help, setHelp] = useState(false);
  const armed = useRef(0);
  const allowed = new Set(nav.map((n) => n.path));
  const goTo = GO_TO.filter((g) => allowed.has(g.path));

  // Ctrl/Cmd+K works from inside a field too.
  useHotkeys([['mod+K', () => setPalette((p) => (p === 'open' ? 'closed' : 'open'))]], []);
  useHotkeys([
    ['shift+?', () => setHelp(true)],
    ['/', focusSearch],
    ['g', () => (armed.current = Date.now())],
    ...goTo.map(
      (g) =>
        [
          g.key,
          () => {
            if (Date.now() - armed.current > SEQUENCE_MS) return;
            armed.current = 0;
            void navigate(g.path);
          },
          { preventDefault: false },
        ] as [string, () => void, { preventDefault: boolean }],
    ),
  ]);

  const rows: [string[], string][] = [
    [['Ctrl', 'K'], 'palette.shortcuts.palette'],
    [['?'], 'palette.shortcuts.help'],
    [['/'], 'palette.shortcuts.search'],
    ...goTo.map((g) => [['g', g.key], g.label] as [string[], string]),
  ];

  return (
    <>
      <Button
        variant="default"
        size="xs"
        visibleFrom="sm"
        onClick={() => setPalette('open')}
        rightSection={<Kbd size="xs">{t('palette.shortcutHint')}</Kbd>}
      >
        {t('palette.open')}
      </Button>
      {palette !== 'unloaded' && (
        <Suspense fallback={null}>
          <CommandPalette
            opened={palette === 'open'}
            onClose={() => setPalette('closed')}
            role={role}
            actions={actions}
            nav={nav}
            routes={routes}
          />
        </Suspense>
      )}
      {help && (
        <Suspense fallback={null}>
          <ShortcutsHelp rows={rows} onClose={() => setHelp(false)} />
        </Suspense>
      )}
    </>
  );
}
