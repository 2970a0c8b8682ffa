import { createTheme, darken, type CSSVariablesResolver } from '@mantine/core';

/**
 * Both apps' Mantine theme. Colours are chosen for WCAG AA contrast (axe-core's color-contrast
 * rule in e2e/admin-a11y.test.ts): white on the filled primary (blue 8) is 5:1. In the light
 * scheme, coloured text (`<Text c="green">`) and light badges use each colour's shade 9 darkened
 * by a quarter (at least 4.5:1 on white and on the colour's light background; Mantine's own
 * shades 6–9 are as low as 3:1 for yellow, orange and green), and "dimmed" grey is gray 7
 * instead of gray 6 (3.3:1); filled badges and buttons use the same deep shade in both schemes.
 */
export const bodegaTheme = createTheme({
  primaryColor: 'blue',
  primaryShade: { light: 8, dark: 8 },
});

export const bodegaCssVariables: CSSVariablesResolver = (theme) => {
  const light: Record<string, string> = { '--mantine-color-dimmed': theme.colors.gray[7] ?? '#495057' };
  const dark: Record<string, string> = {};
  for (const [name, shades] of Object.entries(theme.colors)) {
    const deep = darken(shades[9], 0.25);
    light[`--mantine-color-${name}-text`] = deep;
    light[`--mantine-color-${name}-light-color`] = deep;
    // White on a filled badge or button: the same deep shade in both schemes.
    for (const scheme of [light, dark]) {
      scheme[`--mantine-color-${name}-filled`] = deep;
      scheme[`--mantine-color-${name}-filled-hover`] = darken(shades[9], 0.4);
    }
  }
  return { variables: {}, light, dark };
};
