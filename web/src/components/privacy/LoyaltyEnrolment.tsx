import { useTranslation } from 'react-i18next';
import { setConsent, useConsents } from '../../api/privacy';
import { useSession } from '../../api/session';
import { useFormAction } from '../../api/useFormAction';
import { announce } from '../announcer';
import { ErrorAlert } from '../ErrorAlert';

/**
 * PRV-12: a member under the CCPA (a US region) joins the points program by opting in after
 * its notice of financial incentive; until then they earn nothing, and this invitation says so.
 */
export function LoyaltyEnrolment() {
  const { t } = useTranslation();
  const { user } = useSession();
  const ccpa = (user?.region?.code ?? '').toUpperCase().split(/[-_]/)[0] === 'US';
  const consents = useConsents();
  const loyalty = consents.data?.items.find((item) => item.purpose === 'loyalty_program');
  const join = useFormAction(async () => {
    await setConsent('loyalty_program', true, loyalty!.notice.version);
    announce(t('privacy.loyalty.joined'));
    consents.reload();
  });
  if (!ccpa || !loyalty || loyalty.granted) {
    return null;
  }
  return (
    <section className="page-section card" aria-labelledby="loyalty-enrolment">
      <h2 id="loyalty-enrolment">{t('privacy.loyalty.title')}</h2>
      <p>{t('privacy.loyalty.intro')}</p>
      <p className="notice">{loyalty.notice.body}</p>
      <form onSubmit={(event) => void join.handleSubmit(event)}>
        <ErrorAlert error={join.error} />
        <div className="actions">
          <button type="submit" className="button primary" disabled={join.pending}>
            {t('privacy.loyalty.join')}
          </button>
        </div>
      </form>
    </section>
  );
}
