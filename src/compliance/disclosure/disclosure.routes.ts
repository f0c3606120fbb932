/** The disclosure checker's API (being built). */
import type { ComplianceDeps } from '../compliance.js';

export function registerDisclosureRoutes(_deps: ComplianceDeps): void {}
