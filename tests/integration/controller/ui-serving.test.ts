import assert from 'node:assert/strict';
import { mkdir, rm, writeFile } from 'node:fs/promises';
import { request } from 'node:http';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { api, assertError, startTestApp, tempDir, type TestApp } from '../../support/controller.ts';

/**
 * The controller serves the admin UI's build at `/`. A fake build stands in for Vite's output
 * (index.html plus hashed assets/); the real build is tested with the renderer.
 */

const INDEX_HTML = '<!doctype html><html><head><script type="module" src="/assets/app-abc123.js"></script></head><body>ui-index-marker</body></html>';
const APP_JS = 'console.log("app-abc123");';
const CSP = "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; font-src 'self' data:; connect-src 'self' ws: wss:; frame-ancestors 'none'; base-uri 'none'; form-action 'self'; object-src 'none'";
const SEED_LIMITS = { general: 60, auth: 10, admin: 30, windowMs: 60_000 };

function assertHtmlSecurityHeaders(res: Response): void {
  assert.equal(res.headers.get('content-security-policy'), CSP);
  assert.equal(res.headers.get('x-content-type-options'), 'nosniff');
  assert.equal(res.headers.get('referrer-policy'), 'no-referrer');
  assert.equal(res.headers.get('x-frame-options'), 'DENY');
}

async function assertAppPage(base: string, path: string): Promise<void> {
  const res = await fetch(`${base}${path}`);
  assert.equal(res.status, 200, path);
  assert.match(res.headers.get('content-type') ?? '', /^text\/html/, path);
  assert.equal(res.headers.get('cache-control'), 'no-cache', path);
  assertHtmlSecurityHeaders(res);
  assert.equal(await res.text(), INDEX_HTML, path);
}

/** A raw request, so paths like /../x reach the server as written (fetch would normalise them). */
function rawGet(base: string, path: string): Promise<{ status: number; body: string }> {
  const url = new URL(base);
  return new Promise((resolve, reject) => {
    const req = request({ host: url.hostname, port: url.port, path, method: 'GET' }, (res) => {
      let body = '';
      res.setEncoding('utf8').on('data', (chunk: string) => (body += chunk)).on('end', () => resolve({ status: res.statusCode ?? 0, body }));
    });
    req.on('error', reject);
    req.end();
  });
}

describe('the admin UI build, served at /', () => {
  let app: TestApp;
  let root: string;
  let uiDir: string;

  before(async () => {
    root = await tempDir('ui');
    uiDir = join(root, 'dist');
    await mkdir(join(uiDir, 'assets'), { recursive: true });
    await writeFile(join(uiDir, 'index.html'), INDEX_HTML);
    await writeFile(join(uiDir, 'assets', 'app-abc123.js'), APP_JS);
    await writeFile(join(uiDir, 'favicon.svg'), '<svg xmlns="http://www.w3.org/2000/svg"/>');
    await writeFile(join(uiDir, '.build-hash'), 'build-hash-marker');
    await writeFile(join(root, 'secret.txt'), 'outside-marker');
    app = await startTestApp({ uiDir, rateLimits: SEED_LIMITS });
  });
  after(async () => {
    await app.close();
    await rm(root, { recursive: true, force: true });
  });

  test('GET / is index.html, revalidated on every load, with the security headers', async () => {
    await assertAppPage(app.url, '/');
    const head = await fetch(`${app.url}/`, { method: 'HEAD' });
    assert.equal(head.status, 200);
    assert.equal(await head.text(), '');
  });

  test('any other path outside /api/ is the app (it routes in the browser)', async () => {
    for (const path of ['/servers/srv_x', '/servers/srv_x/console', '/nodes', '/index.html', '/deep/path/?tab=files']) await assertAppPage(app.url, path);
  });

  test('hashed assets are cached for good; other files briefly; both nosniff', async () => {
    const asset = await fetch(`${app.url}/assets/app-abc123.js`);
    assert.equal(asset.status, 200);
    assert.equal(asset.headers.get('cache-control'), 'public, max-age=31536000, immutable');
    assert.equal(asset.headers.get('x-content-type-options'), 'nosniff');
    assert.match(asset.headers.get('content-type') ?? '', /javascript/);
    assert.equal(await asset.text(), APP_JS);

    const icon = await fetch(`${app.url}/favicon.svg`);
    assert.equal(icon.status, 200);
    assert.equal(icon.headers.get('cache-control'), 'public, max-age=300');
    assert.equal(icon.headers.get('x-content-type-options'), 'nosniff');
    assert.match(icon.headers.get('content-type') ?? '', /^image\/svg\+xml/);
  });

  test('a missing asset is a plain 404, never the app page', async () => {
    for (const path of ['/assets/app-old999.js', '/assets/', '/assets/nested/missing.css']) {
      const res = await fetch(`${app.url}${path}`);
      assert.equal(res.status, 404, path);
      assert.match(res.headers.get('content-type') ?? '', /^text\/plain/, path);
      assert.doesNotMatch(await res.text(), /ui-index-marker/, path);
    }
  });

  test('unknown paths under /api/ keep the JSON 404 envelope', async () => {
    for (const path of ['/api/v1/nope', '/api/v2/users/me', '/api', '/api/', '/%61pi/v1/nope']) {
      assertError(await api(app.url, `${app.url}${path}`), 404, 'NOT_FOUND', {});
    }
    // The router's own answer to an over-long parameter is not swallowed by the UI's catch-all.
    assertError(await api(app.url, `/api/v1/servers/${'a'.repeat(200)}`), 400, 'BAD_REQUEST');
  });

  test('nothing outside the build, and no hidden file in it, is served', async () => {
    for (const path of ['/../secret.txt', '/assets/../../secret.txt', '/%2e%2e/secret.txt', '/assets/%2e%2e%2f%2e%2e%2fsecret.txt', '/..%2fsecret.txt', '/.build-hash', '/assets/..%5c..%5csecret.txt']) {
      const res = await rawGet(app.url, path);
      assert.ok(res.status < 500, `${path}: ${res.status}`);
      assert.doesNotMatch(res.body, /outside-marker|build-hash-marker/, path);
    }
  });

  test('pages and files do not spend the API rate limit; the API still counts', async () => {
    const first = await api(app.url, '/api/v1/openapi.json');
    const remaining = Number(first.headers.get('x-ratelimit-remaining'));
    // More page loads' worth of files than the whole general budget of 60.
    for (let i = 0; i < 25; i++) {
      for (const path of ['/', '/servers/srv_x', '/assets/app-abc123.js', '/favicon.svg']) {
        assert.equal((await fetch(`${app.url}${path}`)).status, 200, path);
      }
    }
    const afterwards = await api(app.url, '/api/v1/openapi.json');
    assert.equal(afterwards.status, 200);
    assert.equal(Number(afterwards.headers.get('x-ratelimit-remaining')), remaining - 1);
    const notFound = await api(app.url, '/api/v1/nope');
    assert.equal(Number(notFound.headers.get('x-ratelimit-remaining')), remaining - 2, 'an API 404 counts');
  });
});

describe('the admin UI when it is not built', () => {
  let app: TestApp;
  let uiDir: string;

  before(async () => {
    uiDir = join(await tempDir('ui-missing'), 'dist');
    app = await startTestApp({ uiDir });
  });
  after(async () => {
    await app.close();
    await rm(join(uiDir, '..'), { recursive: true, force: true });
  });

  test('GET / is a 503 page that says to run npm run build, with the same security headers; the API keeps working', async () => {
    for (const path of ['/', '/servers/srv_x']) {
      const res = await fetch(`${app.url}${path}`);
      assert.equal(res.status, 503, path);
      assert.match(res.headers.get('content-type') ?? '', /^text\/html/);
      assertHtmlSecurityHeaders(res);
      const html = await res.text();
      assert.match(html, /not built/i);
      assert.match(html, /npm run build/);
    }
    assert.equal((await fetch(`${app.url}/assets/app-abc123.js`)).status, 404);
    assert.equal((await api(app.url, '/api/v1/openapi.json')).status, 200);
  });

  test('a build that appears while the controller runs is served from the next request on', async () => {
    await mkdir(uiDir, { recursive: true });
    assert.equal((await fetch(`${app.url}/`)).status, 503, 'a folder without index.html is not a build');
    await writeFile(join(uiDir, 'index.html'), INDEX_HTML);
    await assertAppPage(app.url, '/');
  });
});
