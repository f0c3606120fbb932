/**
 * The evidence an ambassador sends for a mission: a text, links and media descriptions (no
 * upload: the media live where the ambassador posted them). Checked here, pure: links and
 * media addresses must be http or https, and the evidence must hold every kind the mission
 * requires.
 */
import { fail } from '../../core/errors/errors.js';

export const EVIDENCE_KINDS = ['link', 'text', 'media'] as const;
export type EvidenceKind = (typeof EVIDENCE_KINDS)[number];

export const MAX_LINKS = 10;
export const MAX_MEDIA = 10;
export const MAX_TEXT = 10_000;
const MAX_URL = 2048;

export interface MediaItem {
  url: string;
  kind: 'image' | 'video';
  width?: number | null;
  height?: number | null;
  altText?: string | null;
}

export interface EvidenceInput {
  text?: string | null;
  links?: readonly string[] | null;
  media?: readonly MediaItem[] | null;
}

export interface Evidence {
  text: string | null;
  links: string[];
  media: MediaItem[];
}

/** The address as Guild stores it, or null when it is not an absolute http(s) URL. */
export function webAddress(raw: string): string | null {
  const trimmed = raw.trim();
  if (trimmed === '' || trimmed.length > MAX_URL) {
    return null;
  }
  let url: URL;
  try {
    url = new URL(trimmed);
  } catch {
    return null;
  }
  if ((url.protocol !== 'http:' && url.protocol !== 'https:') || url.hostname === '') {
    return null;
  }
  if (url.username !== '' || url.password !== '') {
    return null;
  }
  return url.toString();
}

function dimension(value: number | null | undefined, field: string): number | null {
  if (value === null || value === undefined) {
    return null;
  }
  if (!Number.isInteger(value) || value < 1 || value > 100_000) {
    throw fail.validation(`"${field}" must be a whole number from 1 to 100000.`, { field });
  }
  return value;
}

/** Cleans `input` and checks it holds what `required` asks; throws `validation_failed`. */
export function checkEvidence(input: EvidenceInput, required: readonly EvidenceKind[]): Evidence {
  const text = (input.text ?? '').trim();
  if (text.length > MAX_TEXT) {
    throw fail.validation(`The text may be at most ${MAX_TEXT} characters.`, { field: 'text' });
  }
  const rawLinks = input.links ?? [];
  if (rawLinks.length > MAX_LINKS) {
    throw fail.validation(`At most ${MAX_LINKS} links.`, { field: 'links' });
  }
  const links: string[] = [];
  for (const [i, raw] of rawLinks.entries()) {
    const address = webAddress(raw);
    if (address === null) {
      throw fail.validation('Each link must be an http or https address.', {
        field: `links.${i}`,
      });
    }
    if (!links.includes(address)) {
      links.push(address);
    }
  }
  const rawMedia = input.media ?? [];
  if (rawMedia.length > MAX_MEDIA) {
    throw fail.validation(`At most ${MAX_MEDIA} media items.`, { field: 'media' });
  }
  const media: MediaItem[] = rawMedia.map((item, i) => {
    const address = webAddress(item.url);
    if (address === null) {
      throw fail.validation('Each media item needs an http or https address.', {
        field: `media.${i}.url`,
      });
    }
    if (item.kind !== 'image' && item.kind !== 'video') {
      throw fail.validation('A media item is an image or a video.', { field: `media.${i}.kind` });
    }
    const alt = (item.altText ?? '').trim().slice(0, 500);
    return {
      url: address,
      kind: item.kind,
      width: dimension(item.width, `media.${i}.width`),
      height: dimension(item.height, `media.${i}.height`),
      altText: alt === '' ? null : alt,
    };
  });
  const has: Record<EvidenceKind, boolean> = {
    text: text !== '',
    link: links.length > 0,
    media: media.length > 0,
  };
  const missing = required.filter((kind) => !has[kind]);
  if (missing.length > 0) {
    throw fail.validation(
      `This mission needs evidence of each kind: missing ${missing.join(', ')}.`,
      {
        field: 'evidence',
        missing,
      },
    );
  }
  if (!has.text && !has.link && !has.media) {
    throw fail.validation('Send a text, a link or a media item as evidence.', {
      field: 'evidence',
    });
  }
  return { text: text === '' ? null : text, links, media };
}
