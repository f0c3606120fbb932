import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, Navigate, useNavigate, useSearchParams } from 'react-router-dom';
import { signUp, useSession, type SignUpRules } from '../api/session';
import { useResource } from '../api/useResource';
import { useFormAction } from '../api/useFormAction';
import { announce } from '../components/announcer';
import { ErrorAlert } from '../components/ErrorAlert';
import { PageTitle } from '../components/PageTitle';
import { apiLocale, browserLocales, languageOf } from '../i18n/languages';
import { TextField } from '../components/TextField';
import { safeNext } from './safeNext';

export function SignUpPage() {
  const { t, i18n } = useTranslation();
  const { user } = useSession();
  const navigate = useNavigate();
  const [params] = useSearchParams();
  const next = safeNext(params.get('next'));
  const [email, setEmail] = useState('');
  const [username, setUsername] = useState('');
  const [displayName, setDisplayName] = useState('');
  const [password, setPassword] = useState('');
  const [birthDate, setBirthDate] = useState('');
  const rules = useResource<SignUpRules>('/privacy/sign-up-rules');
  const ageGate = rules.data?.ageGate ?? true;
  const { pending, error, handleSubmit } = useFormAction(async () => {
    // The new member keeps the language they are reading in, with the browser's region.
    const locale =
      browserLocales()
        .map(apiLocale)
        .find((item) => languageOf(item) === i18n.language) ?? i18n.language;
    const me = await signUp({
      email: email.trim(),
      username: username.trim(),
      displayName: displayName.trim(),
      password,
      locale,
      ...(birthDate === '' ? {} : { birthDate }),
    });
    announce(t('auth.welcome', { name: me.displayName }));
    await navigate(next, { replace: true });
  });

  if (user && !pending) {
    return <Navigate to={next} replace />;
  }
  return (
    <div className="narrow">
      <PageTitle title={t('auth.signUpTitle')} />
      <h1>{t('auth.signUpTitle')}</h1>
      <form className="stack" onSubmit={(event) => void handleSubmit(event)}>
        <TextField
          id="sign-up-email"
          label={t('auth.email')}
          type="email"
          autoComplete="email"
          value={email}
          onChange={setEmail}
        />
        <TextField
          id="sign-up-username"
          label={t('auth.username')}
          type="text"
          autoComplete="username"
          value={username}
          onChange={setUsername}
          hint={t('auth.usernameHint')}
        />
        <TextField
          id="sign-up-display-name"
          label={t('auth.displayName')}
          type="text"
          autoComplete="name"
          value={displayName}
          onChange={setDisplayName}
        />
        {ageGate ? (
          <TextField
            id="sign-up-birth-date"
            label={t('ageGate.birthDate')}
            type="date"
            autoComplete="bday"
            value={birthDate}
            onChange={setBirthDate}
            hint={t('ageGate.birthDateHint', { minimumAge: rules.data?.minimumAge ?? 13 })}
          />
        ) : null}
        <TextField
          id="sign-up-password"
          label={t('auth.password')}
          type="password"
          autoComplete="new-password"
          value={password}
          onChange={setPassword}
          hint={t('auth.passwordHint')}
        />
        <ErrorAlert error={error} />
        <div className="actions">
          <button type="submit" className="button primary" disabled={pending} aria-busy={pending}>
            {t('auth.createAccount')}
          </button>
        </div>
      </form>
      <p>
        {t('auth.haveAccount')}{' '}
        <Link to={`/sign-in?next=${encodeURIComponent(next)}`}>{t('auth.signInLink')}</Link>
      </p>
    </div>
  );
}
