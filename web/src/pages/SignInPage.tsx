import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, Navigate, useNavigate, useSearchParams } from 'react-router-dom';
import { signIn, useSession } from '../api/session';
import { useFormAction } from '../api/useFormAction';
import { announce } from '../components/announcer';
import { ErrorAlert } from '../components/ErrorAlert';
import { PageTitle } from '../components/PageTitle';
import { TextField } from '../components/TextField';
import { safeNext } from './safeNext';

export function SignInPage() {
  const { t } = useTranslation();
  const { user } = useSession();
  const navigate = useNavigate();
  const [params] = useSearchParams();
  const next = safeNext(params.get('next'));
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const { pending, error, handleSubmit } = useFormAction(async () => {
    const me = await signIn(email.trim(), password);
    announce(t('auth.signedInAs', { name: me.displayName }));
    await navigate(next, { replace: true });
  });

  if (user && !pending) {
    return <Navigate to={next} replace />;
  }
  return (
    <div className="narrow">
      <PageTitle title={t('auth.signInTitle')} />
      <h1>{t('auth.signInTitle')}</h1>
      <form className="stack" onSubmit={(event) => void handleSubmit(event)}>
        <TextField
          id="sign-in-email"
          label={t('auth.email')}
          type="email"
          autoComplete="username"
          value={email}
          onChange={setEmail}
        />
        <TextField
          id="sign-in-password"
          label={t('auth.password')}
          type="password"
          autoComplete="current-password"
          value={password}
          onChange={setPassword}
        />
        <p className="small">
          <Link to="/forgot-password">{t('passwordReset.forgotLink')}</Link>
        </p>
        <ErrorAlert error={error} />
        <div className="actions">
          <button type="submit" className="button primary" disabled={pending} aria-busy={pending}>
            {t('auth.signIn')}
          </button>
        </div>
      </form>
      <p>
        {t('auth.noAccount')}{' '}
        <Link to={`/sign-up?next=${encodeURIComponent(next)}`}>{t('auth.createAccountLink')}</Link>
      </p>
    </div>
  );
}
