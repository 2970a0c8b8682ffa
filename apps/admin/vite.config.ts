import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

// Served by the API at /admin/ (apps/api/src/platform/admin-static.ts); `npm run build` builds it.
export default defineConfig({
  root: import.meta.dirname,
  base: '/admin/',
  plugins: [react()],
  build: { outDir: 'dist', emptyOutDir: true },
  server: { proxy: { '/api': 'http://localhost:3000', '/socket.io': { target: 'ws://localhost:3000', ws: true } } },
});
