import { Empty } from '../components/states';

/** Placeholder: built in its own change. */
export function CalendarScreen() {
  return <Empty title="Calendar is coming" />;
}
