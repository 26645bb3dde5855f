import type { StateCreator } from 'zustand';
import type { EventFrame } from '../../contracts/index.ts';
import type { AppStore } from './app-store.ts';
import { EMPTY_LIVE_DATA, reduceLiveData, type LiveData } from './live-reducer.ts';

export type StreamStatus = 'idle' | 'connecting' | 'live' | 'reconnecting';

export interface LiveSlice {
  live: LiveData;
  stream: { status: StreamStatus; since: number };
  applyFrame(frame: EventFrame): void;
  setStreamStatus(status: StreamStatus): void;
  resetLive(): void;
}

export const createLiveSlice: StateCreator<AppStore, [], [], LiveSlice> = (set) => ({
  live: EMPTY_LIVE_DATA,
  stream: { status: 'idle', since: Date.now() },
  applyFrame(frame) {
    set((state) => {
      const live = reduceLiveData(state.live, frame);
      return live === state.live ? state : { live };
    });
  },
  setStreamStatus(status) {
    set((state) => (state.stream.status === status ? state : { stream: { status, since: Date.now() } }));
  },
  resetLive() {
    set({ live: EMPTY_LIVE_DATA, stream: { status: 'idle', since: Date.now() }, blueprints: { items: null, error: null } });
  },
});
