import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApiPath } from '@voxel-academy/protocol';
import { writeNifti } from '../src/imaging/nifti.js';
import { OPERATIONS, type IOperation } from '../src/openapi/operations.js';
import { startTestApp, type ITestApp } from './support/app.js';
import { FakeHub } from './support/fake-hub.js';
import { fixtureContent, sphere } from './support/fixture-content.js';
import { Browser } from './support/http.js';
import { DEMO_PROJECT_BUNDLE as PROJECT_BUNDLE, DEMO_QUIZ_PASSING } from './support/demo.js';
import { loginAs } from './support/session.js';
import { SECRET } from './support/test-config.js';

const PASSING = DEMO_QUIZ_PASSING;

function bodyFor(path: string): unknown {
  const discussion = discussionBodyFor(path);
  if (discussion !== undefined) return discussion;
  if (path.includes('overrides')) return { extraAttempts: 1 };
  // Every role sends the same body: leaving (joining under one pseudonym would be taken by the second).
  if (path.endsWith('leaderboard/me')) return { pseudonym: null };
  if (path.endsWith('leaderboard/settings')) return { enabled: true };
  if (path.endsWith('revoke')) return { reason: 'access matrix test' };
  if (path.includes('keys/rotate')) return undefined;
  if (path.endsWith('regrade')) return { dryRun: true };
  if (path.endsWith('project-uploads')) return PROJECT_BUNDLE;
  if (path.endsWith('/claim') || path.endsWith('reviews/next')) return {};
  if (path.endsWith('/grade')) return { criteria: { result: { levelId: 'right' }, report: { levelId: 'clear' } }, release: true };
  return { answers: {} };
}

/** Bodies for the discussion routes (every role sends the same; see expectedInDiscussion for who may). */
function discussionBodyFor(path: string): unknown {
  const bodies: Array<[RegExp, unknown]> = [
    [/\/discussions$/, { place: { lessonId: 'lesson-one' }, title: 'Matrix question', body: 'Asked by every role.' }],
    [/\/state$/, { resolved: true }],
    [/\/posts$/, { body: 'A reply.' }],
    [/^api\/discussion-posts\/:post$/, { body: 'Edited.' }],
    [/\/vote$/, { up: true }],
    [/\/endorsement$/, { endorsed: true }],
    [/\/hidden$/, { hidden: false }],
    [/discussion-posts\/:post\/reports$/, { reason: 'matrix report' }],
    [/\/resolution$/, { action: 'dismiss' }],
    [/\/items\/:item\/discussion$/, { staffOnlyUntilDeadline: false }]
  ];
  return bodies.find(([re]) => re.test(path))?.[1];
}

/**
 * Discussion routes open to every learner but about someone's own things: ada ("learner") asked
 * the thread and wrote the post that is edited and deleted; bob ("other learner") wrote the post
 * that is voted on and reported, so his own vote and report are refused.
 */
function expectedInDiscussion(op: IOperation, role: Role): number[] | undefined {
  if (role === 'learner') return undefined;
  if (op.id === 'discussionPost' || op.id === 'discussionPostDelete') return [403];
  if (role !== 'other learner') return undefined;
  if (op.id === 'discussionThreadState' || op.id === 'discussionVote') return [403];
  if (op.id === 'discussionReports') return [400];
  return undefined;
}

type Role = 'anonymous' | 'learner' | 'other learner' | 'instructor' | 'admin';
const ROLES: Role[] = ['anonymous', 'learner', 'other learner', 'instructor', 'admin'];

/** Strings that exist only in hidden keys and reference data: no response may contain them. */
const SECRETS = ['sphere.nii.gz', 'reference/', '"key"', 'absTolerance', 'relTolerance', '"accept"', 'NIfTI-1', '"distanceMm":{', 'tolerances', '"correct"', 'hd95Mm"'];

function expected(op: IOperation, role: Role, path: string): number[] {
  if (op.access === 'public') return [200];
  if (role === 'anonymous') return [401];
  if (op.access === 'instructor' && (role === 'learner' || role === 'other learner')) return [403];
  if (op.access === 'admin' && role !== 'admin') return [403];
  const discussion = expectedInDiscussion(op, role);
  if (discussion) return discussion;
  // Someone else's submission looks exactly like a missing one.
  if (role === 'other learner' && path.includes('/api/submissions/')) return [404];
  return [op.status ?? 200];
}

describe('every route × role', () => {
  const hub = new FakeHub(SECRET);
  let app: ITestApp;
  const browsers = new Map<Role, Browser>();
  let submissionId = '';
  let certificateId = '';
  let credentialJson = '';
  /** Each grader works on a project of their own: a claim is exclusive (a colleague's would answer 409). */
  const projectOf = new Map<Role, string>();
  /** The thread ada asked, and the posts and report each discussion route acts on. */
  const discussion = { thread: '', adaPost: '', adaDeletable: '', bobPost: '', report: '' };

  beforeAll(async () => {
    await hub.start();
    app = await startTestApp(hub.apiUrl, { ACADEMY_SUBMIT_RATE_PER_MINUTE: '1000' }, fixtureContent());
    browsers.set('anonymous', new Browser(app.base));
    browsers.set('learner', await loginAs(app.base, hub, { name: 'ada' }));
    browsers.set('other learner', await loginAs(app.base, hub, { name: 'bob' }));
    browsers.set('instructor', await loginAs(app.base, hub, { name: 'teach', groups: ['instructors'] }));
    browsers.set('admin', await loginAs(app.base, hub, { name: 'root', admin: true }));
    const res = await browsers.get('learner')!.post('/services/academy/api/courses/demo/assessments/quiz/submissions', {
      answers: { modality: { type: 'choice', selected: ['mri'] }, 'format-name': { type: 'text', text: 'dicom' } }
    });
    submissionId = (await res.json()).id;
    // Passing the quiz earns the demo track's certificate (issued right after grading).
    await browsers.get('learner')!.post('/services/academy/api/courses/demo/assessments/quiz/submissions', { answers: PASSING });
    for (let i = 0; i < 100 && !certificateId; i++) {
      const list = await (await browsers.get('learner')!.get('/services/academy/api/certificates')).json();
      certificateId = list[0]?.id ?? '';
      if (!certificateId) await new Promise((r) => setTimeout(r, 20));
    }
    expect(certificateId).not.toBe('');
    credentialJson = await (await fetch(`${app.base}/services/academy/api/certificates/${certificateId}/credential.json`)).text();
    // A thread by ada with replies by both; ada reports bob's.
    const ada = browsers.get('learner')!;
    const bob = browsers.get('other learner')!;
    discussion.thread = (await (await ada.post('/services/academy/api/courses/demo/discussions', { place: { lessonId: 'lesson-one' }, title: 'Setup question', body: 'Why?' })).json()).id;
    const replyBy = async (b: Browser, body: string): Promise<string> => (await (await b.post(`/services/academy/api/discussions/${discussion.thread}/posts`, { body })).json()).id;
    discussion.adaPost = await replyBy(ada, 'Mine, to edit.');
    discussion.adaDeletable = await replyBy(ada, 'Mine, to delete.');
    discussion.bobPost = await replyBy(bob, 'Because.');
    await ada.post(`/services/academy/api/discussion-posts/${discussion.bobPost}/reports`, { reason: 'setup report' });
    discussion.report = ((await (await browsers.get('instructor')!.get('/services/academy/api/courses/demo/moderation')).json()) as { reports: { id: string }[] }).reports[0]!.id;
    // Two learners submit the capstone project; the instructor grades the first, the admin the second.
    for (const [learner, grader] of [['learner', 'instructor'], ['other learner', 'admin']] as const) {
      const browser = browsers.get(learner)!;
      const { uploadId } = await (await browser.post('/services/academy/api/project-uploads', PROJECT_BUNDLE)).json();
      const submitted = await (await browser.post('/services/academy/api/courses/demo/assessments/capstone/submissions', { answers: { project: { type: 'project', uploadId, report: 'I thresholded the sphere.' } } })).json();
      expect(submitted.status).toBe('review');
      projectOf.set(grader, submitted.id);
    }
  });
  afterAll(async () => {
    await app.close();
    await hub.stop();
  });

  it('answers each role as its access rule says and never leaks keys', async () => {
    const seen: string[] = [];
    const pathFor = (op: IOperation, role: Role): string => {
      const review = op.path.includes('reviews');
      const id = op.path.includes('certificates/:id') ? certificateId : review ? (projectOf.get(role) ?? projectOf.get('instructor')!) : submissionId;
      return (
        '/services/academy/' +
        op.path
          .replace(':course', 'demo')
          .replace(':assessment', review ? 'capstone' : op.path === ApiPath.variants ? 'shift' : op.method === 'post' ? 'segmentation' : 'quiz')
          .replace(':lesson', 'lesson-one')
          .replace(':id', id)
          .replace(':dataset', 'sphere')
          .replace(':user', 'ada')
          .replace(':thread', discussion.thread)
          .replace(':post', op.id === 'discussionPostDelete' ? discussion.adaDeletable : op.id === 'discussionPost' ? discussion.adaPost : discussion.bobPost)
          .replace(':report', discussion.report)
          .replace(':item', 'water')
      );
    };
    for (const op of OPERATIONS) {
      for (const role of ROLES) {
        const path = pathFor(op, role);
        const browser = browsers.get(role)!;
        let res: Response;
        if (op.method === 'get') res = await browser.get(path);
        else if (op.path === 'api/verify') res = await browser.post(path, new TextEncoder().encode(credentialJson));
        else if (op.requestType === 'binary') res = await browser.post(path, writeNifti(sphere(8, 2), { gzip: true }));
        else res = await browser.post(path, bodyFor(op.path), {}, op.method.toUpperCase());
        const body = await res.text();
        expect.soft(expected(op, role, path), `${op.method.toUpperCase()} ${path} as ${role}: ${body.slice(0, 200)}`).toContain(res.status);
        for (const secret of SECRETS) expect.soft(body, `${op.method} ${path} as ${role} leaks ${secret}`).not.toContain(secret);
        seen.push(`${op.method} ${op.path}`);
      }
    }
    expect(new Set(seen).size).toBe(OPERATIONS.length);
  });

  it('shows the learner their own submission with feedback but not the answer key', async () => {
    const res = await browsers.get('learner')!.get(`/services/academy/api/submissions/${submissionId}`);
    const body = await res.json();
    expect(body.items.find((i: { itemId: string }) => i.itemId === 'modality').feedback).toContain('CT is the X-ray modality.');
    expect(JSON.stringify(body)).not.toContain('NIfTI-1');
  });
});
