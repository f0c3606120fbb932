/**
 * Who may call a route. Every API route declares `config.access`; a route without one is
 * refused at start-up, so nothing is reachable by accident. Roles and what they may do live
 * here, in one table, so a permission change is one line.
 */

export const ROLES = ['member', 'ambassador', 'moderator', 'manager', 'admin'] as const;
export type Role = (typeof ROLES)[number];

export const PERMISSIONS = {
  /** Edit or delete anyone's post or comment; see revisions; mark accepted answers. */
  'community:moderate': ['moderator', 'manager', 'admin'],
  /** Create and change spaces. */
  'spaces:manage': ['manager', 'admin'],
  /** Create users, change roles and statuses, manage API tokens. */
  'users:admin': ['admin'],
  /** Connect partner systems, import the retailer's data, link members to customers. */
  'integrations:manage': ['admin'],
  /** Work the review queue: claim, decide, see authors' moderation history. */
  'moderation:review': ['moderator', 'manager', 'admin'],
  /** The senior queue (threats, self-harm) and decisions on escalated items. */
  'moderation:senior': ['manager', 'admin'],
  /** Moderation policies, model training and promotion, moderation metrics. */
  'moderation:configure': ['manager', 'admin'],
  /** Award and adjust points, see any member's ledger, run reconciliation. */
  'points:manage': ['manager', 'admin'],
  /** Point rules, badges, levels, challenges, leaderboard settings; gaming signals. */
  'gamification:configure': ['manager', 'admin'],
  /** The reward catalog, stock, code pools, redemption approvals and fulfilment. */
  'rewards:manage': ['manager', 'admin'],
  /** Consent notices, any member's consent record, what each category of data may be used for. */
  'privacy:manage': ['admin'],
  /** Ambassador programs: scoring, candidates, invitations, the pipeline, score reviews. */
  'ambassadors:manage': ['manager', 'admin'],
  /** Contract templates, ambassadors' contracts and their reminders. */
  'contracts:manage': ['manager', 'admin'],
  /** Review ambassador content submissions: approve, reject, ask for changes. */
  'content:review': ['moderator', 'manager', 'admin'],
  /** Data-subject requests: the board, exports and erasures of any member. */
  'privacy:requests': ['admin'],
  /** Read, export and verify the audit log. */
  'audit:read': ['admin'],
  /** Dashboards, metrics, the retention lift, ROI and reports. */
  'analytics:read': ['manager', 'admin'],
  /** Program costs, analytics settings, lift runs, goals, the rollout plan and assessments. */
  'analytics:manage': ['manager', 'admin'],
} as const satisfies Record<string, readonly Role[]>;

export type Permission = keyof typeof PERMISSIONS;

/** `public`: anyone; `signed_in`: any active member; otherwise a permission. */
export type Access = 'public' | 'signed_in' | Permission;

/** Scopes an API token can carry. */
export const TOKEN_SCOPES = ['read', 'write', 'admin'] as const;
export type TokenScope = (typeof TOKEN_SCOPES)[number];

/** True when `role` holds `permission`. */
export function roleHas(role: Role, permission: Permission): boolean {
  return (PERMISSIONS[permission] as readonly Role[]).includes(role);
}

declare module 'fastify' {
  interface FastifyContextConfig {
    access?: Access;
    /** Only for endpoints that change nothing a caller owns (e.g. CSP reports). */
    csrfExempt?: boolean;
  }
}
