import { Empty } from '../components/states';

/** Placeholder: built in its own change. */
export function UsageScreen() {
  return <Empty title="Usage is coming" />;
}
