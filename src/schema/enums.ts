import { registerEnumType } from 'type-graphql';
import { CampaignStatus, ContentStatus, GenerationStage, JobStatus, Platform, Role, Tone } from '../entities';

registerEnumType(Platform, { name: 'Platform', description: 'A channel Copydesk writes for.' });
registerEnumType(Tone, { name: 'Tone', description: 'The voice of a campaign.' });
registerEnumType(Role, { name: 'Role', description: 'VIEWER reads; EDITOR also writes; ADMIN also manages.' });
registerEnumType(CampaignStatus, { name: 'CampaignStatus' });
registerEnumType(JobStatus, { name: 'JobStatus' });
registerEnumType(GenerationStage, { name: 'GenerationStage' });
registerEnumType(ContentStatus, {
  name: 'ContentStatus',
  description: 'DRAFT, or FLAGGED when moderation flagged it.',
});

export { CampaignStatus, ContentStatus, GenerationStage, JobStatus, Platform, Role, Tone };
