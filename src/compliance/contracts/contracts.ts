/** Ambassador contracts (being built). */
import type { ComplianceDeps } from '../compliance.js';

export function registerContracts(_deps: ComplianceDeps): void {}
