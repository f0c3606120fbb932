/** Vitest global setup: migrates the template database once when testing on a server. */
import { dropTemplate, prepareTemplate, serverUrl } from './test-database.js';

export async function setup(): Promise<void> {
  const url = serverUrl();
  if (url !== null) {
    await prepareTemplate(url);
  }
}

export async function teardown(): Promise<void> {
  const url = serverUrl();
  if (url !== null) {
    await dropTemplate(url);
  }
}
