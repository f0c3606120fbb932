/**
 * The translations, one tree per language. Larger areas keep their strings in their own files
 * under parts/ (each with its own top-level keys), merged here, so work on one area never
 * touches another's file.
 */
import ageGateDe from './parts/ageGate.de.json';
import ageGateEn from './parts/ageGate.en.json';
import analyticsDe from './parts/analytics.de.json';
import analyticsEn from './parts/analytics.en.json';
import analyticsProgramDe from './parts/analyticsProgram.de.json';
import analyticsProgramEn from './parts/analyticsProgram.en.json';
import handbookDe from './parts/handbook.de.json';
import handbookEn from './parts/handbook.en.json';
import de from './de.json';
import en from './en.json';
import contractsDe from './parts/contracts.de.json';
import contractsEn from './parts/contracts.en.json';
import contentDe from './parts/content.de.json';
import contentEn from './parts/content.en.json';
import privacyCentreDe from './parts/privacyCentre.de.json';
import privacyCentreEn from './parts/privacyCentre.en.json';

export const enResources = {
  ...en,
  ...ageGateEn,
  ...contractsEn,
  ...contentEn,
  ...privacyCentreEn,
  ...analyticsEn,
  ...analyticsProgramEn,
  ...handbookEn,
};
export const deResources = {
  ...de,
  ...ageGateDe,
  ...contractsDe,
  ...contentDe,
  ...privacyCentreDe,
  ...analyticsDe,
  ...analyticsProgramDe,
  ...handbookDe,
};
