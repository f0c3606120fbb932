/**
 * Fails the test during which Guild sent a statement on a server connection while another was
 * still running on it (pg queues it today, warns once, and will refuse it in its next major).
 * Statements of one transaction must be awaited one after another.
 */
import { afterEach } from 'vitest';

let seen: Error | null = null;

process.on('warning', (warning) => {
  if (/already executing a query/.test(warning.message)) {
    seen = warning;
  }
});

afterEach(() => {
  if (seen) {
    const warning = seen;
    seen = null;
    throw new Error(
      'Two statements were sent at once on one database connection (a Promise.all over one ' +
        `transaction?): ${warning.stack ?? warning.message}`,
    );
  }
});
