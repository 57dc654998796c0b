import { Empty } from '../components/states';

/** Placeholder: built in its own change. */
export function CampaignScreen({ id }: { id: string }) {
  void id;
  return <Empty title="Campaign is coming" />;
}
export function _unused() {
  return <Empty title="Campaign is coming" />;
}
