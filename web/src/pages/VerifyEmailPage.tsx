import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router-dom';
import { ApiError } from '../api/client';
import { confirmEmailVerification, useSession } from '../api/session';
import { toApiError } from '../api/useResource';
import { EmailVerificationNotice } from '../components/EmailVerificationNotice';
import { ErrorAlert } from '../components/ErrorAlert';
import { Loading } from '../components/Loading';
import { PageTitle } from '../components/PageTitle';

type Outcome = { token: string } & ({ state: 'verified' } | { state: 'failed'; error: ApiError });

// One request per token: a link works once, and React may run an effect twice.
const attempts = new Map<string, Promise<void>>();

function verifyOnce(token: string): Promise<void> {
  let attempt = attempts.get(token);
  if (!attempt) {
    attempt = confirmEmailVerification(token);
    attempts.set(token, attempt);
    // After a failure, "Try again" (or a second visit) asks the server once more.
    void attempt.catch(() => attempts.delete(token));
  }
  return attempt;
}

/** Verifies the member's e-mail address with the token from the e-mailed link. */
export function VerifyEmailPage() {
  const { t } = useTranslation();
  const [params] = useSearchParams();
  const token = params.get('token') ?? '';
  const { user } = useSession();
  const [outcome, setOutcome] = useState<Outcome | null>(null);
  const [generation, setGeneration] = useState(0);

  useEffect(() => {
    if (token === '') {
      return undefined;
    }
    let live = true;
    verifyOnce(token).then(
      () => {
        if (live) {
          setOutcome({ token, state: 'verified' });
        }
      },
      (caught: unknown) => {
        if (live) {
          setOutcome({ token, state: 'failed', error: toApiError(caught) });
        }
      },
    );
    return () => {
      live = false;
    };
  }, [token, generation]);

  const current: Outcome | null =
    token === ''
      ? {
          token,
          state: 'failed',
          error: new ApiError(400, 'verification_link_invalid', 'The link has no token.'),
        }
      : outcome?.token === token
        ? outcome
        : null;
  const handleRetry = () => {
    setOutcome(null);
    setGeneration((value) => value + 1);
  };
  // The server refused the link itself; any other failure may pass, so "Try again" is offered.
  const linkRefused =
    current?.state === 'failed' && current.error.code === 'verification_link_invalid';

  return (
    <div className="narrow">
      <PageTitle title={t('verifyEmail.title')} />
      <h1>{t('verifyEmail.title')}</h1>
      {current === null ? <Loading label={t('verifyEmail.working')} /> : null}
      {current?.state === 'verified' ? (
        <p className="notice" role="status">
          {t('verifyEmail.done')}
        </p>
      ) : null}
      {current?.state === 'failed' ? (
        <ErrorAlert error={current.error} onRetry={linkRefused ? undefined : handleRetry} />
      ) : null}
      {token === '' ? <p>{t('verifyEmail.noToken')}</p> : null}
      {linkRefused && user?.emailVerified === true ? (
        <p className="notice">{t('verifyEmail.alreadyVerified')}</p>
      ) : null}
      {linkRefused && user && !user.emailVerified ? <EmailVerificationNotice me={user} /> : null}
      {linkRefused && !user ? (
        <p>
          <Link to="/sign-in">{t('verifyEmail.signInForNewLink')}</Link>
        </p>
      ) : null}
      {current !== null ? (
        <p>
          <Link to="/">{t('notFound.home')}</Link>
        </p>
      ) : null}
    </div>
  );
}
