import type { EntityManager } from '@mikro-orm/postgresql';
import { WORKSPACE_FILTER } from './entities';
import type { Logger } from './infra/logger';
import type { ApiKeyService } from './services/auth/api-key.service';
import type { BrandService } from './services/brand/brand.service';
import { type CampaignLoaders, createCampaignLoaders } from './services/campaigns/campaign.loaders';
import type { CampaignService } from './services/campaigns/campaign.service';
import type { GenerationService } from './services/generation/generation.service';
import type { JobService } from './services/generation/job.service';
import type { ContentCheckService } from './services/quality/content-check.service';
import type { TemplateCatalogService } from './services/templates/template-catalog.service';
import type { Scope, Viewer } from './services/viewer';

/** The services resolvers call; built once in app.ts. */
export interface Services {
  apiKeys: ApiKeyService;
  campaigns: CampaignService;
  jobs: JobService;
  generation: GenerationService;
  brand: BrandService;
  templates: TemplateCatalogService;
  contentCheck: ContentCheckService;
}

/** Everything a resolver sees for one operation. */
export interface Context extends Scope {
  requestId: string;
  logger: Logger;
  loaders: CampaignLoaders;
  services: Services;
}

export interface ContextProps {
  /** A fork of the ORM's EntityManager that belongs to this operation alone. */
  em: EntityManager;
  viewer: Viewer;
  requestId: string;
  logger: Logger;
  services: Services;
}

/**
 * The one context factory, for HTTP and WebSocket alike: the operation's EntityManager scoped to the caller's
 * workspace by the workspace filter, and fresh batch loaders.
 */
export function createContext(props: ContextProps): Context {
  const { em } = props;
  em.setFilterParams(WORKSPACE_FILTER, { id: props.viewer.workspace.id });
  return {
    em,
    viewer: props.viewer,
    requestId: props.requestId,
    logger: props.logger,
    services: props.services,
    loaders: createCampaignLoaders(em, props.viewer.workspace.id),
  } satisfies Context;
}
