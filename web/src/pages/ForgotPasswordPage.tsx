import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import { requestPasswordReset } from '../api/session';
import { useFormAction } from '../api/useFormAction';
import { ErrorAlert } from '../components/ErrorAlert';
import { PageTitle } from '../components/PageTitle';
import { TextField } from '../components/TextField';

/** Asks for a reset link; the confirmation is the same whether or not the account exists. */
export function ForgotPasswordPage() {
  const { t } = useTranslation();
  const [email, setEmail] = useState('');
  const [sent, setSent] = useState(false);
  const { pending, error, handleSubmit } = useFormAction(async () => {
    await requestPasswordReset(email.trim());
    setSent(true);
  });

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
