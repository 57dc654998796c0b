import { GenerationJob } from '../../entities';
import { isUuid } from '../campaigns/cursor';
import type { Scope } from '../viewer';

/** Reads generation jobs; starting and running them arrives with the generation engine. */
export class JobService {
  /** The job with this id in the caller's workspace, or null. */
  async find(scope: Scope, id: string): Promise<GenerationJob | null> {
    if (!isUuid(id)) return null;
    return scope.em.findOne(GenerationJob, { id });
  }
}
