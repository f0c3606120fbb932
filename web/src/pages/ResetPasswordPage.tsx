import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useSearchParams } from 'react-router-dom';
import { confirmPasswordReset } from '../api/session';
import { useFormAction } from '../api/useFormAction';
import { announce } from '../components/announcer';
import { ErrorAlert } from '../components/ErrorAlert';
import { PageTitle } from '../components/PageTitle';
import { TextField } from '../components/TextField';

/** Sets a new password with the token from the e-mailed link, which signs the member in. */
export function ResetPasswordPage() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const [params] = useSearchParams();
  const token = params.get('token') ?? '';
  const [password, setPassword] = useState('');
  const [signOutOthers, setSignOutOthers] = useState(true);
  const { pending, error, handleSubmit } = useFormAction(async () => {
    const me = await confirmPasswordReset(token, password, signOutOthers);
    announce(t('passwordReset.done', { name: me.displayName }));
    await navigate('/', { replace: true, state: { passwordReset: true } });
  });

  return (
    <div className="narrow">
      <PageTitle title={t('passwordReset.resetTitle')} />
      <h1>{t('passwordReset.resetTitle')}</h1>
      <form className="stack" onSubmit={(event) => void handleSubmit(event)}>
        <TextField
          id="reset-password"
          label={t('passwordReset.newPassword')}
          type="password"
          autoComplete="new-password"
          value={password}
          onChange={setPassword}
          hint={t('auth.passwordHint')}
        />
        <div className="checkbox-field">
          <input
            id="reset-sign-out-others"
            type="checkbox"
            checked={signOutOthers}
            onChange={(event) => setSignOutOthers(event.target.checked)}
          />
          <label htmlFor="reset-sign-out-others">{t('passwordReset.signOutOthers')}</label>
        </div>
        <ErrorAlert error={error} />
        <div className="actions">
          <button type="submit" className="button primary" disabled={pending} aria-busy={pending}>
            {t('passwordReset.submit')}
          </button>
        </div>
      </form>
      <p>
        <Link to="/forgot-password">{t('passwordReset.newLink')}</Link>
      </p>
    </div>
  );
}
