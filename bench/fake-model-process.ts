import { startFakeOpenAi } from '../test/support/fake-openai';
import { benchReply, FAKE_MODEL } from './fake-llm';

/**
 * The fake OpenAI-compatible server at the benchmark's pace (400 ms to the first token, 80 tokens/s), in a process
 * of its own so that its work is not counted as the server's. Sends its /v1 URL, and stops on SIGTERM.
 */
async function main(): Promise<void> {
  const fake = await startFakeOpenAi({ ...FAKE_MODEL, respond: benchReply });
  process.send?.({ url: fake.url });
  const close = () => {
    fake.close().finally(() => process.exit(0));
  };
  process.once('SIGTERM', close);
  process.once('disconnect', close);
}

main().catch((error: unknown) => {
  process.stderr.write(`${String(error)}\n`);
  process.exit(1);
});
