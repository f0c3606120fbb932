import { useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { deletePolicy, type Policy, usePolicies } from '../../api/moderation';
import { useSession } from '../../api/session';
import { useSpaces } from '../../api/spaces';
import type { Region, Space } from '../../api/types';
import { announce } from '../../components/announcer';
import { ConfirmButton } from '../../components/ConfirmButton';
import { Loading } from '../../components/Loading';
import { ModerationError } from '../../components/moderation/ModerationError';
import { ModerationNav } from '../../components/moderation/ModerationNav';
import { draftOf } from '../../components/moderation/policyDraft';
import { PolicyForm } from '../../components/moderation/PolicyForm';
import { PageTitle } from '../../components/PageTitle';
import { RelativeTime } from '../../components/RelativeTime';
import { StatusBadge } from '../../components/StatusBadge';

/** Words for the scope of a policy: the whole community, a region or a space. */
function useScopeName(regions: readonly Region[], spaces: readonly Space[]) {
  const { t } = useTranslation();
  return (policy: Pick<Policy, 'scope' | 'regionCode' | 'spaceSlug'>): string => {
    if (policy.scope === 'region') {
      const region = regions.find((item) => item.code === policy.regionCode);
      return t('moderation.policies.forRegion', {
        name: region ? `${region.name} (${region.code})` : (policy.regionCode ?? ''),
      });
    }
    if (policy.scope === 'space') {
      const space = spaces.find((item) => item.slug === policy.spaceSlug);
      return t('moderation.policies.forSpace', { name: space?.name ?? policy.spaceSlug ?? '' });
    }
    return t('moderation.policies.forTenant');
  };
}

/**
 * Moderation policies (managers and admins): one form per policy (the whole community, a
 * region, a space; enforced or in shadow mode), a form for the community-wide one while there
 * is none, and one to add a policy for a region or a space.
 */
export function PoliciesPage() {
  const { t } = useTranslation();
  const id = useId();
  const { regions } = useSession();
  const policies = usePolicies();
  const spacesResource = useSpaces();
  const spaces = spacesResource.data?.items ?? [];
  const scopeName = useScopeName(regions, spaces);
  // Bumped after a save, so the "new policy" forms start empty again.
  const [generation, setGeneration] = useState(0);

  const handleSaved = (policy: Policy) => {
    announce(t('moderation.policies.saved', { scope: scopeName(policy) }));
    setGeneration((value) => value + 1);
    policies.reload();
  };

  const handleDelete = async (policy: Policy) => {
    await deletePolicy(policy.id);
    announce(t('moderation.policies.deleted', { scope: scopeName(policy) }));
    policies.reload();
  };

  const items = policies.data?.items ?? [];
  const hasTenantPolicy = items.some(
    (policy) => policy.scope === 'tenant' && policy.mode === 'enforce',
  );

  return (
    <>
      <PageTitle title={t('moderation.policies.title')} />
      <div className="page-head">
        <h1>{t('moderation.policies.title')}</h1>
        <ModerationNav />
        <p className="muted">{t('moderation.policies.intro')}</p>
      </div>
      {policies.loading && !policies.data ? <Loading /> : null}
      <ModerationError error={policies.error} onRetry={policies.reload} />
      {policies.data ? (
        <>
          {!hasTenantPolicy ? (
            <section className="page-section card" aria-labelledby={`${id}-tenant`}>
              <h2 id={`${id}-tenant`}>{t('moderation.policies.forTenant')}</h2>
              <p className="muted">{t('moderation.policies.defaultsApply')}</p>
              <PolicyForm
                key={`tenant-${generation}`}
                label={t('moderation.policies.forTenant')}
                initial={draftOf(null, 'tenant', 'enforce')}
                scopes={['tenant']}
                chooseMode={false}
                regions={regions}
                spaces={spaces}
                submitLabel={t('moderation.policies.save')}
                onSaved={handleSaved}
              />
            </section>
          ) : null}
          {items.map((policy) => {
            const name = scopeName(policy);
            return (
              <section
                key={`${policy.id}-${policy.updatedAt}`}
                className="page-section card"
                aria-labelledby={`${id}-${policy.id}`}
              >
                <h2 id={`${id}-${policy.id}`}>{name}</h2>
                <p className="meta">
                  {policy.mode === 'shadow' ? (
                    <StatusBadge tone="busy" text={t('moderation.policies.modes.shadow')} />
                  ) : (
                    <StatusBadge tone="good" text={t('moderation.policies.modes.enforce')} />
                  )}
                  <span>
                    {t('moderation.policies.updated')} <RelativeTime value={policy.updatedAt} />
                  </span>
                </p>
                <PolicyForm
                  label={name}
                  initial={draftOf(policy)}
                  scopes={[policy.scope]}
                  chooseMode={false}
                  regions={regions}
                  spaces={spaces}
                  submitLabel={t('moderation.policies.save')}
                  onSaved={handleSaved}
                >
                  <ConfirmButton
                    label={t('moderation.policies.delete')}
                    question={t('moderation.policies.deleteQuestion', { scope: name })}
                    confirmLabel={t('actions.confirmDelete')}
                    run={() => handleDelete(policy)}
                    danger
                  />
                </PolicyForm>
              </section>
            );
          })}
          <section className="page-section card" aria-labelledby={`${id}-new`}>
            <h2 id={`${id}-new`}>{t('moderation.policies.addTitle')}</h2>
            <p className="muted">{t('moderation.policies.addIntro')}</p>
            <PolicyForm
              key={`new-${generation}`}
              label={t('moderation.policies.addTitle')}
              initial={draftOf(null, 'space', 'enforce')}
              scopes={['space', 'region', 'tenant']}
              chooseMode
              regions={regions}
              spaces={spaces}
              submitLabel={t('moderation.policies.add')}
              onSaved={handleSaved}
            />
          </section>
        </>
      ) : null}
    </>
  );
}
