import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import type { BrowserContext, Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hubLogin, launchBrowser, offOrigin, recordRequests } from './support/browser.js';
import { ARTIFACTS, startTestHub, type IRunningHub } from './support/hub.js';

/**
 * The discussion on the real hub (issue 16), three people in three browsers: learner A asks about
 * an assessment item from the assessment panel, learner B finds the question from the sidebar's
 * count and answers, A sees the reply arrive live with a notification, an instructor (seeing who
 * A is behind "Anonymous learner") endorses the answer, B is told live, and a report goes through
 * the moderation queue in the instructor workspace. No remote image in a post is ever fetched.
 */
const COURSE = 'medical-image-analysis';
const LESSON = 'intro-medical-imaging';
const ITEM = 'calibrated-modality';
const tag = randomBytes(3).toString('hex');
const A = `asker-${tag}`;
const B = `helper-${tag}`;
const TEACHER = `teacher-${tag}`;
const QUESTION = 'Why is CT calibrated but MR is not?';
const REMOTE = ['http://example.com/pixel.png', 'https://tracker.example.org/t.gif'];

async function login(context: BrowserContext, hubUrl: string, user: string): Promise<Page> {
  const page = await context.newPage();
  await hubLogin(page, hubUrl, user);
  await page.waitForURL(new RegExp(`/user/${user}/lab`), { timeout: 120_000 });
  await page.locator(`#voxel-academy-sidebar [data-lesson-id="${LESSON}"]`).waitFor({ timeout: 60_000 });
  return page;
}

const panelOf = (page: Page): Locator => page.locator('#voxel-academy-discussion');
const postsOf = (page: Page): Locator => panelOf(page).locator('.va-Discussion-thread .va-Discussion-post');

describe('discussion per lesson and item, live, with moderation', () => {
  let hub: IRunningHub;
  const contexts: BrowserContext[] = [];
  const requests: string[][] = [];
  let a: Page;
  let b: Page;
  let teacher: Page;

  beforeAll(async () => {
    hub = await startTestHub('discussion', { VOXEL_INSTRUCTORS: TEACHER });
    for (let i = 0; i < 3; i++) {
      const context = await launchBrowser();
      contexts.push(context);
      requests.push(recordRequests(context));
    }
    const [ca, cb, ct] = contexts as [BrowserContext, BrowserContext, BrowserContext];
    [a, b, teacher] = await Promise.all([login(ca, hub.url, A), login(cb, hub.url, B), login(ct, hub.url, TEACHER)]);
  }, 400_000);

  afterAll(async () => {
    for (const c of contexts) await c.close();
    await hub?.stop();
  });

  it('A asks about an item, B answers from the sidebar, A sees it live, the instructor endorses and B is told', async () => {
    // A: the lesson's assessment, then "Ask about this item" on its first question.
    await a.locator(`#voxel-academy-sidebar [data-lesson-id="${LESSON}"] .va-Lesson-assessment`).click();
    const assessment = a.locator('.va-Assessment:visible');
    await assessment.locator(`[data-item-id="${ITEM}"] .va-Assessment-ask`).click();
    const panel = panelOf(a);
    await expect.poll(() => panel.locator('.va-Discussion-place').getAttribute('data-item-id'), { timeout: 30_000 }).toBe(ITEM);
    await panel.locator('.va-Discussion-empty').waitFor({ timeout: 20_000 });
    await panel.locator('.va-Discussion-askTitle').fill(QUESTION);
    const body = ['I compared the two:', '', '```python', 'print(image.GetSpacing())', '```', '', `![pixel](${REMOTE[0]})`, `<img src="${REMOTE[1]}">`].join('\n');
    await panel.locator('.va-Discussion-askBody').fill(body);
    await panel.locator('.va-Discussion-anonymous input').check();
    await panel.locator('.va-Discussion-askButton').click();
    const question = postsOf(a).first();
    await question.waitFor({ timeout: 20_000 });
    // Markdown with code renders; the remote images are replaced by a note, never fetched.
    await question.locator('.va-Discussion-body pre').first().waitFor({ timeout: 20_000 });
    await expect(question.locator('.va-Discussion-body').innerText()).resolves.toContain('print(image.GetSpacing())');
    await expect(question.locator('.va-Discussion-body img').count()).resolves.toBe(0);
    await expect(question.locator('.va-Discussion-blocked').count()).resolves.toBe(2);
    // The asker knows it is theirs; peers will see "Anonymous learner".
    await expect(question.locator('.va-Discussion-authorName').innerText()).resolves.toBe(`${A} (anonymous to peers)`);
    await a.screenshot({ path: join(ARTIFACTS, 'discussion-asked.png') });

    // B: the sidebar counts one question on the lesson; its bubble opens the lesson's discussion.
    const bubble = b.locator(`#voxel-academy-sidebar .va-Course[data-course-id="${COURSE}"] [data-lesson-id="${LESSON}"] .va-Lesson-discussion`);
    await b.locator('#voxel-academy-sidebar .va-Sidebar-refresh').click();
    await expect.poll(() => bubble.getAttribute('data-threads'), { timeout: 20_000 }).toBe('1');
    await bubble.click();
    const row = panelOf(b).locator('.va-Discussion-row', { hasText: QUESTION });
    await row.waitFor({ timeout: 20_000 });
    await expect(row.innerText()).resolves.toContain('Anonymous learner');
    await expect(row.innerText()).resolves.not.toContain(A);
    await row.locator('.va-Discussion-open').click();
    await panelOf(b).locator('.va-Discussion-replyBody').fill('The CT scanner maps attenuation to **Hounsfield units**; MR intensities have no such scale.');
    await panelOf(b).locator('.va-Discussion-send').click();

    // A: the reply arrives in the open thread and as a notification, without a reload.
    await expect.poll(() => postsOf(a).count(), { timeout: 20_000, message: 'the reply should appear live in A’s thread' }).toBe(2);
    await a.getByText(`${B} replied to your question “${QUESTION}”`).first().waitFor({ timeout: 20_000 });
    await expect(postsOf(a).nth(1).locator('.va-Discussion-body strong').innerText()).resolves.toBe('Hounsfield units');
    await a.screenshot({ path: join(ARTIFACTS, 'discussion-reply-live.png') });

    // A learner has no moderation buttons, and the server refuses the routes anyway.
    await expect(panelOf(b).locator('.va-Discussion-endorse, .va-Discussion-hide, .va-Discussion-lock').count()).resolves.toBe(0);
    const answerId = await postsOf(b).nth(1).getAttribute('data-post-id');
    const refused = await b.evaluate(async (post) => {
      const res = await fetch(`/services/academy/api/discussion-posts/${post}/endorsement`, { method: 'PUT', headers: { 'content-type': 'application/json', 'x-voxel-academy': '1' }, body: JSON.stringify({ endorsed: true }) });
      return res.status;
    }, answerId);
    expect(refused).toBe(403);

    // The instructor sees who asked, and endorses B's answer; A's view and B's notification follow live.
    await teacher.locator(`#voxel-academy-sidebar [data-lesson-id="${LESSON}"] .va-Lesson-discussion`).click();
    await panelOf(teacher).locator('.va-Discussion-row', { hasText: QUESTION }).locator('.va-Discussion-open').click();
    await expect(postsOf(teacher).first().locator('.va-Discussion-authorName').innerText()).resolves.toBe(`${A} (anonymous to peers)`);
    await postsOf(teacher).nth(1).locator('.va-Discussion-endorse').click();
    await postsOf(a).nth(1).locator('.va-Discussion-endorsement').waitFor({ timeout: 20_000 });
    await b.getByText(`An instructor endorsed your answer in “${QUESTION}”`).first().waitFor({ timeout: 20_000 });
    await teacher.screenshot({ path: join(ARTIFACTS, 'discussion-endorsed.png') });

    // A marks it resolved; the sidebar's bubble and the list say so.
    await panelOf(a).locator('.va-Discussion-resolve').click();
    await panelOf(a).locator('.va-Discussion-thread .va-Discussion-resolved').waitFor({ timeout: 20_000 });
  }, 300_000);

  it('a reported post reaches the moderation queue; the instructor hides it and every learner sees it hidden', async () => {
    // B reports A's question; the instructor's Discussion tab shows it live.
    await postsOf(b).first().locator('.va-Discussion-report').click();
    await postsOf(b).first().locator('.va-Discussion-reportForm input').fill('It shares part of the answer key');
    await postsOf(b).first().locator('.va-Discussion-reportForm button[type="submit"]').click();
    await teacher.locator('.va-Sidebar-instructor').click();
    await teacher.locator('.va-Instructor-tabs [data-tab="moderation"]').click();
    const report = teacher.locator('.va-Moderation-report[data-state="open"]');
    await report.waitFor({ timeout: 30_000 });
    await expect(report.innerText()).resolves.toContain('It shares part of the answer key');
    await expect(report.innerText()).resolves.toContain(A);
    await teacher.screenshot({ path: join(ARTIFACTS, 'discussion-moderation-queue.png') });
    await report.locator('.va-Moderation-hide').click();
    await teacher.locator('.va-Moderation-report[data-state="actioned"]').waitFor({ timeout: 20_000 });
    // The log records the endorsement and the hide, by the instructor.
    await expect(teacher.locator('.va-Moderation-log tbody tr').evaluateAll((rows) => rows.map((r) => (r as HTMLElement).dataset['action']))).resolves.toEqual(expect.arrayContaining(['endorse', 'hide']));

    // Learners (the author included) see the post hidden, live, with its body gone.
    for (const page of [a, b]) {
      await postsOf(page).first().locator('.va-Discussion-gone').waitFor({ timeout: 20_000 });
      await expect(postsOf(page).first().locator('.va-Discussion-body').count()).resolves.toBe(0);
    }
    await b.screenshot({ path: join(ARTIFACTS, 'discussion-hidden.png') });
    for (const urls of requests) expect(offOrigin(urls)).toEqual([]);
    for (const urls of requests) for (const remote of REMOTE) expect(urls).not.toContain(remote);
  }, 180_000);
});
