import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { UI_CONTENT_SECURITY_POLICY } from '../../../controller/index.ts';
import { hardenWebContents } from '../../../main/security.ts';
import { FakeWebContents } from '../../support/main/fake-electron.ts';
import { runDesktop, type DesktopRun } from '../../support/main/helpers.ts';

describe('the window\'s security (main/security.ts, main/windows.ts)', () => {
  let run: DesktopRun;
  let origin: string;
  before(async () => {
    run = await runDesktop();
    origin = run.desktop!.controller!.url;
  });
  after(() => run.cleanup());

  test('an isolated, sandboxed renderer with no Node, web security on, and the compiled preload', () => {
    const prefs = run.electron.windows[0]!.options.webPreferences!;
    assert.equal(prefs.contextIsolation, true);
    assert.equal(prefs.sandbox, true);
    assert.equal(prefs.nodeIntegration, false);
    assert.equal(prefs.nodeIntegrationInWorker, false);
    assert.equal(prefs.nodeIntegrationInSubFrames, false);
    assert.equal(prefs.webSecurity, true);
    assert.equal(prefs.allowRunningInsecureContent, false);
    assert.equal(prefs.webviewTag, false);
    assert.equal(prefs.preload, '/app/out/main/preload.cjs');
    assert.ok(!('enableRemoteModule' in prefs), 'no remote module');
  });

  test('navigation stays on the controller\'s origin: other origins, ports and schemes are prevented', () => {
    const contents = run.electron.windows[0]!.webContents;
    assert.equal(contents.navigate(`${origin}/servers`), true, 'our own pages');
    for (const url of ['https://evil.example/', 'http://127.0.0.1:1/', 'http://localhost' + new URL(origin).port, 'file:///etc/passwd', 'javascript:alert(1)', 'data:text/html,hi']) {
      assert.equal(contents.navigate(url), false, `will-navigate ${url}`);
      assert.equal(contents.navigate(url, 'will-redirect'), false, `will-redirect ${url}`);
    }
    assert.equal(contents.getURL(), `${origin}/servers`);
  });

  test('window.open never makes a window: external http(s) goes to the browser, anything else nowhere', async () => {
    const contents = run.electron.windows[0]!.webContents;
    run.electron.opened.length = 0;
    for (const url of ['https://github.com/stellarstack', 'http://teammate.lan:8420/', 'file:///etc/passwd', 'javascript:alert(1)', 'smb://nas/share', 'stellar://x']) {
      assert.equal(contents.open(url), 'deny', url);
    }
    await new Promise((resolve) => setImmediate(resolve));
    assert.deepEqual(run.electron.opened, ['https://github.com/stellarstack', 'http://teammate.lan:8420/']);
    // A link to one of our own pages opens in this window instead.
    assert.equal(contents.open(`${origin}/nodes`), 'deny');
    await new Promise((resolve) => setImmediate(resolve));
    assert.equal(contents.getURL(), `${origin}/nodes`);
    assert.equal(run.electron.opened.length, 2);
  });

  test('<webview> cannot be attached', () => {
    const contents = run.electron.windows[0]!.webContents;
    const event = { prevented: false, preventDefault() { this.prevented = true; } };
    contents.emit('will-attach-webview', event);
    assert.equal(event.prevented, true);
  });

  test('permissions are denied (camera, microphone, location, notifications, clipboard reading, …); only our pages may write the clipboard', () => {
    const session = run.electron.session.defaultSession;
    const contents = run.electron.windows[0]!.webContents;
    for (const permission of ['media', 'geolocation', 'notifications', 'midi', 'openExternal', 'clipboard-read', 'display-capture', 'fullscreen', 'pointerLock', 'hid', 'serial', 'usb']) {
      assert.equal(session.request(contents, permission, `${origin}/`), false, permission);
      assert.equal(session.checkHandler!(contents, permission, origin), false, `check ${permission}`);
    }
    assert.equal(session.request(contents, 'clipboard-sanitized-write', `${origin}/settings`), true, 'copy buttons work');
    assert.equal(session.request(contents, 'clipboard-sanitized-write', 'https://evil.example/'), false);
    assert.equal(session.checkHandler!(contents, 'clipboard-sanitized-write', 'https://evil.example'), false);
  });

  test('every response from our origin carries the UI\'s Content-Security-Policy, replacing a weaker one; other origins are left alone', () => {
    const session = run.electron.session.defaultSession;
    const ours = session.respond(`${origin}/`, { 'content-type': ['text/html'], 'content-security-policy': ["default-src *"] });
    assert.deepEqual(ours['Content-Security-Policy'], [UI_CONTENT_SECURITY_POLICY]);
    assert.equal(ours['content-security-policy'], undefined, 'the weaker one is gone');
    assert.deepEqual(ours['content-type'], ['text/html']);
    const api = session.respond(`${origin}/api/v1/servers`, { 'content-type': ['application/json'] });
    assert.deepEqual(api['Content-Security-Policy'], [UI_CONTENT_SECURITY_POLICY]);
    const other = session.respond('https://cdn.example/x.js', { 'content-type': ['text/javascript'] });
    assert.equal(other['Content-Security-Policy'], undefined);
    assert.match(UI_CONTENT_SECURITY_POLICY, /script-src 'self'/);
    assert.doesNotMatch(UI_CONTENT_SECURITY_POLICY, /unsafe-eval/);
  });

  test('any other webContents the app makes gets the same navigation rules', () => {
    const stray = new FakeWebContents();
    run.electron.appEvents.emit('web-contents-created', {}, stray);
    assert.equal(stray.navigate('https://evil.example/'), false);
    assert.equal(stray.open('https://evil.example/'), 'deny');
  });

  test('hardening the same webContents twice adds its listeners once', () => {
    const contents = new FakeWebContents();
    hardenWebContents(contents, origin, run.electron.shell);
    hardenWebContents(contents, origin, run.electron.shell);
    assert.equal(contents.listenerCount('will-navigate'), 1);
  });
});
