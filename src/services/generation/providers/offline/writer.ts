import { type BriefData, type OutlineData, Platform } from '../../../../entities';
import type { VariantDraft } from '../../../platforms/platform-rules';
import { writeBlogPost } from './blog';
import { buildContext } from './context';
import { writeEmail } from './email';
import { writeFacebookPost, writeInstagramCaption, writeLinkedInPost, writeXPost } from './social';

/** What one variant is written from. */
export interface VariantSpec {
  brief: BriefData;
  outline: OutlineData | null;
  platform: Platform;
  /** 0-based position among the platform's variants; picks the hook and the order of features. */
  index: number;
}

/** One variant of one platform, within that platform's rules; the same spec always gives the same copy. */
export function writeVariant(spec: VariantSpec): VariantDraft {
  const ctx = buildContext(spec.brief, spec.outline, spec.platform, spec.index);
  switch (spec.platform) {
    case Platform.TWITTER:
      return { title: null, ...writeXPost(ctx) };
    case Platform.LINKEDIN:
      return { title: null, ...writeLinkedInPost(ctx) };
    case Platform.FACEBOOK:
      return { title: null, ...writeFacebookPost(ctx) };
    case Platform.INSTAGRAM:
      return { title: null, ...writeInstagramCaption(ctx) };
    case Platform.BLOG:
      return writeBlogPost(ctx);
    case Platform.EMAIL:
      return writeEmail(ctx);
    default:
      return assertNever(spec.platform);
  }
}

/** The compiler proves every platform has a writer: a new Platform fails to build here. */
function assertNever(value: never): never {
  throw new Error(`no offline writer for platform ${String(value)}`);
}
