/** Ambassador content submissions and their approval (being built). */
import type { ComplianceDeps } from '../compliance.js';

export function registerContent(_deps: ComplianceDeps): void {}
