import { describe, expect, it } from 'vitest';
import { courseOfNotebook } from '../src/kernel/course-bridge';

describe('the course a kernel’s notebook belongs to (course.data)', () => {
  const both = ['imaging-for-clinicians', 'medical-image-analysis'];

  it('is the course Open lesson stamped into the notebook, wherever it was saved', () => {
    expect(courseOfNotebook('imaging-for-clinicians', 'my-notes', both)).toBe('imaging-for-clinicians');
  });

  it('is the course folder of an unstamped notebook under academy/<course>/', () => {
    expect(courseOfNotebook(null, 'academy/imaging-for-clinicians', both)).toBe('imaging-for-clinicians');
    expect(courseOfNotebook(null, '/academy/medical-image-analysis/drafts', both)).toBe('medical-image-analysis');
    expect(courseOfNotebook(null, 'academy/not-a-course', both)).toBeNull();
  });

  it('is the only course when the server has one, and nobody’s when it has several (never the first by chance)', () => {
    expect(courseOfNotebook(null, 'scratch', ['medical-image-analysis'])).toBe('medical-image-analysis');
    expect(courseOfNotebook(null, 'scratch', both)).toBeNull();
  });
});
