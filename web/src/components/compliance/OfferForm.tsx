import { useEffect, useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Place } from '../../api/ambassadors';
import type { ApiError } from '../../api/client';
import { type ContractTemplate, loadOfferablePlaces, offerContract } from '../../api/contracts';
import { toApiError } from '../../api/useResource';
import { AmbassadorError } from '../ambassadors/AmbassadorError';
import { useAction } from '../ambassadors/useAction';
import { announce } from '../announcer';

const DAY = 86_400_000;

/** `2026-12-05` for a date input, `days` from today. */
function dayInput(days: number): string {
  return new Date(Date.now() + days * DAY).toISOString().slice(0, 10);
}

/**
 * Offers a published template's current version to one of the program's ambassadors (taken on
 * and not gone), for a term: it starts at the start of the first day and ends at the end of
 * the last, in UTC.
 */
export function OfferForm({
  programId,
  templates,
  onOffered,
}: {
  programId: string;
  templates: ContractTemplate[];
  onOffered: () => void;
}) {
  const { t } = useTranslation();
  const id = useId();
  const action = useAction();
  const [places, setPlaces] = useState<Place[] | null>(null);
  const [placesError, setPlacesError] = useState<ApiError | null>(null);
  const [templateId, setTemplateId] = useState('');
  const [ambassadorId, setAmbassadorId] = useState('');
  const [starts, setStarts] = useState(() => dayInput(0));
  const [ends, setEnds] = useState(() => dayInput(365));
  const published = templates.filter((template) => template.status === 'published');

  useEffect(() => {
    let live = true;
    loadOfferablePlaces(programId)
      .then((loaded) => live && setPlaces(loaded))
      .catch((caught: unknown) => live && setPlacesError(toApiError(caught)));
    return () => {
      live = false;
    };
  }, [programId]);

  const chosenTemplate = templateId || published[0]?.id || '';
  const chosenPlace = ambassadorId || places?.[0]?.id || '';

  return (
    <form
      className="stack card"
      aria-label={t('contracts.offer.form')}
      onSubmit={(event) => {
        event.preventDefault();
        const place = places?.find((item) => item.id === chosenPlace);
        void action.run(async () => {
          await offerContract({
            templateId: chosenTemplate,
            ambassadorId: chosenPlace,
            startsAt: new Date(`${starts}T00:00:00Z`).toISOString(),
            endsAt: new Date(`${ends}T23:59:59Z`).toISOString(),
          });
          announce(t('contracts.offer.done', { name: place?.displayName ?? '' }));
          onOffered();
        });
      }}
    >
      <h3>{t('contracts.offer.form')}</h3>
      {published.length === 0 ? <p className="muted">{t('contracts.offer.noTemplate')}</p> : null}
      {places !== null && places.length === 0 ? (
        <p className="muted">{t('contracts.offer.noAmbassadors')}</p>
      ) : null}
      <AmbassadorError error={placesError} />
      <div className="field-row">
        <div className="field">
          <label htmlFor={`${id}-template`}>{t('contracts.offer.template')}</label>
          <select
            id={`${id}-template`}
            value={chosenTemplate}
            onChange={(event) => setTemplateId(event.target.value)}
          >
            {published.map((template) => (
              <option key={template.id} value={template.id}>
                {t('contracts.offer.templateOption', {
                  title: template.title,
                  version: template.version,
                })}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor={`${id}-place`}>{t('contracts.offer.ambassador')}</label>
          <select
            id={`${id}-place`}
            value={chosenPlace}
            onChange={(event) => setAmbassadorId(event.target.value)}
          >
            {(places ?? []).map((place) => (
              <option key={place.id} value={place.id}>
                {t('contracts.offer.placeOption', {
                  name: place.displayName,
                  username: place.username,
                  state: t(`ambassadors.states.${place.state}`),
                })}
              </option>
            ))}
          </select>
        </div>
      </div>
      <div className="field-row">
        <div className="field">
          <label htmlFor={`${id}-starts`}>{t('contracts.offer.starts')}</label>
          <input
            id={`${id}-starts`}
            type="date"
            required
            value={starts}
            onChange={(event) => setStarts(event.target.value)}
          />
        </div>
        <div className="field">
          <label htmlFor={`${id}-ends`}>{t('contracts.offer.ends')}</label>
          <input
            id={`${id}-ends`}
            type="date"
            required
            min={starts}
            value={ends}
            onChange={(event) => setEnds(event.target.value)}
          />
        </div>
      </div>
      <div className="actions">
        <button
          type="submit"
          className="button primary"
          disabled={action.pending || chosenTemplate === '' || chosenPlace === ''}
          aria-busy={action.pending}
        >
          {t('contracts.offer.submit')}
        </button>
      </div>
      <AmbassadorError error={action.error} />
    </form>
  );
}
