import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { createApiClient } from '../../../renderer/api/client.ts';
import { createAppStore } from '../../../renderer/store/app-store.ts';
import { PASSWORD, startTestApp, type TestApp } from '../../support/controller.ts';
import { waitFor } from '../../support/wait.ts';

/**
 * A fetch that behaves like the browser tab the UI runs in: it keeps the HttpOnly session
 * cookie the controller sets and sends the page's Origin, so the real cookie and CSRF paths run.
 */
function browserLikeFetch(origin: string): typeof fetch {
  let cookie: string | null = null;
  return async (input, init = {}) => {
    const headers = new Headers(init.headers);
    headers.set('origin', origin);
    if (cookie) headers.set('cookie', cookie);
    const response = await fetch(input, { ...init, headers });
    const set = response.headers.get('set-cookie');
    if (set) {
      const pair = set.split(';')[0]!;
      cookie = pair.endsWith('=') ? null : pair;
    }
    return response;
  };
}

describe('session slice against a real controller', () => {
  let app: TestApp;
  before(async () => {
    app = await startTestApp();
  });
  after(() => app.close());

  function storeFor() {
    return createAppStore({ api: createApiClient(`${app.url}/api/v1`, browserLikeFetch(app.url)) });
  }

  test('a fresh install asks for set-up; set-up signs the admin in by cookie', async () => {
    const store = storeFor();
    assert.equal(store.getState().session.status, 'loading');
    await store.getState().loadSession();
    assert.equal(store.getState().session.status, 'setup');

    await store.getState().signUp({ email: 'admin@example.com', name: 'Ada', password: PASSWORD });
    assert.equal(store.getState().session.status, 'signed_in');
    assert.equal(store.getState().session.user?.role, 'admin');

    // The cookie alone now proves who we are, as it does for a reloaded page.
    await store.getState().loadSession();
    assert.equal(store.getState().session.user?.email, 'admin@example.com');
  });

  test('sign-out revokes the session: the next load shows sign-in, not set-up', async () => {
    const store = storeFor();
    await store.getState().signIn('admin@example.com', PASSWORD);
    assert.equal(store.getState().session.status, 'signed_in');
    await store.getState().signOut();
    assert.equal(store.getState().session.status, 'signed_out');
    assert.equal(store.getState().session.signupOpen, false);
    await store.getState().loadSession();
    assert.equal(store.getState().session.status, 'signed_out');
  });

  test('a wrong password rejects with the API\'s code and leaves the user signed out', async () => {
    const store = storeFor();
    await store.getState().loadSession();
    await assert.rejects(store.getState().signIn('admin@example.com', 'wrong password'), { code: 'INVALID_CREDENTIALS' });
    assert.equal(store.getState().session.status, 'signed_out');
  });

  test('a session ended elsewhere empties live data and says why on the sign-in screen', async () => {
    const store = storeFor();
    await store.getState().signIn('admin@example.com', PASSWORD);
    store.getState().applyFrame({ type: 'snapshot', data: { servers: [], nodes: [], nodeStats: [] } });
    assert.equal(store.getState().live.loaded, true);
    store.getState().sessionEnded('Your session was revoked.');
    assert.equal(store.getState().live.loaded, false);
    await waitFor(() => store.getState().session.status === 'signed_out', { message: 'the sign-in screen' });
    assert.equal(store.getState().session.error, 'Your session was revoked.');
  });

  test('a controller that cannot be reached is its own state, not a sign-in form', async () => {
    const store = createAppStore({ api: createApiClient('http://127.0.0.1:9/api/v1') });
    await store.getState().loadSession();
    assert.equal(store.getState().session.status, 'unreachable');
    assert.match(store.getState().session.error ?? '', /Cannot reach the StellarStack controller/);
  });
});

