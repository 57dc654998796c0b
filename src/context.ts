import type { EntityManager } from '@mikro-orm/postgresql';
import type { Services } from './composition';
import { WORKSPACE_FILTER } from './entities';
import type { Logger } from './infra/logger';
import { type AuditTrail, attachTrail } from './services/audit/audit-trail';
import { type CampaignLoaders, createCampaignLoaders } from './services/campaigns/campaign.loaders';
import type { Scope, Viewer } from './services/viewer';

export type { Services };

/** Everything a resolver sees for one operation. */
export interface Context extends Scope {
  requestId: string;
  logger: Logger;
  loaders: CampaignLoaders;
  services: Services;
  /** The operation's audit trail: which mutation runs (set once the operation is known), what it recorded. */
  audit: AuditTrail;
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
  const audit: AuditTrail = {
    workspaceId: props.viewer.workspace.id,
    actorKeyId: props.viewer.apiKeyId,
    requestId: props.requestId,
    action: null,
    recorded: 0,
  };
  attachTrail(em, audit);
  return {
    audit,
    em,
    viewer: props.viewer,
    requestId: props.requestId,
    // Every line of the operation names its workspace and key (their ids, never the key itself).
    logger: props.logger.child({ workspaceId: props.viewer.workspace.id, apiKeyId: props.viewer.apiKeyId }),
    services: props.services,
    loaders: createCampaignLoaders(em),
  } satisfies Context;
}
