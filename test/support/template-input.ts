/** The one variable of the sweep's templates. */
export const TEMPLATE_VARIABLE = 'product';

/** A valid TemplateInput with one variable, `product` (default "Acme"). */
export function sweepTemplate(key: string): Record<string, unknown> {
  return {
    key,
    name: 'Sweep launch',
    category: 'announcement',
    description: 'Announce a product.',
    platforms: ['LINKEDIN', 'TWITTER'],
    tone: 'FRIENDLY',
    variables: [
      { name: TEMPLATE_VARIABLE, description: 'The product', required: false, defaultValue: 'Acme', kind: 'text' },
    ],
    campaignName: `{{${TEMPLATE_VARIABLE}}} launch`,
    brief: {
      productName: `{{${TEMPLATE_VARIABLE}}}`,
      description: [`{{${TEMPLATE_VARIABLE}}} folds into a backpack.`],
      features: ['Folds into a backpack'],
      audience: 'Commuters',
      callToAction: 'Pre-order today',
      keywords: ['commute'],
      url: 'https://acme.example/rocket',
      language: 'en',
    },
    guidance: [{ platform: 'LINKEDIN', text: 'Lead with the commute.' }],
    example: [{ name: TEMPLATE_VARIABLE, value: 'Acme Rocket' }],
  };
}
