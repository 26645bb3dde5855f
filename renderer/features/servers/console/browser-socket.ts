import type { ConsoleRoute, RouteMemory, SocketFactory } from './console-connection.ts';

/** The console connection's socket factory, on the browser's WebSocket. */
export const browserSocketFactory: SocketFactory = (url, handlers) => {
  const socket = new WebSocket(url);
  socket.onopen = () => handlers.open();
  socket.onmessage = (event) => {
    if (typeof event.data === 'string') handlers.message(event.data);
  };
  socket.onclose = (event) => handlers.close(event.code, event.reason);
  // An error is always followed by close, which carries what the connection needs to know.
  socket.onerror = null;
  return {
    send: (text) => {
      if (socket.readyState === WebSocket.OPEN) socket.send(text);
    },
    close: (code, reason) => {
      socket.onopen = null;
      socket.onmessage = null;
      socket.onclose = null;
      if (socket.readyState === WebSocket.CONNECTING || socket.readyState === WebSocket.OPEN) socket.close(code, reason);
    },
  };
};

const ROUTE_KEY = 'stellarstack.console.route:';

/**
 * Which route worked, per node console URL, for this browser session: once a node's own port
 * proved unreachable, later consoles go straight to the relay instead of waiting again.
 */
export const sessionRouteMemory: RouteMemory = {
  get(consoleUrl) {
    try {
      const value = sessionStorage.getItem(ROUTE_KEY + consoleUrl);
      return value === 'relay' || value === 'direct' ? (value satisfies ConsoleRoute) : null;
    } catch {
      return null;
    }
  },
  set(consoleUrl, route) {
    try {
      sessionStorage.setItem(ROUTE_KEY + consoleUrl, route);
    } catch {
      // Storage refused (private window): the fallback is simply found again next time.
    }
  },
};
