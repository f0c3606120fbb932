/**
 * `guild demo --real <folder>`: builds the `uk-gifts-real` tenant from the real data sets in
 * <folder> and runs the whole program on it (src/demo/real/). Steps print to stdout, progress
 * to stderr; a missing folder or file is bad input (exit 2).
 */
import { InvalidArgumentError } from 'commander';
import type { GuildConfig } from '../core/config/config.js';
import type { Database } from '../core/db/database.js';
import { createLogger } from '../core/logging/logger.js';
import { locateRealFiles, RealDataMissing } from '../demo/real/real-data.js';
import { RealDemoExists, seedRealDemo } from '../demo/real/real-demo.js';

export interface DemoRealSizes {
  members?: number;
  posts?: number;
  ordersShare?: number;
}

/** Checks the folder before any database is opened; throws InvalidArgumentError. */
export function checkRealFolder(folder: string | true): string {
  if (folder === true || folder.trim() === '') {
    throw new InvalidArgumentError('--real needs the data folder, e.g. --real ../shared/data.');
  }
  try {
    locateRealFiles(folder);
  } catch (error) {
    if (error instanceof RealDataMissing) {
      throw new InvalidArgumentError(error.message);
    }
    throw error;
  }
  return folder;
}

/** Runs the real-data demo; a second run is refused as bad input. */
export async function runDemoReal(
  config: GuildConfig,
  withDatabase: <T>(work: (db: Database) => Promise<T>) => Promise<T>,
  folder: string | true,
  sizes: DemoRealSizes,
): Promise<void> {
  const checked = checkRealFolder(folder);
  const logger = createLogger('warn', false);
  try {
    await withDatabase((db) =>
      seedRealDemo(db, checked, {
        ...sizes,
        dataDir: config.imports.dataDir,
        logger,
        say: (line) => console.log(line),
        progress: (line) => console.error(line),
      }),
    );
  } catch (error) {
    if (error instanceof RealDemoExists || error instanceof RealDataMissing) {
      throw new InvalidArgumentError(error.message);
    }
    throw error;
  }
}
