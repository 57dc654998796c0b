import { Empty } from '../components/states';

/** Placeholder: built in its own change. */
export function OperationsScreen() {
  return <Empty title="Operations is coming" />;
}
