import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import type { ApiError } from '../api/client';
import { requestPasswordReset } from '../api/session';
import { toApiError } from '../api/useResource';
import { ErrorAlert } from '../components/ErrorAlert';
import { PageTitle } from '../components/PageTitle';
import { TextField } from '../components/TextField';

/** Asks for a reset link; the confirmation is the same whether or not the account exists. */
export function ForgotPasswordPage() {
  const { t } = useTranslation();
  const [email, setEmail] = useState('');
  const [pending, setPending] = useState(false);
  const [sent, setSent] = useState(false);
  const [error, setError] = useState<ApiError | null>(null);

  const handleSubmit = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    setPending(true);
    setError(null);
    try {
      await requestPasswordReset(email.trim());
      setSent(true);
    } catch (caught) {
      setError(toApiError(caught));
    } finally {
      setPending(false);
    }
  };

  return (
    <div className="narrow">
      <PageTitle title={t('passwordReset.forgotTitle')} />
      <h1>{t('passwordReset.forgotTitle')}</h1>
      {sent ? (
        <p role="status">{t('passwordReset.sent')}</p>
      ) : (
        <form className="stack" onSubmit={(event) => void handleSubmit(event)}>
          <p>{t('passwordReset.forgotIntro')}</p>
          <TextField
            id="forgot-email"
            label={t('auth.email')}
            type="email"
            autoComplete="username"
            value={email}
            onChange={setEmail}
          />
          <ErrorAlert error={error} />
          <div className="actions">
            <button type="submit" className="button primary" disabled={pending} aria-busy={pending}>
              {t('passwordReset.send')}
            </button>
          </div>
        </form>
      )}
      <p>
        <Link to="/sign-in">{t('passwordReset.backToSignIn')}</Link>
      </p>
    </div>
  );
}
