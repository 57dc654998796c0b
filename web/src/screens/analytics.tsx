import { Empty } from '../components/states';

/** Placeholder: built in its own change. */
export function AnalyticsScreen() {
  return <Empty title="Analytics is coming" />;
}
