/**
 * The moderation model that ships with Guild: `shipped/guild-default.model`, built by
 * `npx tsx src/moderation/model/build-shipped-model.ts` from the public data sets and Guild's
 * seed sentences. It is found beside this module (src/ under tsx or vitest, or dist/ when the
 * build copies it there) and, failing that, in the source tree from a compiled dist/.
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { deserializeModel, type ModerationModel } from './classifier.js';

/** File name of the shipped model. */
export const SHIPPED_MODEL_NAME = 'guild-default.model';

const here = path.dirname(fileURLToPath(import.meta.url));

/** Where the shipped model is written by the build script (in the source tree). */
export const SHIPPED_MODEL_SOURCE_PATH = path.resolve(
  here,
  '../../../src/moderation/model/shipped',
  SHIPPED_MODEL_NAME,
);

/** The shipped model's file: beside this module if present, else in the source tree. */
export function shippedModelPath(): string {
  const beside = path.join(here, 'shipped', SHIPPED_MODEL_NAME);
  return existsSync(beside) ? beside : SHIPPED_MODEL_SOURCE_PATH;
}

let cached: ModerationModel | null = null;

/** Loads the shipped model (once; later calls return the same instance). */
export function loadShippedModel(): ModerationModel {
  if (cached === null) {
    const file = shippedModelPath();
    if (!existsSync(file)) {
      throw new Error(
        `Guild's shipped moderation model is missing at ${file}; ` +
          'build it with: npx tsx src/moderation/model/build-shipped-model.ts',
      );
    }
    cached = deserializeModel(readFileSync(file));
  }
  return cached;
}
