import { createTheme, type CSSVariablesResolver } from '@mantine/core';

/**
 * Both apps' Mantine theme. Colours are chosen for WCAG AA contrast (axe-core's color-contrast
 * rule in e2e/admin-a11y.test.ts): white on the filled primary (blue 8) is 5:1, the light
 * variant's blue 9 on blue 1 is 4.9:1; Mantine's default "dimmed" grey (gray 6, 3.3:1 on
 * white) is replaced by gray 7.
 */
export const bodegaTheme = createTheme({
  primaryColor: 'blue',
  primaryShade: { light: 8, dark: 8 },
});

export const bodegaCssVariables: CSSVariablesResolver = (theme) => ({
  variables: {},
  light: { '--mantine-color-dimmed': theme.colors.gray[7] ?? '#495057' },
  dark: {},
});
