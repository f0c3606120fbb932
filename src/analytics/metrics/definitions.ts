/**
 * What each figure means, in one plain sentence, shown beside the number in the API, the
 * dashboards and the reports. The wording follows PRODUCT.md ("The key metrics, defined").
 */
import { RETENTION_DEFINITION } from '../../ambassadors/retention/retention.js';

export const DEFINITIONS = {
  engagementRate:
    'Members with at least one contribution in the month (a published post or comment, a ' +
    'reaction, an accepted answer or a challenge step) divided by the members who had joined ' +
    'by its end and had not been removed by then.',
  contributors: 'Members with at least one published post or comment in the month.',
  dauMau:
    'The average number of members active on a day of the month (a visit or a contribution) ' +
    'divided by the members active at all in the month.',
  ambassadorRetention: RETENTION_DEFINITION,
  contentApprovalTime:
    'Time from an ambassador submission to its first final decision (approve or reject): ' +
    'median and 90th percentile, for automatic and human decisions, by the month of the ' +
    'decision.',
  customerRetentionLift:
    "(Members' repeat-purchase rate − the rate of matched non-member customers) ÷ the " +
    "matched group's rate, over a window after joining, with a 95% bootstrap interval and " +
    'the group sizes.',
  moderationCostReduction:
    '1 − (human reviews × cost per review + items checked × AI cost per item) ÷ (items ' +
    'checked × cost per review), with the precision of automatic decisions beside it: the ' +
    'share the moderators confirmed among the audited automatic decisions (auditSampled ' +
    'counts the audit items decided, not those still waiting).',
  programRoi:
    '(Incremental gross margin from the retention lift + referral and content value − ' +
    'program cost) ÷ program cost.',
  timeToFirstResponse:
    "Hours from a post's publication to the first published comment by someone else, median " +
    'over the posts of the month that got one.',
  pointsIssued: 'Points awarded in the month, less reversals.',
  pointsRedeemed: 'Points spent on rewards in the month, less refunds.',
  challengeParticipation: 'Members who joined a challenge in the month, and who completed one.',
  reviewQueue: 'Review items open at the end of the month.',
  slaBreaches:
    'Review items due in the month that were not resolved by their due time: resolved late, or ' +
    'still open.',
  fatigueWarnings:
    'Challenges, rewards and community activity whose recent weeks fell well below their ' +
    'earlier weeks (the gamification signals), worst first.',
} as const;

export type MetricName = keyof typeof DEFINITIONS;
