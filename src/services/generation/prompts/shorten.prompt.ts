/** The shorten task: one variant rewritten to fit its platform's limit. */
export const SHORTEN_TASK = `# Task: shorten
A variant is over its platform's limit. Rewrite it so that the body, together with its hashtags where the platform
posts them, fits the limit given, as the platform counts characters. Keep the hook, the product name, the call to
action and the URL; cut secondary details and fewer hashtags before cutting those. Keep the same language, tone and
title (shorten the title only if it breaks the title limit). Answer with {"title", "body", "hashtags"} in the same
shape as the variant.`;
