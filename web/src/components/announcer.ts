import { createStore, useStore } from '../api/store';

const messageStore = createStore<string>('');
let pending: number | undefined;

/** Says `message` through the polite live region (for results of async actions). */
export function announce(message: string): void {
  // Clearing first makes screen readers repeat a message that is the same as the last one.
  messageStore.set('');
  window.clearTimeout(pending);
  pending = window.setTimeout(() => messageStore.set(message), 50);
}

export function useAnnouncement(): string {
  return useStore(messageStore);
}
