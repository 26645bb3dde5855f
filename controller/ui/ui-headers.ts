/**
 * The admin UI is same-origin only: its scripts and styles come from the controller, it talks
 * to the controller's API and WebSockets (the console relay, or a node's console on another
 * port, hence ws:/wss:), and no other site may frame it. Inline styles stay allowed because
 * React components set sizes and positions (the virtualised lists) through style attributes.
 */
export const UI_CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data:",
  "font-src 'self' data:",
  "connect-src 'self' ws: wss:",
  "frame-ancestors 'none'",
  "base-uri 'none'",
  "form-action 'self'",
  "object-src 'none'",
].join('; ');

/** On every file the UI serves: a script is never sniffed into something else. */
export const NOSNIFF = { 'X-Content-Type-Options': 'nosniff' } as const;

/** On every HTML page the UI serves. */
export const HTML_SECURITY_HEADERS = {
  'Content-Security-Policy': UI_CONTENT_SECURITY_POLICY,
  ...NOSNIFF,
  'Referrer-Policy': 'no-referrer',
  'X-Frame-Options': 'DENY',
} as const;
