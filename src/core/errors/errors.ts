/**
 * Guild's error catalogue. Each failure a client can see has a stable snake_case code, an HTTP
 * status and a default message; the UI and CLI branch on the code, never on the message.
 * One handler (core/http/error-handler.ts) turns these into the response body.
 */

export const ERROR_CATALOGUE = {
  validation_failed: { status: 400, message: 'The request is not valid.' },
  idempotency_key_required: {
    status: 400,
    message: 'Send an Idempotency-Key header (1 to 200 visible characters) with this request.',
  },
  bad_cursor: { status: 400, message: 'The pagination cursor is not valid.' },
  verification_link_invalid: {
    status: 400,
    message: 'This verification link is invalid, used or expired.',
  },
  webhook_timestamp_outside_window: {
    status: 400,
    message: "The webhook's signature time is more than five minutes from Guild's clock.",
  },
  unauthenticated: { status: 401, message: 'Sign in to continue.' },
  invalid_credentials: { status: 401, message: 'The email or password is not correct.' },
  reauthentication_required: { status: 401, message: 'Confirm your password to continue.' },
  webhook_signature_invalid: {
    status: 401,
    message: 'The webhook signature is missing, malformed or does not match.',
  },
  forbidden: { status: 403, message: 'You are not allowed to do that.' },
  csrf_failed: { status: 403, message: 'The request did not come from Guild itself.' },
  tenant_mismatch: { status: 403, message: 'This session belongs to another community.' },
  account_suspended: { status: 403, message: 'This account is suspended.' },
  not_found: { status: 404, message: 'Not found.' },
  tenant_not_found: { status: 404, message: 'No community is served at this address.' },
  method_not_allowed: { status: 405, message: 'That method is not allowed here.' },
  conflict: { status: 409, message: 'The request conflicts with the current state.' },
  email_taken: { status: 409, message: 'An account with this email already exists.' },
  username_taken: { status: 409, message: 'This username is taken.' },
  slug_taken: { status: 409, message: 'This address is taken.' },
  email_already_verified: { status: 409, message: 'This e-mail address is verified already.' },
  customer_already_linked: {
    status: 409,
    message: 'This customer is already joined to a member.',
  },
  endpoint_disabled: { status: 409, message: 'This webhook endpoint is disabled.' },
  delivery_pending: {
    status: 409,
    message: 'This delivery is still being tried; replay it once it has succeeded or failed.',
  },
  webhook_event_not_replayable: {
    status: 409,
    message: 'Only a failed or parked webhook event can be replayed.',
  },
  review_item_claimed: {
    status: 409,
    message: 'Another moderator is working on this item; wait or ask them to release it.',
  },
  review_item_resolved: { status: 409, message: 'This item was decided already.' },
  already_appealed: { status: 409, message: 'This decision was appealed already.' },
  not_appealable: { status: 409, message: 'Only a rejected item can be appealed.' },
  model_not_promotable: {
    status: 409,
    message: 'This model version cannot be promoted; the details say why.',
  },
  // Points, badges and rewards
  idempotency_key_reused: {
    status: 409,
    message: 'This Idempotency-Key was used before with a different request.',
  },
  request_in_progress: {
    status: 409,
    message: 'A request with this Idempotency-Key is still being handled; retry in a moment.',
  },
  insufficient_points: { status: 409, message: 'There are not enough spendable points for this.' },
  out_of_stock: { status: 409, message: 'This reward is out of stock.' },
  redemption_limit_reached: {
    status: 409,
    message: 'You have redeemed this reward as many times as it allows.',
  },
  reward_not_eligible: { status: 409, message: 'This reward is not open to you.' },
  badge_already_granted: { status: 409, message: 'This member has this badge already.' },
  challenge_not_open: { status: 409, message: 'This challenge is not open to you.' },
  redemption_not_cancellable: {
    status: 409,
    message: 'This redemption can no longer be cancelled.',
  },
  loyalty_not_linked: {
    status: 409,
    message: 'Your community account is not joined to a loyalty account yet.',
  },
  conversion_unavailable: {
    status: 409,
    message: 'Converting points to loyalty points is not available in this community.',
  },
  // Privacy and the ambassador program
  notice_outdated: {
    status: 409,
    message: 'The notice shown is not the current one; show the current notice and ask again.',
  },
  illegal_transition: {
    status: 409,
    message: "This change of an ambassador's state is not allowed from where they are now.",
  },
  consent_required: {
    status: 409,
    message: 'The member has not given the consent this needs.',
  },
  invitation_limit_reached: {
    status: 409,
    message: "The program's invitations for today are used up; the rest can be sent tomorrow.",
  },
  invitation_expired: {
    status: 409,
    message: "This invitation has expired; ask the program's manager for a new one.",
  },
  workload_cap_reached: {
    status: 409,
    message: 'This ambassador holds as many open missions as the program allows.',
  },
  mission_closed: { status: 409, message: 'This mission is not open for that.' },
  survey_closed: { status: 409, message: 'This survey is not open.' },
  already_responded: { status: 409, message: 'You answered this survey already.' },
  score_run_in_progress: {
    status: 409,
    message: 'A scoring run of this program is queued or running already.',
  },
  contract_required: {
    status: 409,
    message: 'This ambassador has no signed, current contract for their market (CON).',
  },
  contract_template_not_usable: {
    status: 409,
    message: 'This contract template is not published, or a newer version replaced it.',
  },
  contract_already_signed: { status: 409, message: 'This contract is signed already.' },
  privacy_request_closed: { status: 409, message: 'This privacy request is closed already.' },
  extension_not_allowed: {
    status: 409,
    message: 'The deadline can be extended once, and only with notice before it first falls due.',
  },
  erasure_in_progress: {
    status: 409,
    message: 'This member is being erased; nothing more can be done on the account.',
  },
  submission_not_editable: {
    status: 409,
    message: 'This submission can be edited only after a reviewer asked for changes.',
  },
  submission_decided: { status: 409, message: 'This submission was decided already.' },
  rights_use_refused: {
    status: 409,
    message: "This use is outside the asset's usage rights (channel, window or paid use).",
  },
  payload_too_large: { status: 413, message: 'The request is too large.' },
  unsupported_media_type: { status: 415, message: 'Send JSON (application/json).' },
  visit_code_invalid: {
    status: 422,
    message: 'This store code is not valid today; scan the code shown in the store.',
  },
  weak_password: { status: 422, message: 'Choose a different password.' },
  invalid_username: { status: 422, message: 'Choose a different username.' },
  import_request_invalid: {
    status: 422,
    message: 'The import cannot start as asked; the message says what to change.',
  },
  endpoint_url_refused: { status: 422, message: 'Guild does not send webhooks to this address.' },
  disclosure_reminder_required: {
    status: 422,
    message: 'A challenge with a prize needs its disclosure reminder text (DISC-01).',
  },
  sentiment_condition_refused: {
    status: 422,
    message: "Points may not depend on a review's rating or sentiment (REV-01).",
  },
  consent_age_restricted: {
    status: 422,
    message: 'Members under the consent age cannot give this consent themselves (PRV-10).',
  },
  quiz_not_passed: {
    status: 422,
    message: 'Not enough answers were right; read the disclosure guide again and retry.',
  },
  contract_template_incomplete: {
    status: 422,
    message: 'This contract template lacks required clauses; the details list each one (CON).',
  },
  disclosure_required: {
    status: 422,
    message: 'This post needs a clear, upfront disclosure before it is published (DISC).',
  },
  age_requirement_not_met: {
    status: 422,
    message: 'You must be old enough to join this community; see its age requirement.',
  },
  groups_too_small: {
    status: 422,
    message: 'Too few members or matched customers to report this figure; details give the sizes.',
  },
  new_account_limited: {
    status: 422,
    message:
      'On their first day, accounts may add at most one image, two links and two mentions to a post or comment.',
  },
  upload_refused: {
    status: 422,
    message: 'Upload a PNG, JPEG, WebP or GIF image within the size and pixel limits.',
  },
  rate_limited: { status: 429, message: 'Too many requests; try again later.' },
  internal_error: { status: 500, message: 'Something went wrong on our side.' },
  service_unavailable: { status: 503, message: 'Guild is not ready to serve requests.' },
} as const satisfies Record<string, { status: number; message: string }>;

export type ErrorCode = keyof typeof ERROR_CATALOGUE;

export type ErrorDetails = Record<string, unknown>;

/** An expected failure with a catalogue code; safe to show to the client. */
export class GuildError extends Error {
  readonly status: number;

  constructor(
    readonly code: ErrorCode,
    message?: string,
    readonly details?: ErrorDetails,
  ) {
    super(message ?? ERROR_CATALOGUE[code].message);
    this.name = 'GuildError';
    this.status = ERROR_CATALOGUE[code].status;
  }
}

/** Shorthand for the most common failures. */
export const fail = {
  notFound: (what = 'Not found.') => new GuildError('not_found', what),
  forbidden: (message?: string) => new GuildError('forbidden', message),
  unauthenticated: () => new GuildError('unauthenticated'),
  validation: (message: string, details?: ErrorDetails) =>
    new GuildError('validation_failed', message, details),
  conflict: (message: string, details?: ErrorDetails) =>
    new GuildError('conflict', message, details),
};
