import { describe, expect, it } from 'vitest';
import { ViewerConfig } from '../src/viewer/config';

describe('live viewer budget (a page holds only a few WebGL contexts)', () => {
  it('returns the oldest live viewers to their picture when more go live than the setting allows', () => {
    const config = new ViewerConfig();
    config.update({ maxLive: 2 });
    const stopped: string[] = [];
    const releaseA = config.goLive(() => stopped.push('a'));
    config.goLive(() => stopped.push('b'));
    expect(stopped).toEqual([]);
    config.goLive(() => stopped.push('c'));
    expect(stopped).toEqual(['a']);
    // A viewer that stopped on its own (disposed) no longer counts.
    releaseA();
    config.goLive(() => stopped.push('d'));
    expect(stopped).toEqual(['a', 'b']);
  });

  it('tells viewers when the learner changes a setting', () => {
    const config = new ViewerConfig();
    const seen: string[] = [];
    config.changed.connect((_, s) => void seen.push(s.convention));
    config.update({ convention: 'neurological' });
    expect(seen).toEqual(['neurological']);
    expect(config.settings.preset).toBe('image');
  });
});
