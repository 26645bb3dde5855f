import { api } from '../api/client.ts';
import { EventStream } from '../live/event-stream.ts';
import { appStore } from '../store/index.ts';

/** The one event stream of the app, open exactly while someone is signed in. */
const stream = new EventStream({
  frame: (frame) => appStore.getState().applyFrame(frame),
  status: (status) => appStore.getState().setStreamStatus(status),
  signedOut: (reason) => appStore.getState().sessionEnded(reason),
  async sessionHolds() {
    try {
      await api.get('/auth/session');
      return true;
    } catch (error) {
      return (error as { code?: string }).code !== 'UNAUTHORIZED' && (error as { code?: string }).code !== 'ACCOUNT_SUSPENDED';
    }
  },
});

export function followSession(): () => void {
  const sync = (status: string) => (status === 'signed_in' ? stream.start() : stream.stop());
  sync(appStore.getState().session.status);
  return appStore.subscribe((state, previous) => {
    if (state.session.status !== previous.session.status) sync(state.session.status);
  });
}
