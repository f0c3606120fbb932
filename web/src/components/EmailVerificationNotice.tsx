import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { requestEmailVerification } from '../api/session';
import type { Me } from '../api/types';
import { useFormAction } from '../api/useFormAction';
import { announce } from './announcer';
import { ErrorAlert } from './ErrorAlert';

/**
 * Tells the signed-in member that their e-mail address is not verified, and sends a new link
 * on request. Renders nothing once the address is verified.
 */
export function EmailVerificationNotice({ me }: { me: Me }) {
  const { t } = useTranslation();
  const [sent, setSent] = useState(false);
  const { pending, error, handleSubmit } = useFormAction(async () => {
    await requestEmailVerification();
    setSent(true);
    announce(t('emailVerification.sent', { email: me.email }));
  });

  if (me.emailVerified) {
    return null;
  }
  return (
    <form className="notice" onSubmit={(event) => void handleSubmit(event)}>
      <p>
        <strong>{t('emailVerification.notVerified')}</strong>
      </p>
      <p>
        {sent
          ? t('emailVerification.sent', { email: me.email })
          : t('emailVerification.explain', { email: me.email })}
      </p>
      <ErrorAlert error={error} />
      {sent ? null : (
        <div className="actions">
          <button type="submit" className="button" disabled={pending} aria-busy={pending}>
            {t('emailVerification.sendAgain')}
          </button>
        </div>
      )}
    </form>
  );
}
