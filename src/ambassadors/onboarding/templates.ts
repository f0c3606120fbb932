/**
 * The wording of the program's e-mails: Guild's defaults per locale, a manager's override per
 * program and locale, how the locale is chosen, and rendering. Templates are Mustache, limited
 * to plain `{{name}}` placeholders from a known list: no sections, partials or changed
 * delimiters. Values are data: Mustache never reads a value as a template, so a display name
 * holding `{{acceptUrl}}` comes out as those characters.
 */
import Mustache from 'mustache';
import { sql } from 'drizzle-orm';
import { sqlRows, type Orm } from '../../core/db/database.js';
import { fail } from '../../core/errors/errors.js';

export const TEMPLATE_KINDS = ['invitation', 'invitation_reminder', 'onboarding_reminder'] as const;
export type TemplateKind = (typeof TEMPLATE_KINDS)[number];

export const TEMPLATE_LOCALES = ['en-GB', 'en-US', 'de-DE', 'fr-FR'] as const;
export type TemplateLocale = (typeof TEMPLATE_LOCALES)[number];

/** The placeholders each kind offers; `required` ones must appear in an override's body. */
export const PLACEHOLDERS: Record<TemplateKind, { all: readonly string[]; required: string[] }> = {
  invitation: {
    all: ['displayName', 'programName', 'acceptUrl', 'expiresOn', 'communityName', 'privacyUrl'],
    required: ['acceptUrl', 'privacyUrl'],
  },
  invitation_reminder: {
    all: ['displayName', 'programName', 'acceptUrl', 'expiresOn', 'communityName', 'privacyUrl'],
    required: ['acceptUrl', 'privacyUrl'],
  },
  onboarding_reminder: {
    all: [
      'displayName',
      'programName',
      'onboardingUrl',
      'missingItems',
      'communityName',
      'privacyUrl',
    ],
    required: ['onboardingUrl', 'privacyUrl'],
  },
};

export interface Template {
  subject: string;
  body: string;
}

const DEFAULTS: Record<TemplateLocale, Record<TemplateKind, Template>> = {
  'en-GB': {
    invitation: {
      subject: 'You are invited to become a {{programName}} ambassador',
      body: `Hello {{displayName}},

{{communityName}} would like you to join {{programName}}, our ambassador programme. You were chosen for what you already do for the community.

See what it involves and accept or decline here:
{{acceptUrl}}

The invitation is open until {{expiresOn}}.

You are getting this because you agreed to marketing e-mail. To stop it, change your privacy settings: {{privacyUrl}}`,
    },
    invitation_reminder: {
      subject: 'Your invitation to {{programName}} ends soon',
      body: `Hello {{displayName}},

Your invitation to join {{programName}} at {{communityName}} is open until {{expiresOn}}. If you would like to take part, accept it here:
{{acceptUrl}}

If not, you need do nothing: the invitation simply ends.

You are getting this because you agreed to marketing e-mail. To stop it, change your privacy settings: {{privacyUrl}}`,
    },
    onboarding_reminder: {
      subject: 'A few steps left to start as a {{programName}} ambassador',
      body: `Hello {{displayName}},

Thank you for accepting your place in {{programName}}. Before you start, please finish:
{{missingItems}}

Your checklist: {{onboardingUrl}}

This is a service message about the programme you joined. Your e-mail choices are in your privacy settings: {{privacyUrl}}`,
    },
  },
  'en-US': {
    invitation: {
      subject: 'You are invited to become a {{programName}} ambassador',
      body: `Hi {{displayName}},

{{communityName}} would like you to join {{programName}}, our ambassador program. You were picked for what you already do for the community.

Find out what it involves and accept or decline here:
{{acceptUrl}}

The invitation is open until {{expiresOn}}.

You are receiving this because you opted in to marketing email. To stop it, update your privacy settings: {{privacyUrl}}`,
    },
    invitation_reminder: {
      subject: 'Your invitation to {{programName}} expires soon',
      body: `Hi {{displayName}},

Your invitation to join {{programName}} at {{communityName}} is open until {{expiresOn}}. If you would like to take part, accept it here:
{{acceptUrl}}

If not, there is nothing to do: the invitation just expires.

You are receiving this because you opted in to marketing email. To stop it, update your privacy settings: {{privacyUrl}}`,
    },
    onboarding_reminder: {
      subject: 'A few steps left to start as a {{programName}} ambassador',
      body: `Hi {{displayName}},

Thanks for accepting your spot in {{programName}}. Before you get started, please finish:
{{missingItems}}

Your checklist: {{onboardingUrl}}

This is a service message about the program you joined. Your email choices are in your privacy settings: {{privacyUrl}}`,
    },
  },
  'de-DE': {
    invitation: {
      subject: 'Einladung: Werden Sie Botschafter:in bei {{programName}}',
      body: `Hallo {{displayName}},

{{communityName}} lädt Sie ein, beim Botschafterprogramm {{programName}} mitzumachen. Wir haben Sie wegen Ihres Beitrags zur Community ausgewählt.

Was dazugehört und wie Sie zusagen oder absagen, sehen Sie hier:
{{acceptUrl}}

Die Einladung gilt bis {{expiresOn}}.

Sie erhalten diese E-Mail, weil Sie Marketing-E-Mails zugestimmt haben. Abbestellen können Sie sie in Ihren Datenschutzeinstellungen: {{privacyUrl}}`,
    },
    invitation_reminder: {
      subject: 'Ihre Einladung zu {{programName}} läuft bald ab',
      body: `Hallo {{displayName}},

Ihre Einladung zu {{programName}} bei {{communityName}} gilt noch bis {{expiresOn}}. Wenn Sie mitmachen möchten, sagen Sie hier zu:
{{acceptUrl}}

Andernfalls müssen Sie nichts tun: Die Einladung läuft einfach ab.

Sie erhalten diese E-Mail, weil Sie Marketing-E-Mails zugestimmt haben. Abbestellen können Sie sie in Ihren Datenschutzeinstellungen: {{privacyUrl}}`,
    },
    onboarding_reminder: {
      subject: 'Noch wenige Schritte bis zum Start bei {{programName}}',
      body: `Hallo {{displayName}},

danke, dass Sie Ihren Platz bei {{programName}} angenommen haben. Bevor es losgeht, fehlt noch:
{{missingItems}}

Zu Ihrer Checkliste: {{onboardingUrl}}

Dies ist eine Service-Nachricht zu dem Programm, dem Sie beigetreten sind. Ihre E-Mail-Einstellungen finden Sie in den Datenschutzeinstellungen: {{privacyUrl}}`,
    },
  },
  'fr-FR': {
    invitation: {
      subject: 'Vous êtes invité(e) à devenir ambassadeur de {{programName}}',
      body: `Bonjour {{displayName}},

{{communityName}} vous invite à rejoindre {{programName}}, son programme d'ambassadeurs. Nous vous avons choisi(e) pour ce que vous apportez déjà à la communauté.

Découvrez ce qu'il implique et acceptez ou refusez ici :
{{acceptUrl}}

L'invitation est valable jusqu'au {{expiresOn}}.

Vous recevez ce message car vous avez accepté les e-mails marketing. Pour ne plus les recevoir, modifiez vos paramètres de confidentialité : {{privacyUrl}}`,
    },
    invitation_reminder: {
      subject: 'Votre invitation à {{programName}} expire bientôt',
      body: `Bonjour {{displayName}},

Votre invitation à rejoindre {{programName}} chez {{communityName}} est valable jusqu'au {{expiresOn}}. Si vous souhaitez participer, acceptez-la ici :
{{acceptUrl}}

Sinon, vous n'avez rien à faire : l'invitation expirera d'elle-même.

Vous recevez ce message car vous avez accepté les e-mails marketing. Pour ne plus les recevoir, modifiez vos paramètres de confidentialité : {{privacyUrl}}`,
    },
    onboarding_reminder: {
      subject: 'Encore quelques étapes avant de commencer avec {{programName}}',
      body: `Bonjour {{displayName}},

Merci d'avoir accepté votre place dans {{programName}}. Avant de commencer, il vous reste à :
{{missingItems}}

Votre liste d'étapes : {{onboardingUrl}}

Ceci est un message de service concernant le programme que vous avez rejoint. Vos choix d'e-mails se trouvent dans vos paramètres de confidentialité : {{privacyUrl}}`,
    },
  },
};

/** The checklist's items in words, per locale (for the onboarding reminder). */
export const ITEM_LABELS: Record<
  TemplateLocale,
  Record<'agreement' | 'training' | 'profile', string>
> = {
  'en-GB': {
    agreement: 'sign the ambassador agreement',
    training: 'pass the short quiz on disclosing sponsored content',
    profile: 'complete your profile (a bio of at least 20 characters and your region)',
  },
  'en-US': {
    agreement: 'sign the ambassador agreement',
    training: 'pass the short quiz on disclosing sponsored content',
    profile: 'complete your profile (a bio of at least 20 characters and your region)',
  },
  'de-DE': {
    agreement: 'die Botschaftervereinbarung unterzeichnen',
    training: 'das kurze Quiz zur Kennzeichnung von Werbung bestehen',
    profile: 'Ihr Profil vervollständigen (mindestens 20 Zeichen Bio und Ihre Region)',
  },
  'fr-FR': {
    agreement: "signer l'accord d'ambassadeur",
    training: 'réussir le court quiz sur la mention des contenus sponsorisés',
    profile: 'compléter votre profil (une bio d’au moins 20 caractères et votre région)',
  },
};

export function defaultTemplate(kind: TemplateKind, locale: TemplateLocale): Template {
  return DEFAULTS[locale][kind];
}

function supported(locale: string | null | undefined): TemplateLocale | null {
  if (!locale) {
    return null;
  }
  const exact = TEMPLATE_LOCALES.find((l) => l.toLowerCase() === locale.toLowerCase());
  if (exact) {
    return exact;
  }
  const language = locale.split(/[-_]/)[0]!.toLowerCase();
  return TEMPLATE_LOCALES.find((l) => l.startsWith(`${language}-`)) ?? null;
}

/** The member's locale if Guild has templates in it (or its language), else the tenant's, else en-GB. */
export function chooseLocale(
  memberLocale: string | null | undefined,
  tenantLocale: string | null | undefined,
): TemplateLocale {
  return supported(memberLocale) ?? supported(tenantLocale) ?? 'en-GB';
}

type Token = [string, string, number, number, ...unknown[]];

/**
 * Checks one template text: it parses, and uses only `{{name}}` placeholders the kind offers.
 * Returns the placeholders used; throws `validation_failed` naming the field otherwise.
 */
export function checkTemplateText(kind: TemplateKind, field: string, text: string): Set<string> {
  let tokens: Token[];
  try {
    tokens = Mustache.parse(text);
  } catch (error) {
    throw fail.validation(
      `The ${field} is not a valid template: ${error instanceof Error ? error.message : 'it does not parse'}.`,
      { field },
    );
  }
  const known = PLACEHOLDERS[kind].all;
  const used = new Set<string>();
  for (const token of tokens) {
    const [type, value] = token;
    if (type === 'text') {
      continue;
    }
    if (type !== 'name') {
      throw fail.validation(
        `The ${field} may only use plain placeholders such as {{programName}}; "{{${type}${value}}}" is not allowed.`,
        { field, allowed: [...known] },
      );
    }
    if (!known.includes(value)) {
      throw fail.validation(`The ${field} uses an unknown placeholder {{${value}}}.`, {
        field,
        placeholder: value,
        allowed: [...known],
      });
    }
    used.add(value);
  }
  return used;
}

/** Validates a manager's template; returns it trimmed. */
export function checkTemplate(kind: TemplateKind, input: Template): Template {
  const subject = input.subject.trim();
  const body = input.body.replace(/\r\n/g, '\n').trim();
  if (subject === '' || /[\r\n]/.test(subject)) {
    throw fail.validation('The subject is one line of text.', { field: 'subject' });
  }
  if (body === '') {
    throw fail.validation('The body may not be empty.', { field: 'body' });
  }
  checkTemplateText(kind, 'subject', subject);
  const used = checkTemplateText(kind, 'body', body);
  const missing = PLACEHOLDERS[kind].required.filter((p) => !used.has(p));
  if (missing.length > 0) {
    throw fail.validation(
      `The body must contain ${missing.map((p) => `{{${p}}}`).join(' and ')} (the link to act on, and how to stop e-mail).`,
      { field: 'body', missing },
    );
  }
  return { subject, body };
}

/** Fills a template with plain-text values (no HTML escaping: these are text e-mails). */
export function renderTemplate(text: string, values: Record<string, string>): string {
  return Mustache.render(text, values, {}, { escape: (value: string) => value });
}

/** The override for a program, kind and locale, if a manager set one. */
export async function templateOverride(
  tx: Orm,
  programId: string,
  kind: TemplateKind,
  locale: TemplateLocale,
): Promise<(Template & { updatedAt: Date }) | null> {
  const [row] = await sqlRows<{ subject: string; body: string; updated_at: string | Date }>(
    tx,
    sql`select subject, body, updated_at from ambassador_templates
         where program_id = ${programId} and kind = ${kind} and locale = ${locale}`,
  );
  return row ? { subject: row.subject, body: row.body, updatedAt: new Date(row.updated_at) } : null;
}

export async function effectiveTemplate(
  tx: Orm,
  programId: string,
  kind: TemplateKind,
  locale: TemplateLocale,
): Promise<Template> {
  return (await templateOverride(tx, programId, kind, locale)) ?? defaultTemplate(kind, locale);
}

export async function saveTemplate(
  tx: Orm,
  tenantId: string,
  input: {
    programId: string;
    kind: TemplateKind;
    locale: TemplateLocale;
    template: Template;
    by: string;
  },
): Promise<Template> {
  const clean = checkTemplate(input.kind, input.template);
  await tx.execute(
    sql`insert into ambassador_templates (tenant_id, program_id, kind, locale, subject, body,
          updated_by)
        values (${tenantId}, ${input.programId}, ${input.kind}, ${input.locale}, ${clean.subject},
                ${clean.body}, ${input.by})
        on conflict (program_id, kind, locale) do update
          set subject = excluded.subject, body = excluded.body,
              updated_by = excluded.updated_by, updated_at = now()`,
  );
  return clean;
}

export async function removeTemplate(
  tx: Orm,
  programId: string,
  kind: TemplateKind,
  locale: TemplateLocale,
): Promise<boolean> {
  const rows = await sqlRows<{ kind: string }>(
    tx,
    sql`delete from ambassador_templates
         where program_id = ${programId} and kind = ${kind} and locale = ${locale} returning kind`,
  );
  return rows.length > 0;
}
