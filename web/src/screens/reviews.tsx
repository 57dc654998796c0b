import { Empty } from '../components/states';

/** Placeholder: built in its own change. */
export function ReviewsScreen() {
  return <Empty title="Reviews is coming" />;
}
