import { type FormEvent, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router-dom';
import { useSearch } from '../api/search';
import { useSpaces } from '../api/spaces';
import { announce } from '../components/announcer';
import { ErrorAlert } from '../components/ErrorAlert';
import { Loading } from '../components/Loading';
import { LoadMore } from '../components/LoadMore';
import { PageTitle } from '../components/PageTitle';
import { PostList } from '../components/PostList';
import { useFormat } from '../i18n/useFormat';

/** Full-text search over posts: `/search?q=…&space=…`. */
export function SearchPage() {
  const { t } = useTranslation();
  const format = useFormat();
  const [params, setParams] = useSearchParams();
  const query = params.get('q') ?? '';
  const space = params.get('space') ?? '';
  const [text, setText] = useState(query);
  const [spaceChoice, setSpaceChoice] = useState(space);
  const spaces = useSpaces();
  const results = useSearch(query, space);
  const count = results.items.length;
  const searched = query.trim() !== '' && !results.loading && !results.error;

  useEffect(() => {
    setText(query);
    setSpaceChoice(space);
  }, [query, space]);

  useEffect(() => {
    if (searched) {
      announce(t('search.found', { count, formatted: format.number(count) }));
    }
  }, [searched, count, format, t]);

  const handleSubmit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const next: Record<string, string> = {};
    if (text.trim()) {
      next.q = text.trim();
    }
    if (spaceChoice) {
      next.space = spaceChoice;
    }
    setParams(next);
  };

  return (
    <>
      <PageTitle title={query ? t('search.titleFor', { query }) : t('search.title')} />
      <h1>{t('search.title')}</h1>
      <form role="search" className="search-form" onSubmit={handleSubmit}>
        <div className="field">
          <label htmlFor="search-q">{t('search.label')}</label>
          <input
            id="search-q"
            type="search"
            value={text}
            onChange={(event) => setText(event.target.value)}
          />
        </div>
        <div className="field">
          <label htmlFor="search-space">{t('search.space')}</label>
          <select
            id="search-space"
            value={spaceChoice}
            onChange={(event) => setSpaceChoice(event.target.value)}
          >
            <option value="">{t('search.allSpaces')}</option>
            {(spaces.data?.items ?? []).map((item) => (
              <option key={item.id} value={item.slug}>
                {item.name}
              </option>
            ))}
          </select>
        </div>
        <button type="submit" className="button primary">
          {t('search.submit')}
        </button>
      </form>
      {query.trim() ? (
        <section aria-labelledby="search-results-heading">
          <h2 id="search-results-heading">{t('search.resultsFor', { query })}</h2>
          {results.loading ? <Loading /> : null}
          {count === 0 ? <ErrorAlert error={results.error} onRetry={results.reload} /> : null}
          {searched && count === 0 ? <p>{t('search.none')}</p> : null}
          <PostList
            posts={results.items}
            headingLevel={3}
            showSpace
            label={t('search.resultsFor', { query })}
          />
          <LoadMore paged={results} />
        </section>
      ) : (
        <p className="muted">{t('search.hint')}</p>
      )}
    </>
  );
}
