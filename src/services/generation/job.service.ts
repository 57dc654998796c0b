import { GenerationJob } from '../../entities';
import { findOwned } from '../scoped-data';
import type { Scope } from '../viewer';

/** Reads generation jobs; starting and running them arrives with the generation engine. */
export class JobService {
  /** The job with this id in the caller's workspace, or null. */
  async find(scope: Scope, id: string): Promise<GenerationJob | null> {
    return findOwned(scope, GenerationJob, id);
  }
}
