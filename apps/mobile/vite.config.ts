import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';
import { VitePWA } from 'vite-plugin-pwa';

/**
 * Served by the API at / (apps/api/src/platform/admin-static.ts); `npm run build` builds it.
 * The service worker (generateSW, prompt mode, registered by src/lib/pwa.ts through
 * workbox-window) precaches the shell and keeps the last answers of the catalog and of the
 * customer's own orders and account for reading offline. Only the app's own calls are cached
 * (they carry `x-bodega-app: mobile`): the back office at /admin/ is inside the worker's scope.
 * The match functions are serialized into sw.js, so they reference nothing outside themselves.
 * The zxing decoder's wasm (the scanner's fallback where the browser has no BarcodeDetector,
 * ~400 KB Brotli) is not precached, or every customer's phone would download it: it is kept
 * cache-first when fetched, and the app fetches it in the background for warehouse staff
 * (features/scan/WarmScanner.tsx), so a warehouse phone that opened the app once scans offline.
 * Its name is hashed: a new copy is fetched only when zxing-wasm changes.
 * The catalog's page as the server last drew it for this customer (docs/decisions/0021) is kept
 * in `bodega-page` and answered at once on the next opening, while the worker asks the server for
 * a fresh one: the products are painted from the HTML before any script has run. A kept page is
 * used only while every script it names is in this worker's precache (after an update it names
 * the old version's files: the page is fetched again); a plain page (a session ended, a staff
 * user) removes it; sign-out clears the cache (src/lib/pwa.ts).
 */
export default defineConfig(({ isSsrBuild }) => ({
  root: import.meta.dirname,
  base: '/',
  // The renderer needs none of the app's icons and manifest files.
  publicDir: isSsrBuild ? false : 'public',
  plugins: [
    react(),
    // The server's first screen (src/entry-server.tsx, built with `build.ssr`) is no part of the worker.
    !isSsrBuild &&
      VitePWA({
        strategies: 'generateSW',
        registerType: 'prompt',
        injectRegister: false,
        filename: 'sw.js',
        includeAssets: ['favicon.svg', 'apple-touch-icon.png'],
        manifest: {
          id: '/',
          name: 'Bodega',
          short_name: 'Bodega',
          description: 'The catalog, your cart and your orders',
          start_url: '/',
          scope: '/',
          display: 'standalone',
          orientation: 'portrait',
          theme_color: '#0ca678',
          background_color: '#ffffff',
          icons: [
            { src: '/pwa-192x192.png', sizes: '192x192', type: 'image/png', purpose: 'any' },
            { src: '/pwa-512x512.png', sizes: '512x512', type: 'image/png', purpose: 'any' },
            { src: '/maskable-512x512.png', sizes: '512x512', type: 'image/png', purpose: 'maskable' },
          ],
        },
        workbox: {
          globPatterns: ['**/*.{js,css,html,svg,png,webmanifest}'],
          navigateFallback: '/index.html',
          navigateFallbackDenylist: [
            // The drawn catalog's own route below, which falls back to the same shell.
            /^\/catalog(\?|$)/,
            /^\/api\//,
            /^\/admin/,
            /^\/docs/,
            /^\/socket\.io/,
            /^\/media\//,
            /^\/health/,
            /^\/ready/,
          ],
          clientsClaim: true,
          cleanupOutdatedCaches: true,
          runtimeCaching: [
            {
              urlPattern: ({ url, request, sameOrigin }) =>
                sameOrigin && request.mode === 'navigate' && url.pathname === '/catalog',
              handler: 'StaleWhileRevalidate',
              options: {
                cacheName: 'bodega-page',
                matchOptions: { ignoreVary: true, ignoreSearch: true },
                // Offline with no page kept (or a kept page of another version): the shell.
                precacheFallback: { fallbackURL: '/index.html' },
                plugins: [
                  {
                    // Only a page the server drew is kept; a plain one means there is none to keep.
                    cacheWillUpdate: async ({ request, response }: { request: Request; response: Response }) => {
                      if (response.status === 200 && response.headers.get('x-bodega-page') === 'drawn') return response;
                      await caches.open('bodega-page').then((cache) => cache.delete(request, { ignoreSearch: true }));
                      return null;
                    },
                    // A page is this version's while the scripts it names are precached.
                    cachedResponseWillBeUsed: async ({ cachedResponse }: { cachedResponse?: Response }) => {
                      if (!cachedResponse) return null;
                      const scripts = (await cachedResponse.clone().text()).match(/\/assets\/[\w.-]+\.js/g) ?? [];
                      for (const script of scripts) if (!(await caches.match(script))) return null;
                      return scripts.length > 0 ? cachedResponse : null;
                    },
                  },
                ],
              },
            },
            {
              urlPattern: ({ url, request, sameOrigin }) =>
                sameOrigin &&
                request.headers.get('x-bodega-app') === 'mobile' &&
                /^\/api\/v1\/(products|categories)(\/|$)/.test(url.pathname),
              handler: 'NetworkFirst',
              options: {
                cacheName: 'bodega-catalog',
                networkTimeoutSeconds: 4,
                expiration: { maxEntries: 60 },
                cacheableResponse: { statuses: [200] },
                matchOptions: { ignoreVary: true },
              },
            },
            {
              urlPattern: ({ url, request, sameOrigin }) =>
                sameOrigin &&
                request.headers.get('x-bodega-app') === 'mobile' &&
                /^\/api\/v1\/orders(\/|$)/.test(url.pathname) &&
                !url.pathname.endsWith('/invoice'),
              handler: 'NetworkFirst',
              options: {
                cacheName: 'bodega-orders',
                networkTimeoutSeconds: 4,
                expiration: { maxEntries: 60 },
                cacheableResponse: { statuses: [200] },
                matchOptions: { ignoreVary: true },
              },
            },
            {
              urlPattern: ({ url, request, sameOrigin }) =>
                sameOrigin &&
                request.headers.get('x-bodega-app') === 'mobile' &&
                /^\/api\/v1\/(customers\/me|customers\/\d+\/statement|debts|payments)(\/|$)/.test(url.pathname),
              handler: 'NetworkFirst',
              options: {
                cacheName: 'bodega-account',
                networkTimeoutSeconds: 4,
                expiration: { maxEntries: 30 },
                cacheableResponse: { statuses: [200] },
                matchOptions: { ignoreVary: true },
              },
            },
            {
              urlPattern: ({ url, sameOrigin }) => sameOrigin && /^\/assets\/.+\.wasm$/.test(url.pathname),
              handler: 'CacheFirst',
              options: {
                cacheName: 'bodega-scanner',
                expiration: { maxEntries: 2 },
                cacheableResponse: { statuses: [200] },
              },
            },
            {
              urlPattern: ({ url, sameOrigin }) => sameOrigin && url.pathname.startsWith('/media/products/'),
              handler: 'CacheFirst',
              options: {
                cacheName: 'bodega-images',
                expiration: { maxEntries: 200, maxAgeSeconds: 30 * 24 * 3600 },
                cacheableResponse: { statuses: [200] },
              },
            },
          ],
        },
      }),
  ],
  // The first screen's renderer carries its dependencies: the API loads one file, whatever
  // node_modules it runs beside.
  ssr: { noExternal: true },
  build: {
    outDir: isSsrBuild ? 'dist-server' : 'dist',
    emptyOutDir: true,
    // The catalog route's budget (≤ 170 KB gzipped): the domain package and its time-zone
    // library have no side effects, so what the app does not call (calendar, reports) is dropped.
    rolldownOptions: {
      treeshake: { moduleSideEffects: (id: string) => !/packages\/domain\/|@date-fns\/tz/.test(id) },
    },
  },
  server: {
    proxy: {
      '/api': 'http://localhost:3000',
      '/media': 'http://localhost:3000',
      '/admin': 'http://localhost:3000',
      '/socket.io': { target: 'ws://localhost:3000', ws: true },
    },
  },
}));
