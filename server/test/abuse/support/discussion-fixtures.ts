import type { Browser } from '../../support/http.js';

const PREFIX = '/services/academy/';

/**
 * A discussion for the fuzzer to work on, with ids for every discussion route's path. Threads
 * and posts a request may lock or delete are kept apart from those the other routes use, so a
 * random lock or delete early in the run cannot leave a route with nothing it may succeed on.
 */
export async function discussionFixtures(ada: Browser, bob: Browser, teach: Browser): Promise<{ params: Record<string, string[]> }> {
  const idOf = async (res: Promise<Response>): Promise<string> => {
    const answer = await res;
    if (answer.status !== 201) throw new Error(`discussion fixture answered ${answer.status}: ${await answer.text()}`);
    return ((await answer.json()) as { id: string }).id;
  };
  const ask = (title: string): Promise<string> => idOf(ada.post(`${PREFIX}api/courses/demo/discussions`, { place: { lessonId: 'lesson-one' }, title, body: 'Why is water 0 HU?' }));
  const reply = (b: Browser, thread: string, body: string): Promise<string> => idOf(b.post(`${PREFIX}api/discussions/${thread}/posts`, { body }));

  const threads = [await ask('Fuzzed thread one'), await ask('Fuzzed thread two')];
  const lockable = await ask('A thread the fuzzer may lock');
  const posts: string[] = [];
  for (const thread of threads) {
    posts.push(await reply(bob, thread, 'By definition.'));
    for (let i = 0; i < 2; i++) posts.push(await reply(ada, thread, `Thanks (${i}).`));
  }
  const deletable: string[] = [];
  for (let i = 0; i < 3; i++) deletable.push(await reply(ada, threads[0]!, `To be deleted (${i}).`));
  await ada.post(`${PREFIX}api/discussion-posts/${posts[0]}/reports`, { reason: 'fuzz fixture' });
  const queue = (await (await teach.get(`${PREFIX}api/courses/demo/moderation`)).json()) as { reports: Array<{ id: string }> };
  return { params: { thread: threads, 'PUT thread': [lockable], post: posts, 'DELETE post': deletable, report: queue.reports.map((r) => r.id) } };
}
