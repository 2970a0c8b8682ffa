/**
 * Whether this page's first screen was drawn by the server (app/first-screen.ts says so before
 * hydrating): the first render must then be the server's, card for card.
 */
let drawn = false;

export const markDrawnByServer = (): void => {
  drawn = true;
};

export const drawnByServer = (): boolean => import.meta.env.SSR || drawn;
