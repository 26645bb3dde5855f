import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

/**
 * The admin UI build. `npm ci` / `npm start` build it into renderer/dist, which the controller
 * serves at `/`. `npm run dev` serves it with hot reload and proxies the API (REST, the event
 * stream and the console relay) to a controller started separately with `npm run serve`.
 */
const controller = process.env.STELLAR_DEV_CONTROLLER ?? 'http://127.0.0.1:8420';

export default defineConfig({
  root: fileURLToPath(new URL('.', import.meta.url)),
  base: '/',
  plugins: [react()],
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    target: 'es2022',
    // xterm and the charts load with the server page, not with the first paint.
    chunkSizeWarningLimit: 600,
  },
  server: {
    host: '127.0.0.1',
    port: 5173,
    proxy: {
      // Only the API: '/api' alone would also swallow the UI's own module /api/client.ts.
      '/api/v1': {
        target: controller,
        ws: true,
        // The controller compares Origin with Host; both must name the controller.
        changeOrigin: true,
        // The controller's CSRF check wants cookie-authenticated changes from its own origin;
        // through the proxy the page's origin is Vite's, so present the controller's instead.
        configure: (proxy) => {
          proxy.on('proxyReq', (request) => request.setHeader('origin', controller));
          proxy.on('proxyReqWs', (request) => request.setHeader('origin', controller));
        },
      },
    },
  },
});
