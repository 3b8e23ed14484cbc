import { describe, expect, it } from 'vitest';
import { AnswerBook } from '../src/kernel/course-bridge';

describe('AnswerBook', () => {
  it('keeps answers per kernel, signals changes and forgets them on restart', () => {
    const book = new AnswerBook(async () => new Uint8Array([1]));
    const seen: string[] = [];
    book.changed.connect((_, id) => seen.push(id));
    book.record('k1', 'hu-water', { type: 'number', value: 0, unit: 'HU' });
    book.record('k2', 'modality', { type: 'text', text: 'CT' });
    expect(book.answers('k1')).toEqual({ 'hu-water': { type: 'number', value: 0, unit: 'HU' } });
    expect(book.answers('k2')).toEqual({ modality: { type: 'text', text: 'CT' } });
    book.forget('k1');
    expect(book.answers('k1')).toEqual({});
    expect(seen).toEqual(['k1', 'k2', 'k1']);
  });

  it('hands out image answers as files, and only those', async () => {
    const asked: string[] = [];
    const book = new AnswerBook(async (kernel, item) => {
      asked.push(`${kernel}/${item}`);
      return new Uint8Array([31, 139]);
    });
    book.record('k1', 'mask', { type: 'image', description: 'Image 3D uint8' });
    book.record('k1', 'count', { type: 'number', value: 3 });
    await expect(book.imageFile('k1', 'mask')).resolves.toEqual(new Uint8Array([31, 139]));
    await expect(book.imageFile('k1', 'count')).rejects.toThrow(/no image answer/);
    expect(asked).toEqual(['k1/mask']);
  });
});
