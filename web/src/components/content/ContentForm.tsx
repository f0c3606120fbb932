import { type FormEvent, useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ApiError } from '../../api/client';
import {
  PLATFORMS,
  type Platform,
  uploadImage,
  type Version,
  type VersionInput,
} from '../../api/content';
import { toApiError } from '../../api/useResource';
import { ErrorAlert } from '../ErrorAlert';

interface ContentFormProps {
  /** The version to start from (an edit after changes were asked for). */
  initial?: Version | null;
  label: string;
  submitLabel: string;
  onSubmit: (input: VersionInput) => Promise<void>;
}

interface Image {
  uploadId: string;
  name: string;
  altText: string;
}

/**
 * What an ambassador writes for a submission: title, text, links, target platforms, market,
 * whether it is paid, and images (uploaded at once; the server accepts PNG, JPEG, WebP, GIF).
 */
export function ContentForm({ initial, label, submitLabel, onSubmit }: ContentFormProps) {
  const { t } = useTranslation();
  const id = useId();
  const [title, setTitle] = useState(initial?.title ?? '');
  const [body, setBody] = useState(initial?.body ?? '');
  const [links, setLinks] = useState((initial?.links ?? []).join('\n'));
  const [platforms, setPlatforms] = useState<ReadonlySet<Platform>>(
    new Set((initial?.platforms ?? ['instagram']) as Platform[]),
  );
  const [market, setMarket] = useState(initial?.market ?? '');
  const [declaredPaid, setDeclaredPaid] = useState(initial?.declaredPaid ?? false);
  const [images, setImages] = useState<Image[]>(
    (initial?.media ?? [])
      .filter((m) => m.uploadId)
      .map((m) => ({
        uploadId: m.uploadId ?? '',
        name: m.altText ?? '',
        altText: m.altText ?? '',
      })),
  );
  const [pending, setPending] = useState(false);
  const [error, setError] = useState<ApiError | null>(null);

  const toggle = (platform: Platform, on: boolean) =>
    setPlatforms((current) => {
      const next = new Set(current);
      if (on) {
        next.add(platform);
      } else {
        next.delete(platform);
      }
      return next;
    });

  const handleFile = async (file: File | undefined) => {
    if (!file) {
      return;
    }
    setError(null);
    try {
      const stored = await uploadImage(file);
      setImages((current) => [
        ...current,
        { uploadId: stored.id, name: stored.displayName, altText: '' },
      ]);
    } catch (caught) {
      setError(toApiError(caught));
    }
  };

  const handleSubmit = async (event: FormEvent) => {
    event.preventDefault();
    setPending(true);
    setError(null);
    try {
      await onSubmit({
        title: title.trim() || null,
        body,
        links: links
          .split('\n')
          .map((line) => line.trim())
          .filter(Boolean),
        media: images.map((image) => ({
          kind: 'image' as const,
          uploadId: image.uploadId,
          altText: image.altText.trim() || null,
        })),
        platforms: [...platforms],
        market: market.trim() || null,
        declaredPaid,
      });
    } catch (caught) {
      setError(toApiError(caught));
    } finally {
      setPending(false);
    }
  };

  return (
    <form className="stack" aria-label={label} onSubmit={(event) => void handleSubmit(event)}>
      <div className="field">
        <label htmlFor={`${id}-title`}>{t('content.form.title')}</label>
        <input
          id={`${id}-title`}
          type="text"
          maxLength={200}
          value={title}
          onChange={(e) => setTitle(e.target.value)}
        />
      </div>
      <div className="field">
        <label htmlFor={`${id}-body`}>{t('content.form.body')}</label>
        <textarea
          id={`${id}-body`}
          rows={5}
          maxLength={10_000}
          required
          value={body}
          onChange={(e) => setBody(e.target.value)}
        />
      </div>
      <div className="field">
        <label htmlFor={`${id}-links`}>{t('content.form.links')}</label>
        <textarea
          id={`${id}-links`}
          rows={2}
          value={links}
          onChange={(e) => setLinks(e.target.value)}
        />
      </div>
      <fieldset className="checkbox-group">
        <legend>{t('content.form.platforms')}</legend>
        {PLATFORMS.map((platform) => (
          <label key={platform} className="checkbox-field">
            <input
              type="checkbox"
              checked={platforms.has(platform)}
              onChange={(event) => toggle(platform, event.target.checked)}
            />{' '}
            {t(`content.channel.${platform}`)}
          </label>
        ))}
      </fieldset>
      <div className="field">
        <label htmlFor={`${id}-market`}>{t('content.form.market')}</label>
        <input
          id={`${id}-market`}
          type="text"
          maxLength={8}
          value={market}
          onChange={(e) => setMarket(e.target.value)}
        />
      </div>
      <label className="checkbox-field">
        <input
          type="checkbox"
          checked={declaredPaid}
          onChange={(e) => setDeclaredPaid(e.target.checked)}
        />{' '}
        {t('content.form.declaredPaid')}
      </label>
      <div className="field">
        <label htmlFor={`${id}-image`}>{t('content.form.image')}</label>
        <input
          id={`${id}-image`}
          type="file"
          accept="image/png,image/jpeg,image/webp,image/gif"
          onChange={(event) => void handleFile(event.target.files?.[0])}
        />
      </div>
      {images.map((image, index) => (
        <div key={image.uploadId} className="field">
          <label htmlFor={`${id}-alt-${index}`}>
            {t('content.form.altText', { name: image.name })}
          </label>
          <input
            id={`${id}-alt-${index}`}
            type="text"
            maxLength={500}
            value={image.altText}
            onChange={(e) =>
              setImages((current) =>
                current.map((item, i) =>
                  i === index ? { ...item, altText: e.target.value } : item,
                ),
              )
            }
          />
        </div>
      ))}
      <button type="submit" className="button primary" disabled={pending || platforms.size === 0}>
        {submitLabel}
      </button>
      <ErrorAlert error={error} />
    </form>
  );
}
