import { Empty } from '../components/states';

/** Placeholder: built in its own change. */
export function CampaignsScreen() {
  return <Empty title="Campaigns is coming" />;
}
