/**
 * A link from the screen where a task is done to its chapter of the manager's handbook, and
 * the chapters' anchors. Kept free of the Markdown parser, so the screens that show the link
 * do not load it.
 */
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';

/** The chapters a screen can link to. */
export const HANDBOOK_SECTIONS = ['moderation', 'challenges', 'ambassadors'] as const;
export type HandbookSection = (typeof HANDBOOK_SECTIONS)[number];

/** Each chapter's anchor: the slug of its `##` heading in docs/HANDBOOK.md. */
export const HANDBOOK_ANCHORS: Readonly<Record<HandbookSection, string>> = {
  moderation: 'moderation-and-escalation',
  challenges: 'challenges-without-fatigue',
  ambassadors: 'ambassador-care-and-burnout',
};

/** The handbook page's address for one chapter, e.g. `/handbook#moderation-and-escalation`. */
export function handbookHref(section: HandbookSection): string {
  return `/handbook#${HANDBOOK_ANCHORS[section]}`;
}

/** E.g. `<HandbookLink section="moderation" />`: "Handbook: moderation and escalation". */
export function HandbookLink({ section }: { section: HandbookSection }) {
  const { t } = useTranslation();
  return (
    <p className="small">
      <Link to={handbookHref(section)}>{t(`handbook.links.${section}`)}</Link>
    </p>
  );
}
