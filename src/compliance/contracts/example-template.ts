/**
 * A complete ambassador contract that passes every clause check: the demo publishes it, the
 * tests start from it, and a manager may copy it as a first draft. One clause per CON id.
 */

/** The clauses of the example, by id; `exampleTemplate()` joins them into one body. */
export const EXAMPLE_CLAUSES = {
  'CON-01': `## Disclosure {#CON-01}

You must disclose our relationship in every post, story, video and live stream about our
products. Start every brand-related post with "Ad" in the UK and Ireland, "Ad" or "Sponsored"
in the US, and "Werbung" in Germany. The label goes up front, before any other text, and is
said aloud at the start of videos and live streams. This applies in all media.`,
  'CON-02': `## Monitoring and corrections {#CON-02}

We monitor posts made under this contract. When we tell you a post is missing its label or
says something it should not, you fix or remove it within 24 hours of our notice. Two
breaches not fixed in time let us terminate this contract at once.`,
  'CON-03': `## Term {#CON-03}

This contract starts on the start date and ends on the end date shown above it. It renews
only by a new written agreement; you may decline a renewal. Your disclosure duty for posts
made during the term and the content licence survive the end of the contract.`,
  'CON-04': `## Compensation {#CON-04}

You receive points at the standard rate for each approved mission, a product allowance of
£100 per month, and early access to new collections. Points are credited on approval; the
allowance is paid monthly. You are responsible for any taxes due on what you receive.`,
  'CON-05': `## Scope and approvals {#CON-05}

You post on the platforms named in each mission (Instagram, TikTok, YouTube or your blog).
Claims about health, efficacy, prices or comparisons with competitors need our written
approval before you post them. You must never make medical claims about our products.`,
  'CON-06': `## Honest opinion {#CON-06}

Every opinion you share is your own honest view. You only endorse products you have actually
used. You are free to say what you dislike: negative opinions are allowed and will never cost
you your place or your compensation.`,
  'CON-07': `## Content licence {#CON-07}

You keep ownership of your content and grant us a licence to share it on our own channels for
12 months. Paid use in ads, boosting or whitelisting needs your agreement and a separate fee.`,
  'CON-08': `## Your data {#CON-08}

We process your contact details, purchase data from our CRM, your social metrics and your
ambassador score. We use this data only to run the program and pay you. It is kept for 24
months after the contract ends and then deleted. We reach your social accounts only through
API scopes you consented to; we never ask for your passwords.`,
  'CON-09': `## Conduct and termination {#CON-09}

Be respectful and do not bring the brand into disrepute. You may not promote a direct
competitor during the term. Either side may terminate this contract with 14 days written
notice. You act as an independent contractor, not an employee.`,
  'CON-10': `## Records {#CON-10}

We keep a record of every gift, product and payment you receive under this contract.`,
} as const;

/** The example contract's body: a short introduction and every clause. */
export function exampleTemplate(brand = 'the brand'): string {
  return [
    `# Ambassador agreement`,
    `This agreement is between ${brand} and you, the ambassador.`,
    ...Object.values(EXAMPLE_CLAUSES),
  ].join('\n\n');
}
