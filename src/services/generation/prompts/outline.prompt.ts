/** The outline task: one campaign-wide plan that every platform's copy then follows. */
export const OUTLINE_TASK = `# Task: campaign outline
Plan the campaign before any copy is written. Answer with:
- "headline": one sentence, at most 90 characters, that carries the product's main promise to the audience.
- "keyMessages": 3 to 5 short messages, each one concrete benefit drawn from the features and description,
  most important first.
- "angle": one sentence on the creative angle (the story or contrast the copy will use), or null if none fits.`;
