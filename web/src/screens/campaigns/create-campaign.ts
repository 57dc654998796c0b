import { useMemo } from 'react';
import { useLocation } from 'wouter';
import { useMutation } from '../../api/hooks';
import { type BriefFormState, createCampaignInput, foldItemErrors } from './logic';
import { CreateCampaignMutation } from './queries';

/** Creates the campaign and opens its page; the error stays for the form (item errors folded into their list). */
export function useCreateCampaign(): {
  create(form: BriefFormState): Promise<void>;
  error: unknown;
  loading: boolean;
  reset(): void;
} {
  const [run, state] = useMutation(CreateCampaignMutation);
  const [, navigate] = useLocation();
  const create = async (form: BriefFormState) => {
    const data = await run({ input: createCampaignInput(form) });
    if (data) navigate(`/campaigns/${data.createCampaign.id}`);
  };
  const error = useMemo(() => foldItemErrors(state.error), [state.error]);
  return { create, error, loading: state.loading, reset: state.reset };
}
