import { Empty } from '../components/states';

/** Placeholder: built in its own change. */
export function ReviewLinkScreen({ token }: { token: string }) {
  void token;
  return <Empty title="Review link is coming" />;
}
export function _unused() {
  return <Empty title="ReviewLink is coming" />;
}
