import { ANNOUNCEMENT_TEMPLATES } from './announcement-templates.data';
import { EDITORIAL_TEMPLATES } from './editorial-templates.data';
import { ENGAGEMENT_TEMPLATES } from './engagement-templates.data';
import { PROMOTION_TEMPLATES } from './promotion-templates.data';
import { SOCIAL_PROOF_TEMPLATES } from './social-proof-templates.data';
import type { TemplateDefinition } from './template.types';

function deepFreeze<T>(value: T): T {
  if (value && typeof value === 'object') {
    Object.freeze(value);
    for (const child of Object.values(value)) deepFreeze(child);
  }
  return value;
}

/** The ten built-in templates in catalogue order. Frozen: every workspace shares them. */
export const BUILT_IN_TEMPLATES: readonly TemplateDefinition[] = deepFreeze([
  ...ANNOUNCEMENT_TEMPLATES,
  ...SOCIAL_PROOF_TEMPLATES,
  ...EDITORIAL_TEMPLATES,
  ...PROMOTION_TEMPLATES,
  ...ENGAGEMENT_TEMPLATES,
]);
