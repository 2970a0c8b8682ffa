import type { JSX, SVGProps } from 'react';

export type IconProps = Omit<SVGProps<SVGSVGElement>, 'children'> & { size?: number | string };
export type IconComponent = (props: IconProps) => JSX.Element;

/**
 * Outline icons drawn the same on every phone (emoji differ from one vendor's font to the next).
 * The paths are Tabler Icons' (MIT, tabler.io/icons), inlined: the package is not a dependency,
 * and these few cost about a kilobyte gzipped of the first screen. Always decorative (aria-hidden):
 * the tab's label or the button's aria-label names what they stand for.
 */
function icon(paths: readonly string[]): IconComponent {
  return function Icon({ size = 24, ...rest }: IconProps) {
    return (
      <svg
        xmlns="http://www.w3.org/2000/svg"
        width={size}
        height={size}
        viewBox="0 0 24 24"
        fill="none"
        stroke="currentColor"
        strokeWidth={2}
        strokeLinecap="round"
        strokeLinejoin="round"
        aria-hidden
        focusable="false"
        {...rest}
      >
        {paths.map((d) => (
          <path key={d} d={d} />
        ))}
      </svg>
    );
  };
}

export const IconStore = icon([
  'M3 21h18',
  'M3 7v1a3 3 0 0 0 6 0v-1m0 1a3 3 0 0 0 6 0v-1m0 1a3 3 0 0 0 6 0v-1h-18l2 -4h14l2 4',
  'M5 21v-10.15',
  'M19 21v-10.15',
  'M9 21v-4a2 2 0 0 1 2 -2h2a2 2 0 0 1 2 2v4',
]);
export const IconCart = icon([
  'M4 19a2 2 0 1 0 4 0a2 2 0 1 0 -4 0',
  'M15 19a2 2 0 1 0 4 0a2 2 0 1 0 -4 0',
  'M17 17h-11v-14h-2',
  'M6 5l14 1l-1 7h-13',
]);
export const IconPackage = icon([
  'M12 3l8 4.5v9l-8 4.5l-8 -4.5v-9l8 -4.5',
  'M12 12l8 -4.5',
  'M12 12v9',
  'M12 12l-8 -4.5',
  'M16 5.25l-8 4.5',
]);
export const IconUser = icon(['M8 7a4 4 0 1 0 8 0a4 4 0 0 0 -8 0', 'M6 21v-2a4 4 0 0 1 4 -4h4a4 4 0 0 1 4 4v2']);
export const IconBarcode = icon([
  'M4 7v-1a2 2 0 0 1 2 -2h2',
  'M4 17v1a2 2 0 0 0 2 2h2',
  'M16 4h2a2 2 0 0 1 2 2v1',
  'M16 20h2a2 2 0 0 0 2 -2v-1',
  'M5 11h1v2h-1z',
  'M10 11v2',
  'M14 11h1v2h-1z',
  'M19 11v2',
]);
export const IconClipboardList = icon([
  'M9 5h-2a2 2 0 0 0 -2 2v12a2 2 0 0 0 2 2h10a2 2 0 0 0 2 -2v-12a2 2 0 0 0 -2 -2h-2',
  'M9 5a2 2 0 0 1 2 -2h2a2 2 0 0 1 2 2a2 2 0 0 1 -2 2h-2a2 2 0 0 1 -2 -2z',
  'M9 12h.01',
  'M13 12h2',
  'M9 16h.01',
  'M13 16h2',
]);
export const IconPackageImport = icon([
  'M12 21l-8 -4.5v-9l8 -4.5l8 4.5v4.5',
  'M12 12l8 -4.5',
  'M12 12v9',
  'M12 12l-8 -4.5',
  'M22 18h-7',
  'M18 15l-3 3l3 3',
]);
export const IconAlertTriangle = icon([
  'M12 9v4',
  'M10.363 3.591l-8.106 13.534a1.914 1.914 0 0 0 1.636 2.871h16.214a1.914 1.914 0 0 0 1.636 -2.87l-8.106 -13.536a1.914 1.914 0 0 0 -3.274 0z',
  'M12 16h.01',
]);
export const IconBolt = icon(['M13 3v7h6l-8 11v-7h-6l8 -11']);
export const IconX = icon(['M18 6l-12 12', 'M6 6l12 12']);
export const IconBackspace = icon([
  'M20 6a1 1 0 0 1 1 1v10a1 1 0 0 1 -1 1h-11l-5 -5a1.5 1.5 0 0 1 0 -2l5 -5z',
  'M12 10l4 4m0 -4l-4 4',
]);
export const IconMinus = icon(['M5 12h14']);
export const IconPlus = icon(['M12 5v14', 'M5 12h14']);
export const IconPlusMinus = icon(['M4 7h6', 'M7 4v6', 'M20 18h-6', 'M5 19l14 -14']);
export const IconCameraOff = icon([
  'M8.297 4.289a.997 .997 0 0 1 .703 -.289h6a1 1 0 0 1 1 1a2 2 0 0 0 2 2h1a2 2 0 0 1 2 2v8m-1.187 2.828c-.249 .11 -.524 .172 -.813 .172h-14a2 2 0 0 1 -2 -2v-9a2 2 0 0 1 2 -2h1c.298 0 .58 -.065 .834 -.181',
  'M10.422 10.448a3 3 0 1 0 4.15 4.098',
  'M3 3l18 18',
]);
