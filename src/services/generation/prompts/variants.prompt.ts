/** The copy task: distinct variants of a post for one platform, following the outline. */
export const VARIANTS_TASK = `# Task: platform copy
Write the requested number of variants of copy for the target platform, following the outline and the platform's
rules above. Answer with {"variants": [...]}, one entry per variant, each with:
- "title": the blog title or the email subject line; null for every other platform.
- "body": the text exactly as it will be published (Markdown headings for a blog; for an email, the preheader as the
  first line). Do not put hashtags in the body.
- "hashtags": the hashtags for this variant, each starting with "#", without spaces; an empty array when the
  platform uses none. They are appended to the end of the post where the platform shows them, which is where
  the platform rules want them.
Each variant opens with a different hook (a question, a bold claim, a scene, a number from the brief…) and stays
within the platform's limits. Write the body first and completely; keep it natural, never stuffed with keywords.`;
